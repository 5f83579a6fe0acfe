import { describe, expect, it } from 'vitest';
import { boundariesFromProbabilities, boundariesOnModelAxis, boundariesToFrames, likelyBoundaries, resampleMatrix, stageIoU, transitionTargets, transitionsFromSteps } from './stages.ts';
import { mulberry32 } from '../math/random.ts';

describe('transitions', () => {
  it('maps FineDiving steps to take-off end and entry start', () => {
    expect(transitionsFromSteps([2, 34])).toEqual({ takeOffEnd: 2, entryStart: 35 });
    expect(transitionsFromSteps([9, 25, 44])).toEqual({ takeOffEnd: 9, entryStart: 45 });
    expect(() => transitionsFromSteps([])).toThrow('empty');
  });

  it('puts boundaries on the model axis and back', () => {
    const frameIndices = [0, 10, 20, 30, 40, 50, 60, 70];
    const b = boundariesOnModelAxis({ takeOffEnd: 12, entryStart: 55 }, frameIndices);
    expect(b).toEqual([2, 6]);
    expect(boundariesToFrames(b, frameIndices)).toEqual({ takeOffEnd: 14, entryStart: 56 });
    expect(boundariesOnModelAxis({ takeOffEnd: 0, entryStart: 1 }, frameIndices)).toEqual([1, 2]);
  });

  it('picks the most likely ordered boundaries', () => {
    const T = 6;
    const probs = new Float32Array(T * 2);
    probs[4 * 2] = 0.6; probs[1 * 2] = 0.4; // transition 1 most likely at 4, then 1
    probs[3 * 2 + 1] = 0.9; probs[5 * 2 + 1] = 0.1; // transition 2 at 3
    expect(boundariesFromProbabilities(probs, T)).toEqual([1, 3]);
    const targets = transitionTargets([1, 3], T);
    expect(targets[2]).toBe(1);
    expect(targets[7]).toBe(1);
  });
});

describe('likelyBoundaries', () => {
  /** Every ordered pair by p1·p2, likeliest first (ties: earlier b2, then earlier b1). */
  const bruteForce = (probs: Float32Array, T: number) => {
    const pairs: Array<{ b: [number, number]; p: number }> = [];
    for (let b2 = 2; b2 <= T - 1; b2++) for (let b1 = 1; b1 < b2; b1++) pairs.push({ b: [b1, b2], p: (probs[b1 * 2] as number) * (probs[b2 * 2 + 1] as number) });
    return pairs.sort((x, y) => y.p - x.p);
  };
  const softmaxPair = (random: () => number, T: number, sharpness: number) => {
    const probs = new Float32Array(T * 2);
    for (const c of [0, 1]) {
      const e = Array.from({ length: T }, () => Math.exp(sharpness * random()));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, t) => (probs[t * 2 + c] = v / s));
    }
    return probs;
  };

  it('lists the likeliest ordered splits, likeliest first, weights summing to one', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const T = 8 + Math.floor(random() * 30);
      const probs = softmaxPair(random, T, 1 + 8 * random());
      const splits = likelyBoundaries(probs, T, 5);
      const expected = bruteForce(probs, T).slice(0, 5);
      expect(splits.map((s) => s.boundaries)).toEqual(expected.map((e) => e.b));
      expect(splits.reduce((a, s) => a + s.weight, 0)).toBeCloseTo(1, 9);
      const total = expected.reduce((a, e) => a + e.p, 0);
      splits.forEach((s, i) => expect(s.weight).toBeCloseTo((expected[i] as { p: number }).p / total, 5));
      for (const s of splits) expect(s.boundaries[0]).toBeLessThan(s.boundaries[1]);
      expect(boundariesFromProbabilities(probs, T)).toEqual(splits[0]?.boundaries);
    }
  });

  it('gives the one split all the weight when the encoder is certain', () => {
    const T = 10, probs = new Float32Array(T * 2);
    probs[3 * 2] = 1;
    probs[7 * 2 + 1] = 1;
    const splits = likelyBoundaries(probs, T, 5);
    expect(splits[0]).toEqual({ boundaries: [3, 7], weight: expect.closeTo(1, 9) as number });
    expect(splits.slice(1).every((s) => s.weight < 1e-9)).toBe(true);
  });
});

describe('resampleMatrix', () => {
  it('interpolates each stage span at L points with rows summing to one', () => {
    const T = 5, L = 3;
    const m = resampleMatrix([1, 3], T, L);
    const row = (r: number) => Array.from(m.subarray(r * T, (r + 1) * T));
    expect(row(0)).toEqual([1, 0, 0, 0, 0]);
    expect(row(1)).toEqual([0.5, 0.5, 0, 0, 0]);
    expect(row(4)).toEqual([0, 0, 1, 0, 0]);
    expect(row(8)).toEqual([0, 0, 0, 0, 1]);
    for (let r = 0; r < 9; r++) expect(row(r).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});

describe('stageIoU', () => {
  it('is 1 for identical stages and falls with shifted ones', () => {
    expect(stageIoU({ takeOffEnd: 9, entryStart: 60 }, { takeOffEnd: 9, entryStart: 60 }, 100)).toBe(1);
    const shifted = stageIoU({ takeOffEnd: 19, entryStart: 60 }, { takeOffEnd: 9, entryStart: 60 }, 100);
    expect(shifted).toBeCloseTo((10 / 20 + 40 / 50 + 1) / 3, 6);
  });
});
