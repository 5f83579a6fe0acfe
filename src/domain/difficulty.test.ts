import { describe, expect, test } from 'vitest';
import { CURRENT_EDITION, DD_EDITIONS, InvalidDiveNumberError, degreeOfDifficulty, degreeOfDifficultyDetailed } from './index.ts';
import type { Height } from './index.ts';

describe('springboard formula (sourced tables)', () => {
  test('components of 207C at 3 m: A 2.8 + B 0 + C 0 + D 0.4 + E 0.4', () => {
    const result = degreeOfDifficultyDetailed('207C', '3m');
    expect(result).toMatchObject({ dd: 3.6, reason: null, basis: 'formula', provenance: 'sourced', edition: CURRENT_EDITION });
    expect(result.components).toEqual({ A: 2.8, B: 0, C: 0, D: 0.4, E: 0.4 });
  });

  test('twisting dives get C and no E', () => {
    expect(degreeOfDifficultyDetailed('5253B', '3m').components).toEqual({ A: 2.2, B: 0.3, C: 0.7, D: 0.2, E: 0 });
    expect(degreeOfDifficultyDetailed('5211A', '1m').components).toEqual({ A: 1.1, B: 0.3, C: 0.2, D: 0.2, E: 0 });
  });

  // DDs recorded at the 2019 World Championships and 2021 World Cup (3 m) and 2022 World Juniors (1 m).
  const recorded: [string, Height, number][] = [
    ['107B', '3m', 3.1], ['107C', '3m', 2.8], ['109C', '3m', 3.8], ['205B', '3m', 3.0], ['205C', '3m', 2.8],
    ['207C', '3m', 3.6], ['305B', '3m', 3.0], ['305C', '3m', 2.8], ['307C', '3m', 3.5], ['405B', '3m', 3.0],
    ['405C', '3m', 2.7], ['407B', '3m', 3.7], ['407C', '3m', 3.4], ['5152B', '3m', 3.0], ['5154B', '3m', 3.4],
    ['5156B', '3m', 3.9], ['5253B', '3m', 3.4], ['5337D', '3m', 3.5], ['5353B', '3m', 3.3],
    ['101A', '1m', 1.4], ['101B', '1m', 1.3], ['101C', '1m', 1.2], ['103B', '1m', 1.7], ['105B', '1m', 2.6],
    ['105C', '1m', 2.4], ['201A', '1m', 1.7], ['202A', '1m', 1.7], ['203B', '1m', 2.3], ['203C', '1m', 2.0],
    ['301B', '1m', 1.7], ['302C', '1m', 1.6], ['303B', '1m', 2.4], ['305C', '1m', 3.0], ['401A', '1m', 1.8],
    ['401B', '1m', 1.5], ['403B', '1m', 2.4], ['405C', '1m', 3.1], ['5132D', '1m', 2.2], ['5134D', '1m', 2.6],
    ['5221D', '1m', 1.7], ['5223D', '1m', 2.3], ['5231D', '1m', 2.1], ['5233D', '1m', 2.5], ['5331D', '1m', 2.2],
    ['5333D', '1m', 2.6],
  ];
  test.each(recorded)('%s at %s = %s', (code, height, dd) => {
    expect(degreeOfDifficulty(code, height)).toBe(dd);
  });

  test('flying dives add the fly value to B', () => {
    expect(degreeOfDifficultyDetailed('112B', '3m').components).toEqual({ A: 1.3, B: 0.4, C: 0, D: 0, E: 0.1 });
    expect(degreeOfDifficulty('113C', '1m')).toBe(1.8);
  });

  test('results are exact tenths, not float sums', () => {
    for (const code of ['107B', '5253B', '405C', '5337D', '112B']) {
      const dd = degreeOfDifficulty(code, '3m');
      expect(dd).not.toBeNull();
      expect(dd).toBe(Number((dd ?? 0).toFixed(1)));
    }
  });
});

describe('platform formula (reconstructed tables)', () => {
  const recorded: [string, number][] = [
    ['107B', 3.0], ['107C', 2.7], ['109B', 4.1], ['109C', 3.7], ['205B', 2.9], ['207B', 3.6], ['207C', 3.3],
    ['301B', 1.9], ['305C', 2.8], ['307C', 3.4], ['403B', 2.0], ['405B', 2.8], ['407B', 3.5], ['407C', 3.2],
    ['409C', 4.1], ['5132D', 2.1], ['5152B', 2.9], ['5154B', 3.3], ['5156B', 3.8], ['5172B', 3.6], ['5231D', 2.0],
    ['5235D', 2.8], ['5237D', 3.3], ['5251B', 2.6], ['5253B', 3.2], ['5255B', 3.6], ['5331D', 2.1],
  ];
  test.each(recorded)('%s at 10m = %s', (code, dd) => {
    const result = degreeOfDifficultyDetailed(code, '10m');
    expect(result.dd).toBe(dd);
    expect(result.provenance).toBe('reconstructed');
  });

  test('5 m and 7.5 m use their own somersault rows', () => {
    expect(degreeOfDifficulty('101B', '5m')).toBe(1.3);
    expect(degreeOfDifficulty('101B', '7.5m')).toBe(1.5);
    expect(degreeOfDifficulty('101B', '10m')).toBe(1.5);
  });
});

