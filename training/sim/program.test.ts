import { describe, expect, test } from 'vitest';
import { degreeOfDifficulty } from '@divejudge/core';
import { DIVE_POOLS, SUB_ACTION_TYPES, makeProgram, somersaultLabel, twistLabel } from './program.ts';
import { simulateDive } from './dive.ts';
import { diveTruth } from './groundTruth.ts';
import { loadRealFineDiving } from './stats.ts';

describe('dive programs', () => {
  test('direction, rotation sense, entry and DD come from the dive number and height', () => {
    const inward = makeProgram('407C', '10m');
    expect(inward.dd).toBe(degreeOfDifficulty('407C', '10m'));
    expect(inward.facing).toBe(-1);
    expect(inward.rotationSign).toBe(1);
    expect(inward.headFirst).toBe(true);
    expect(inward.approach).toBe('standing');
    const forward = makeProgram('107B', '3m');
    expect(forward.rotationSign).toBe(-1);
    expect(forward.approach).toBe('running');
    expect(makeProgram('626C', '10m').startInverted).toBe(true);
    expect(makeProgram('5221D', '1m').headFirst).toBe(false);
    expect(makeProgram('5253B', '10m').flightOrder).toEqual(['twist', 'somersault']);
    expect(makeProgram('5154B', '3m').flightOrder).toEqual(['somersault', 'twist', 'somersault']);
    expect(() => makeProgram('626C', '3m')).toThrow(/springboard|platform-only/);
  }, 30_000);

  test('every dive in the pools has a DD at its height', () => {
    for (const [height, pool] of Object.entries(DIVE_POOLS)) {
      const ok = pool.filter(([code]) => degreeOfDifficulty(code, height as '10m') !== null);
      expect(ok.length, height).toBeGreaterThan(pool.length * 0.8);
    }
  }, 30_000);

  test('labels use FineDiving’s vocabulary the way FineDiving labels these dives', () => {
    expect(somersaultLabel(7, 'C')).toBe(25); // 3.5 Soms.Tuck
    expect(somersaultLabel(7, 'B')).toBe(17);
    expect(somersaultLabel(1, 'B')).toBe(37); // 0.5 Som.Pike
    expect(somersaultLabel(3, 'D')).toBe(13);
    expect(twistLabel(3)).toBe(31);
    for (const code of Object.keys(SUB_ACTION_TYPES)) expect(Number(code)).toBeGreaterThan(0);
    const sequence = (code: string, height: '10m' | '3m') => {
      const labels = diveTruth(simulateDive({ seed: 'labels', runIndex: 0, code, height }), { fps: 25, width: 160, height: 90 }).framesLabels;
      return labels.filter((l, i) => i === 0 || labels[i - 1] !== l);
    };
    expect(sequence('407C', '10m')).toEqual([4, 25, 36]);
    expect(sequence('5253B', '10m')).toEqual([2, 31, 15, 36]);
    expect(sequence('5154B', '3m')).toEqual([1, 15, 32, 15, 36]);
    expect(sequence('6243D', '10m')).toEqual([6, 31, 14, 36]);
  }, 30_000);

  const real = loadRealFineDiving();
  test.skipIf(real === null)('label sequences match FineDiving’s most common sequence for its dive numbers (skipped without ../shared)', () => {
    const records = real?.records ?? [];
    const common = new Map<string, Map<string, number>>();
    for (const r of records) {
      const seq = r.frames_labels.filter((l, i) => i === 0 || r.frames_labels[i - 1] !== l).join(',');
      const m = common.get(r.dive_number) ?? new Map<string, number>();
      m.set(seq, (m.get(seq) ?? 0) + 1);
      common.set(r.dive_number, m);
    }
    let compared = 0;
    for (const [code, height] of [['407C', '10m'], ['107B', '3m'], ['307C', '10m'], ['205B', '3m'], ['109C', '10m'], ['5152B', '3m'], ['5255B', '10m'], ['5337D', '3m'], ['626C', '10m'], ['301B', '3m']] as const) {
      const counts = [...(common.get(code) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
      const expected = counts[0]?.[0];
      if (expected === undefined) continue;
      const labels = diveTruth(simulateDive({ seed: 'labels', runIndex: 1, code, height }), { fps: 25, width: 160, height: 90 }).framesLabels;
      expect(labels.filter((l, i) => i === 0 || labels[i - 1] !== l).join(','), code).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  }, 30_000);
});
