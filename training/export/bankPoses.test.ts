import { describe, expect, it } from 'vitest';
import { JOINT_COUNT } from '@divejudge/core';
import { bankPoses } from './packWriter.ts';

describe('bankPoses', () => {
  it('keeps every exemplar\'s skeleton in its own place, as int16 thousandths', () => {
    const T = 4;
    // Exemplar e, frame t, joint j at x = e + t / 10 + j / 100, y = −x, confidence 1.
    const clip = (e: number) => Float32Array.from({ length: T * JOINT_COUNT * 3 }, (_, k) => {
      const t = Math.floor(k / (JOINT_COUNT * 3)), j = Math.floor(k / 3) % JOINT_COUNT, c = k % 3;
      const x = e + t / 10 + j / 100;
      return c === 0 ? x : c === 1 ? -x : 1;
    });
    const out = bankPoses([clip(0), clip(1), clip(2)], T);
    expect(out.length).toBe(3 * T * JOINT_COUNT * 2);
    const at = (e: number, t: number, j: number) => [out[((e * T + t) * JOINT_COUNT + j) * 2], out[((e * T + t) * JOINT_COUNT + j) * 2 + 1]];
    for (const e of [0, 1, 2]) {
      expect(at(e, 0, 0)).toEqual([e * 1000, 0 - e * 1000 + 0]);
      expect(at(e, 3, 15)).toEqual([Math.round((e + 0.3 + 0.15) * 1000), -Math.round((e + 0.3 + 0.15) * 1000)]);
    }
    // No exemplar is left empty (the bug of the packs exported before 2026-12-06).
    for (let e = 1; e < 3; e++) expect(out.subarray(e * T * JOINT_COUNT * 2, (e + 1) * T * JOINT_COUNT * 2).some((v) => v !== 0)).toBe(true);
  });
});
