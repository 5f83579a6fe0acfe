import { describe, expect, test } from 'vitest';
import {
  InvalidAwardError,
  InvalidPanelError,
  awardForScore,
  scoreBounds,
  panelBreakdown,
  panelScore,
  scoreForAward,
  synchronisedPanelBreakdown,
  synchronisedPanelScore,
} from './index.ts';

describe('individual panels', () => {
  test('7 judges: 2 highest and 2 lowest cancelled (MTL-AQA 1/1: 88.0)', () => {
    const awards = [9.5, 9.0, 9.5, 9.0, 8.5, 9.5, 8.5];
    expect(panelScore(awards, { dd: 3.2 })).toBe(88);
    const b = panelBreakdown(awards, { dd: 3.2 });
    expect(b.countedSum).toBe(27.5);
    expect(b.countedIndices).toHaveLength(3);
    expect(b.cancelledIndices).toHaveLength(4);
    expect(b.factor).toBe(1);
  });

  test('5 judges: highest and lowest cancelled', () => {
    expect(panelScore([6.0, 5.5, 6.5, 7.0, 6.0], { dd: 2.3 })).toBe(42.55);
  });

  test('3 judges: nothing cancelled', () => {
    expect(panelScore([6.5, 6.5, 7.0], { dd: 3.0 })).toBe(60);
  });

  test('counted: true takes the awards as the counted ones (FineDiving 3-award records)', () => {
    expect(panelScore([9.0, 9.0, 8.5], { dd: 3.4, counted: true })).toBe(90.1);
  });

  test('ties among cancelled awards do not change the sum; the earliest judges are the cancelled ones', () => {
    const awards = [8, 8, 8, 6, 9, 9, 9];
    const b = panelBreakdown(awards, { dd: 2.0 });
    expect(b.countedSum).toBe(8 + 8 + 9);
    expect(b.cancelledIndices).toEqual([0, 3, 4, 5]);
    expect(b.countedIndices).toEqual([1, 2, 6]);
    const all = panelBreakdown([7, 7, 7, 7, 7, 7, 7], { dd: 2.0 });
    expect(all.points).toBe(42);
    expect(all.cancelledIndices).toEqual([0, 1, 2, 3]);
    // any permutation gives the same points
    expect(panelScore([9, 6, 8, 9, 8, 9, 8], { dd: 2.0 })).toBe(b.points);
  });

  test('points are exact where naive floating point is not', () => {
    // 1.5 × 1.2 = 1.7999999999999998 in floating point
    expect(panelScore([0.5, 0.5, 0.5], { dd: 1.2 })).toBe(1.8);
    for (let halves = 0; halves <= 60; halves++) {
      for (let tenths = 12; tenths <= 48; tenths++) {
        const split = [Math.min(20, halves), Math.min(20, Math.max(0, halves - 20)), Math.max(0, halves - 40)];
        const points = panelScore(split.map((h) => h / 2), { dd: tenths / 10, counted: true });
        expect(points * 100).toBeCloseTo(halves * tenths * 5, 6);
        expect(points).toBe(Number(points.toFixed(2)));
      }
    }
  });
});

