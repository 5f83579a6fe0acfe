import { describe, expect, test } from 'vitest';
import { J, MPII_JOINTS } from '../skeleton.ts';
import { HEAD_TOP_EXTENSION, NECK_FRACTION, blazePoseToMpii, cocoToMpii, type RawKeypoint } from './keypointMaps.ts';

const missing: RawKeypoint = { x: Number.NaN, y: Number.NaN, score: 0 };
const at = (x: number, y: number, score = 0.9): RawKeypoint => ({ x, y, score });
const joint = (joints: Float32Array, name: keyof typeof J) => [joints[J[name] * 3], joints[J[name] * 3 + 1], joints[J[name] * 3 + 2]];

/** An upright person facing the camera: the person's right is on the image's left. */
function coco(): RawKeypoint[] {
  const k: RawKeypoint[] = Array.from({ length: 17 }, () => missing);
  k[0] = at(100, 20); // nose
  k[1] = at(104, 16); k[2] = at(96, 16); // eyes (left, right)
  k[3] = at(110, 18); k[4] = at(90, 18); // ears
  k[5] = at(120, 50); k[6] = at(80, 50); // shoulders
  k[7] = at(125, 80); k[8] = at(75, 80); // elbows
  k[9] = at(128, 110); k[10] = at(72, 110); // wrists
  k[11] = at(112, 110); k[12] = at(88, 110); // hips
  k[13] = at(113, 150); k[14] = at(87, 150); // knees
  k[15] = at(114, 190, 0.6); k[16] = at(86, 190, 0.7); // ankles
  return k;
}

function blazeFrom(cocoPoints: RawKeypoint[]): RawKeypoint[] {
  const k: RawKeypoint[] = Array.from({ length: 33 }, () => missing);
  const map: Array<[number, number]> = [[0, 0], [1, 2], [2, 5], [3, 7], [4, 8], [5, 11], [6, 12], [7, 13], [8, 14], [9, 15], [10, 16], [11, 23], [12, 24], [13, 25], [14, 26], [15, 27], [16, 28]];
  for (const [c, b] of map) k[b] = cocoPoints[c] ?? missing;
  return k;
}

describe.each([
  ['MoveNet (COCO-17)', () => cocoToMpii(coco())],
  ['MediaPipe/BlazePose (33)', () => blazePoseToMpii(blazeFrom(coco()))],
])('%s → MPII-16', (_name, map) => {
  test('limb joints keep their side and their confidence', () => {
    const joints = map();
    expect(joints.length).toBe(MPII_JOINTS.length * 3);
    expect(joint(joints, 'r_shoulder')).toEqual([80, 50, expect.closeTo(0.9, 5)]);
    expect(joint(joints, 'l_wrist')).toEqual([128, 110, expect.closeTo(0.9, 5)]);
    expect(joint(joints, 'r_ankle')).toEqual([86, 190, expect.closeTo(0.7, 5)]);
    expect(joint(joints, 'l_ankle')).toEqual([114, 190, expect.closeTo(0.6, 5)]);
    expect(joint(joints, 'r_knee').slice(0, 2)).toEqual([87, 150]);
    expect(joint(joints, 'l_hip').slice(0, 2)).toEqual([112, 110]);
  });

  test('pelvis and thorax are midpoints; neck and head top lie on the thorax→head axis', () => {
    const joints = map();
    expect(joint(joints, 'pelvis').slice(0, 2)).toEqual([100, 110]);
    expect(joint(joints, 'thorax').slice(0, 2)).toEqual([100, 50]);
    // Head centre = ear midpoint (100, 18): 32 px above the thorax.
    expect(joint(joints, 'upper_neck')[1]).toBeCloseTo(50 - NECK_FRACTION * 32, 4);
    expect(joint(joints, 'head_top')[1]).toBeCloseTo(18 - HEAD_TOP_EXTENSION * 32, 4);
    expect(joint(joints, 'head_top')[0]).toBeCloseTo(100, 4);
    // Head top is above the neck, which is above the thorax (image y grows downward).
    expect(joint(joints, 'head_top')[1]!).toBeLessThan(joint(joints, 'upper_neck')[1]!);
    expect(joint(joints, 'upper_neck')[1]!).toBeLessThan(joint(joints, 'thorax')[1]!);
  });

  test('a derived joint is only as confident as its least confident source', () => {
    const joints = map();
    expect(joint(joints, 'pelvis')[2]).toBeCloseTo(0.9, 5);
  });
});

test('missing keypoints give zero confidence, never NaN positions with confidence', () => {
  const k = coco();
  k[5] = missing; // left shoulder
  const joints = cocoToMpii(k);
  expect(joint(joints, 'l_shoulder')[2]).toBe(0);
  expect(joint(joints, 'thorax')[2]).toBe(0);
  expect(joint(joints, 'upper_neck')[2]).toBe(0);
});

test('a side view: the far ear marked "not visible" still places the head, at the near ear\'s confidence', () => {
  const k = coco();
  k[4] = { ...k[4]!, score: 0.02 }; // right ear hidden behind the head
  const joints = cocoToMpii(k);
  expect(joint(joints, 'head_top')[1]).toBeCloseTo(18 - HEAD_TOP_EXTENSION * 32, 4);
  expect(joint(joints, 'head_top')[2]).toBeCloseTo(0.9, 5);
});
