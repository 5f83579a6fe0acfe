import { describe, expect, test } from 'vitest';
import { J, JOINT_COUNT } from './skeleton.ts';
import { headSizeOf, jointErrors, pckh, PckhAccumulator } from './pckh.ts';

/** Ground truth 16×2: joint j at (10 j, 100), head_top 20 px above upper_neck (head size 20). */
function truth2(): Float32Array {
  const t = new Float32Array(JOINT_COUNT * 2);
  for (let j = 0; j < JOINT_COUNT; j++) t.set([10 * j, 100], j * 2);
  t.set([10 * J.upper_neck, 80], J.head_top * 2);
  return t;
}

/** The truth as a 16×3 prediction, every joint shifted by (dx, dy), confidence 0.9. */
function predFrom(truth: Float32Array, dx = 0, dy = 0): Float32Array {
  const p = new Float32Array(JOINT_COUNT * 3);
  for (let j = 0; j < JOINT_COUNT; j++) p.set([(truth[j * 2] ?? 0) + dx, (truth[j * 2 + 1] ?? 0) + dy, 0.9], j * 3);
  return p;
}

describe('PCKh', () => {
  test('head size is head_top–upper_neck of the truth', () => {
    expect(headSizeOf(truth2())).toBeCloseTo(20);
    const noHead = truth2();
    noHead[J.head_top * 2] = Number.NaN;
    expect(headSizeOf(noHead)).toBeNaN();
  });

  test('a joint is correct within threshold × head size, inclusive', () => {
    const truth = truth2();
    expect(pckh(predFrom(truth, 6, 8), truth).correct.every(Boolean)).toBe(true); // distance 10 = 0.5 × 20
    expect(pckh(predFrom(truth, 6, 8.05), truth).correct.some(Boolean)).toBe(false);
    expect(pckh(predFrom(truth, 3, 4), truth, { threshold: 0.2 }).correct.every(Boolean)).toBe(false);
    expect(pckh(predFrom(truth, 3, 4), truth, { threshold: 0.25 }).correct.every(Boolean)).toBe(true);
    expect(pckh(predFrom(truth, 6, 8), truth, { headSize: 10 }).correct.some(Boolean)).toBe(false);
    expect(pckh(predFrom(truth), truth).headSize).toBeCloseTo(20);
  });

  test('a missing predicted joint is wrong even where its stale coordinates are right', () => {
    const truth = truth2();
    const pred = predFrom(truth);
    pred[J.l_knee * 3 + 2] = 0;
    pred[J.r_wrist * 3] = Number.NaN;
    const { correct } = pckh(pred, truth);
    expect(correct[J.l_knee]).toBe(false);
    expect(correct[J.r_wrist]).toBe(false);
    expect(correct.filter(Boolean)).toHaveLength(JOINT_COUNT - 2);
  });

  test('scores a subset of joints in the given order; accepts 16×2 predictions; rejects odd sizes', () => {
    const truth = truth2();
    const pred2 = new Float32Array(truth);
    pred2[J.l_ankle * 2] = (pred2[J.l_ankle * 2] ?? 0) + 50;
    expect(pckh(pred2, truth, { joints: [J.l_ankle, J.r_ankle] }).correct).toEqual([false, true]);
    expect(() => pckh(new Float32Array(10), truth)).toThrow(RangeError);
    const noHead = truth2();
    noHead[J.upper_neck * 2 + 1] = Number.NaN;
    expect(() => pckh(predFrom(truth), noHead)).toThrow(RangeError);
  });
});

describe('PCKh accumulator', () => {
  test('overall and per joint over frames; invisible truth joints do not count', () => {
    const truth = truth2();
    const accumulator = new PckhAccumulator();
    // Frame 1: all correct. Frame 2: l_wrist and r_ankle wrong, l_wrist not annotated.
    expect(accumulator.add(predFrom(truth), truth)).toBe(true);
    const pred = predFrom(truth);
    pred[J.l_wrist * 3] = 999;
    pred[J.r_ankle * 3 + 2] = 0;
    const visible = Array.from({ length: JOINT_COUNT }, (_, j) => (j === J.l_wrist ? 0 : 1));
    accumulator.add(pred, truth, visible);
    expect(accumulator.overall()).toBeCloseTo(30 / 31, 9);
    const perJoint = accumulator.perJoint();
    expect(perJoint.r_ankle).toBeCloseTo(0.5);
    expect(perJoint.l_wrist).toBe(1);
    expect(perJoint.pelvis).toBe(1);
    expect(Object.keys(perJoint)).toHaveLength(JOINT_COUNT);
    expect(accumulator.frames).toBe(2);
  });

  test('frames without a head size are skipped; a joint subset is keyed by name; 16×3 truth visibility', () => {
    const accumulator = new PckhAccumulator({ joints: [J.l_knee, J.r_knee] });
    const noHead = truth2();
    noHead[J.head_top * 2] = Number.NaN;
    expect(accumulator.add(predFrom(truth2()), noHead)).toBe(false);
    expect(accumulator.skippedFrames).toBe(1);
    expect(accumulator.overall()).toBeNaN();
    const truth3 = predFrom(truth2());
    truth3[J.r_knee * 3 + 2] = 0; // not annotated
    const pred = predFrom(truth2());
    pred[J.r_knee * 3] = 999;
    accumulator.add(pred, truth3);
    expect(accumulator.perJoint()).toEqual({ l_knee: 1, r_knee: Number.NaN });
    expect(accumulator.overall()).toBe(1);
  });
});

describe('joint errors', () => {
  test('in head sizes, null where prediction or truth is missing', () => {
    const truth = truth2();
    const pred = predFrom(truth, 6, -8);
    pred[J.thorax * 3 + 2] = 0;
    const errors = jointErrors(pred, truth);
    expect(errors).toHaveLength(JOINT_COUNT);
    expect(errors[J.pelvis]).toEqual({ dx: expect.closeTo(0.3, 6), dy: expect.closeTo(-0.4, 6), distance: expect.closeTo(0.5, 6) });
    expect(errors[J.thorax]).toBeNull();
    const noHead = truth2();
    noHead[J.head_top * 2] = Number.NaN;
    expect(jointErrors(pred, noHead).every((e) => e === null)).toBe(true);
  });
});
