import { describe, expect, it } from 'vitest';
import { J } from '@divejudge/core';
import { SeededRandom } from '../model/init.ts';
import { syntheticClip } from './bench.ts';
import { clipBatch, epochPairs, heightOf, mirrorPoses, pickExemplar, groupByDive, pixelsToFloats } from './data.ts';

describe('training data helpers', () => {
  it('reads heights from truth strings and event names', () => {
    expect(heightOf('7.5m')).toBe(7.5);
    expect(heightOf('Sim10mPlatform_7judges')).toBe(10);
    expect(heightOf('01')).toBe(0);
  });

  it('mirrors poses: x negated, left and right swapped, missing joints stay missing', () => {
    const poses = new Float32Array(16 * 3);
    poses[J.r_wrist * 3] = 0.5; poses[J.r_wrist * 3 + 1] = -0.2; poses[J.r_wrist * 3 + 2] = 0.9;
    const mirrored = mirrorPoses(poses);
    expect(Array.from(mirrored.subarray(J.l_wrist * 3, J.l_wrist * 3 + 3)).map((v) => Math.round(v * 10) / 10)).toEqual([-0.5, -0.2, 0.9]);
    expect(Array.from(mirrored.subarray(J.r_wrist * 3, J.r_wrist * 3 + 3))).toEqual([0, 0, 0]);
    expect(mirrorPoses(mirrored)).toEqual(poses);
  });

  it('mirrors pixels left-right', () => {
    const pixels = Uint8Array.from([255, 0, 0, 0, 0, 255]); // one row: red, blue
    const square = Uint8Array.from([...pixels, ...pixels]);
    const out = new Float32Array(12);
    pixelsToFloats(square, 2, true, out, 0);
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('pairs every training clip with another clip of the same dive and batches them', () => {
    const random = new SeededRandom(3);
    const clips = Array.from({ length: 6 }, (_, i) => ({ ...syntheticClip(i, 8, 4, false, random), diveNumber: i < 4 ? '107B' : '205C' }));
    const byDive = groupByDive(clips);
    for (const c of clips) {
      const e = pickExemplar(c, clips, byDive, random);
      expect(e).not.toBe(c);
      expect(e.diveNumber).toBe(c.diveNumber);
    }
    const pairs = epochPairs(clips, new SeededRandom(1), 0.5);
    expect(pairs.map((p) => p.query.id).sort()).toEqual(clips.map((c) => c.id).sort());
    expect(epochPairs(clips, new SeededRandom(1), 0.5).map((p) => p.exemplar.id)).toEqual(pairs.map((p) => p.exemplar.id));
    const batch = clipBatch(pairs.slice(0, 2).map((p) => ({ clip: p.query, mirror: p.mirrorQuery })), 8, 4, 2, false);
    expect(batch.poses.length).toBe(2 * 8 * 48);
    expect(batch.resample.length).toBe(2 * 6 * 8);
    expect(batch.targets.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
