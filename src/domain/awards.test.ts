import { expect, test } from 'vitest';
import { AWARD_BANDS, InvalidAwardError, awardBand, awardProblem, isValidAward } from './index.ts';

test.each([
  [10, 'Excellent'],
  [9.5, 'Very good'],
  [8.5, 'Very good'],
  [8, 'Good'],
  [7, 'Good'],
  [6.5, 'Satisfactory'],
  [5, 'Satisfactory'],
  [4.5, 'Deficient'],
  [2.5, 'Deficient'],
  [2, 'Unsatisfactory'],
  [0.5, 'Unsatisfactory'],
  [0, 'Completely failed'],
] as const)('award %s is "%s"', (award, band) => {
  expect(awardBand(award)).toBe(band);
});

test('every half point from 0 to 10 lies in exactly one band', () => {
  for (let halves = 0; halves <= 20; halves++) {
    const award = halves / 2;
    expect(AWARD_BANDS.filter((b) => award >= b.from && award <= b.to)).toHaveLength(1);
    expect(isValidAward(award)).toBe(true);
  }
});

test.each([7.3, 11, -1, -0.5, 10.5, Number.NaN])('%s is not an award', (award) => {
  expect(isValidAward(award)).toBe(false);
  expect(awardProblem(award)).not.toBeNull();
  expect(() => awardBand(award)).toThrow(InvalidAwardError);
});

test('problems are precise', () => {
  expect(awardProblem(7.3)).toMatch(/half points/);
  expect(awardProblem(11)).toMatch(/between 0 and 10/);
  expect(awardProblem(Number.NaN)).toMatch(/must be a number/);
});
