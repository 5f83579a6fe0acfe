import { describe, expect, it } from 'vitest';
import { boundariesFromProbabilities, boundariesOnModelAxis, boundariesToFrames, resampleMatrix, stageIoU, transitionTargets, transitionsFromSteps } from './stages.ts';

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