describe('armstand dives', () => {
  test.each(['1m', '3m'] as const)('are not allowed at %s', (height) => {
    expect(degreeOfDifficulty('626C', height)).toBeNull();
    const result = degreeOfDifficultyDetailed('6243D', height);
    expect(result.dd).toBeNull();
    expect(result.reason).toMatch(/platform-only/);
    expect(result.components).toBeNull();
  });

  test('give the DD observed in official results at 10 m', () => {
    expect(degreeOfDifficultyDetailed('626C', '10m')).toMatchObject({ dd: 3.3, basis: 'observed', provenance: 'observed', components: null });
    expect(degreeOfDifficulty('6243D', '10m')).toBe(3.2);
    expect(degreeOfDifficulty('6245D', '10m')).toBe(3.6);
    expect(degreeOfDifficulty('636C', '10m')).toBe(3.4);
  });

  test('are null with a reason when no DD was observed', () => {
    const result = degreeOfDifficultyDetailed('6244D', '10m');
    expect(result.dd).toBeNull();
    expect(result.reason).toMatch(/armstand component tables are not available/);
  });
});

describe('combinations the tables do not allow', () => {
  test('straight position with 3 or more somersaults', () => {
    const result = degreeOfDifficultyDetailed('107A', '3m');
    expect(result.dd).toBeNull();
    expect(result.reason).toMatch(/no B \(flight position\) value for position A \(Straight\)/);
  });

  test('a flying back 3½ somersaults has no fly value', () => {
    expect(degreeOfDifficultyDetailed('217C', '3m').reason).toMatch(/B \(flying\)/);
  });

  test('twists with 4½ somersaults are beyond the twist table', () => {
    expect(degreeOfDifficultyDetailed('5192B', '3m').reason).toMatch(/C \(twists\)/);
  });

  test('4 somersaults from the platform are not in the reconstructed A row', () => {
    expect(degreeOfDifficultyDetailed('108C', '10m').reason).toMatch(/A \(somersaults\)/);
  });
});

describe('editions', () => {
  test('the current edition is the default and is listed', () => {
    expect(DD_EDITIONS.map((e) => e.id)).toContain(CURRENT_EDITION);
    expect(degreeOfDifficulty('307C', '10m')).toBe(degreeOfDifficulty('307C', '10m', { edition: CURRENT_EDITION }));
  });

  test('FINA before 2017 differs where 2012–2016 results show it', () => {
    const old = { edition: 'fina-pre-2017' };
    expect(degreeOfDifficulty('207C', '3m', old)).toBe(3.5);
    expect(degreeOfDifficulty('5253B', '3m', old)).toBe(3.3);
    expect(degreeOfDifficulty('5337D', '3m', old)).toBe(3.4);
    expect(degreeOfDifficulty('305C', '10m', old)).toBe(2.7);
    expect(degreeOfDifficulty('307C', '10m', old)).toBe(3.3);
    expect(degreeOfDifficulty('305B', '10m', old)).toBe(2.9);
    expect(degreeOfDifficulty('627C', '10m', old)).toBe(3.3);
    // unchanged dives
    expect(degreeOfDifficulty('107B', '3m', old)).toBe(3.1);
    expect(degreeOfDifficulty('5253B', '10m', old)).toBe(3.2);
  });

  test('FINA 2017–2021 and the current edition agree', () => {
    for (const code of ['207C', '5253B', '5337D', '307C']) {
      for (const height of ['3m', '10m'] as const) {
        expect(degreeOfDifficulty(code, height, { edition: 'fina-2017' })).toBe(degreeOfDifficulty(code, height));
      }
    }
  });
});

describe('bad input', () => {
  test('invalid codes throw InvalidDiveNumberError', () => {
    expect(() => degreeOfDifficulty('100B', '3m')).toThrow(InvalidDiveNumberError);
  });
  test('unknown heights and editions throw RangeError', () => {
    expect(() => degreeOfDifficulty('107B', '2m' as Height)).toThrow(/Unknown height "2m"/);
    expect(() => degreeOfDifficulty('107B', '3m', { edition: 'fina-1990' })).toThrow(/Unknown DD edition "fina-1990"/);
  });
});
