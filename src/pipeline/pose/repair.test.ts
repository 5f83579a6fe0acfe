import { describe, expect, test } from 'vitest';
import { J, JOINT_COUNT, JOINT_STRIDE } from './skeleton.ts';
import { detectionGaps, REPAIRED_CONFIDENCE_FACTOR, repairMissingJoints } from './repair.ts';
import type { PoseFrame } from './types.ts';

/** A frame whose every joint sits at (x + joint, y) with the given confidence. */
function frame(x: number, y: number, confidence = 0.9, detected = true): PoseFrame {
  const joints = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
  for (let j = 0; j < JOINT_COUNT; j++) joints.set([x + j, y, confidence], j * JOINT_STRIDE);
  return { detected, box: null, score: detected ? 0.9 : 0, joints, repaired: new Uint8Array(JOINT_COUNT) };
}

function undetected(): PoseFrame {
  return frame(0, 0, 0, false);
}

function setJoint(f: PoseFrame, joint: number, x: number, y: number, confidence: number): void {
  f.joints.set([x, y, confidence], joint * JOINT_STRIDE);
}

function jointOf(f: PoseFrame | undefined, joint: number): [number, number, number] {
  if (f === undefined) throw new Error('frame expected');
  const o = joint * JOINT_STRIDE;
  return [f.joints[o] ?? Number.NaN, f.joints[o + 1] ?? Number.NaN, f.joints[o + 2] ?? Number.NaN];
}

const options = { minConfidence: 0.3, maxGap: 5 };

describe('joint interpolation (eq. 31, corrected weights)', () => {
  test('fills a bounded short gap linearly, nearer frames closer to their end', () => {
    // Joint 0 goes from x = 0 at frame 2 to x = 100 at frame 7; frames 3–6 lost it.
    const frames = Array.from({ length: 10 }, (_, k) => frame(k < 5 ? 0 : 100, 50 + k));
    for (let k = 3; k <= 6; k++) setJoint(frames[k] as PoseFrame, 0, 999, 999, 0.05);
    setJoint(frames[2] as PoseFrame, 0, 0, 40, 0.8);
    setJoint(frames[7] as PoseFrame, 0, 100, 90, 0.6);
    const repaired = repairMissingJoints(frames, options);
    // Printed eq. 31 would put frame 3 at 80 (swapped weights); the correct value is 20.
    expect(jointOf(repaired[3], 0)[0]).toBeCloseTo(20, 4);
    expect(jointOf(repaired[3], 0)[1]).toBeCloseTo(50, 4);
    expect(jointOf(repaired[5], 0)[0]).toBeCloseTo(60, 4);
    expect(jointOf(repaired[6], 0)[1]).toBeCloseTo(80, 4);
    for (let k = 3; k <= 6; k++) {
      expect(repaired[k]?.repaired[0]).toBe(1);
      expect(jointOf(repaired[k], 0)[2]).toBeCloseTo(REPAIRED_CONFIDENCE_FACTOR * 0.6, 6);
    }
    // Other joints and the ends are untouched.
    expect(repaired[2]?.repaired[0]).toBe(0);
    expect(repaired[4]?.repaired[1]).toBe(0);
    expect(jointOf(repaired[4], 1)).toEqual(jointOf(frames[4], 1));
  });

  test('does not modify its input', () => {
    const frames = [frame(0, 0), frame(0, 0, 0), frame(10, 0)];
    const before = frames.map((f) => Array.from(f.joints));
    const repaired = repairMissingJoints(frames, options);
    expect(frames.map((f) => Array.from(f.joints))).toEqual(before);
    expect(frames[1]?.repaired.every((flag) => flag === 0)).toBe(true);
    expect(repaired[1]?.repaired.every((flag) => flag === 1)).toBe(true);
    expect(repaired[1]?.joints).not.toBe(frames[1]?.joints);
  });

  test('gaps longer than maxGap, and at the start or end, stay missing', () => {
    const frames = [frame(0, 0, 0), frame(0, 0), frame(0, 0, 0), frame(0, 0, 0), frame(0, 0, 0), frame(30, 0), frame(0, 0, 0.1)];
    const repaired = repairMissingJoints(frames, { minConfidence: 0.3, maxGap: 2 });
    for (const k of [0, 2, 3, 4, 6]) {
      expect(repaired[k]?.repaired.some((flag) => flag === 1)).toBe(false);
      expect(Array.from(repaired[k]?.joints ?? [])).toEqual(Array.from(frames[k]?.joints ?? []));
    }
    // With maxGap 3 the middle gap (3 frames) is filled.
    const longer = repairMissingJoints(frames, { minConfidence: 0.3, maxGap: 3 });
    expect(jointOf(longer[3], J.pelvis)[0]).toBeCloseTo(J.pelvis + 15, 4);
    expect(longer[0]?.repaired.some((flag) => flag === 1)).toBe(false);
    expect(longer[6]?.repaired.some((flag) => flag === 1)).toBe(false);
  });

  test('each joint is repaired on its own', () => {
    const frames = Array.from({ length: 12 }, (_, k) => frame(k, 0));
    for (let k = 3; k <= 4; k++) setJoint(frames[k] as PoseFrame, J.l_wrist, 0, 0, 0);
    for (let k = 3; k <= 9; k++) setJoint(frames[k] as PoseFrame, J.r_ankle, 0, 0, 0);
    const repaired = repairMissingJoints(frames, { minConfidence: 0.3, maxGap: 3 });
    expect(repaired[4]?.repaired[J.l_wrist]).toBe(1);
    expect(jointOf(repaired[4], J.l_wrist)[0]).toBeCloseTo(4 + J.l_wrist, 4);
    expect(repaired[4]?.repaired[J.r_ankle]).toBe(0);
    expect(jointOf(repaired[4], J.r_ankle)[2]).toBe(0);
  });

  test('undetected frames take part with all joints missing, even if stale values are left in them', () => {
    const stale = frame(500, 500, 0.9, false);
    const frames = [frame(0, 0), undetected(), stale, frame(30, 60)];
    const repaired = repairMissingJoints(frames, options);
    expect(jointOf(repaired[1], J.thorax)[0]).toBeCloseTo(10 + J.thorax, 4);
    expect(jointOf(repaired[2], J.thorax)).toEqual([20 + J.thorax, 40, expect.closeTo(0.45, 6)]);
    expect(repaired[2]?.detected).toBe(false);
    expect(repaired[2]?.repaired.every((flag) => flag === 1)).toBe(true);
  });

  test('non-finite positions count as missing; the repaired confidence never drops below minConfidence', () => {
    const frames = [frame(0, 0, 0.4), frame(Number.NaN, 0, 0.99), frame(20, 0, 0.5)];
    const repaired = repairMissingJoints(frames, { minConfidence: 0.3, maxGap: 5 });
    expect(jointOf(repaired[1], 0)).toEqual([10, 0, expect.closeTo(0.3, 6)]);
  });
});

describe('detection gaps', () => {
  test('runs of undetected frames, inclusive, including at the ends', () => {
    const d = frame(0, 0);
    const n = undetected();
    expect(detectionGaps([n, n, d, d, n, d, n, n, n])).toEqual([
      { start: 0, end: 1 },
      { start: 4, end: 4 },
      { start: 6, end: 8 },
    ]);
    expect(detectionGaps([d, d])).toEqual([]);
    expect(detectionGaps([])).toEqual([]);
  });
});