describe('synchronised panels (execution first, then synchronisation)', () => {
  test('11 judges: per-athlete execution and synchronisation extremes cancelled, × 0.6', () => {
    const awards = [8, 8.5, 9, /* B */ 7.5, 8, 8.5, /* sync */ 8, 8.5, 9, 8, 8.5];
    const b = panelBreakdown(awards, { dd: 3.0, synchronised: true });
    // counted: 8.5 (A) + 8 (B) + 8 + 8.5 + 8.5 (sync) = 41.5
    expect(b.countedSum).toBe(41.5);
    expect(b.countedIndices).toHaveLength(5);
    expect(b.factor).toBe(0.6);
    expect(b.points).toBe(74.7);
    expect(
      synchronisedPanelScore({ executionA: [8, 8.5, 9], executionB: [7.5, 8, 8.5], synchronisation: [8, 8.5, 9, 8, 8.5] }, { dd: 3.0 }),
    ).toBe(74.7);
  });

  test('9 judges: highest and lowest of the 4 execution awards and of the 5 synchronisation awards', () => {
    const b = synchronisedPanelBreakdown({ executionA: [7, 8], executionB: [7.5, 8.5], synchronisation: [8, 8, 8.5, 9, 7] }, { dd: 3.2 });
    expect(b.countedSum).toBe(8 + 7.5 + 8 + 8 + 8.5);
    expect(b.points).toBe(76.8);
    expect(panelScore([7, 8, 7.5, 8.5, 8, 8, 8.5, 9, 7], { dd: 3.2, synchronised: true })).toBe(76.8);
  });

  test('5 counted awards (FineDiving: 75.84)', () => {
    expect(panelScore([7.5, 8.0, 8.0, 8.0, 8.0], { dd: 3.2, synchronised: true, counted: true })).toBe(75.84);
  });

  test('wrong panel sizes are refused', () => {
    expect(() => panelScore([7, 7, 7, 7, 7, 7, 7, 7, 7, 7], { dd: 2, synchronised: true })).toThrow(InvalidPanelError);
    expect(() => synchronisedPanelScore({ executionA: [7, 7, 7], executionB: [7, 7], synchronisation: [7, 7, 7, 7, 7] }, { dd: 2 })).toThrow(
      /3\+3\+5 or 2\+2\+5 .* got 3\+2\+5/,
    );
  });
});

describe('validation', () => {
  test.each([7.3, 11, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the award %s', (bad) => {
    const awards = [7, 7, bad, 7, 7, 7, 7];
    expect(() => panelScore(awards, { dd: 2.0 })).toThrow(InvalidAwardError);
    expect(() => panelScore(awards, { dd: 2.0 })).toThrow(/judge 3/);
  });

  test('rejects panels of other sizes', () => {
    expect(() => panelScore([7, 7, 7, 7, 7, 7], { dd: 2.0 })).toThrow(/7, 5 or 3 judges, got 6/);
    expect(() => panelScore([], { dd: 2.0, counted: true })).toThrow(/no awards/);
  });

  test.each([0, -1, 3.25, Number.NaN])('rejects the DD %s', (dd) => {
    expect(() => panelScore([7, 7, 7], { dd })).toThrow(InvalidPanelError);
  });
});

describe('awardForScore (the inverse)', () => {
  test('round trip for every half point, individual and synchronised', () => {
    for (let halves = 0; halves <= 20; halves++) {
      const award = halves / 2;
      for (const dd of [1.2, 2.0, 3.2, 3.9]) {
        const individual = panelScore(Array<number>(7).fill(award), { dd });
        expect(awardForScore(individual, { dd, judges: 7 })).toEqual({ award, exact: award });
        const synchro = panelScore(Array<number>(11).fill(award), { dd, synchronised: true });
        expect(synchro).toBe(individual); // 5 × 0.6 = 3 counted awards' worth
        expect(awardForScore(synchro, { dd, judges: 11, synchronised: true })).toEqual({ award, exact: award });
        expect(scoreForAward(award, { dd })).toBe(individual);
      }
    }
  });

  test('nearest half point with the unrounded value', () => {
    const r = awardForScore(75, { dd: 3.0 });
    expect(r.exact).toBeCloseTo(8.3333, 4);
    expect(r.award).toBe(8.5);
    expect(awardForScore(70, { dd: 3.0 }).award).toBe(8);
    expect(awardForScore(200, { dd: 3.0 }).award).toBe(10);
  });

  test('rejects bad options', () => {
    expect(() => awardForScore(-1, { dd: 3 })).toThrow(InvalidPanelError);
    expect(() => awardForScore(60, { dd: 3, judges: 9 })).toThrow(/individual panels have 3 or 5 or 7 judges, got 9/);
    expect(() => awardForScore(60, { dd: 3, judges: 7, synchronised: true })).toThrow(/synchronised panels have 9 or 11 judges/);
  });
});

describe('scoreBounds', () => {
  test('is 0 to 30 × DD, individual or synchronised', () => {
    expect(scoreBounds({ dd: 3.3 })).toEqual({ min: 0, max: 99 });
    expect(scoreBounds({ dd: 3.3, synchronised: true })).toEqual({ min: 0, max: 99 });
    expect(scoreBounds({ dd: 2 })).toEqual({ min: 0, max: 60 });
  });
});
