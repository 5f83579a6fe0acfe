import { describe, expect, test } from 'vitest';
import { J, JOINT_COUNT, JOINT_STRIDE, LEFT_RIGHT_PAIRS, MPII_JOINTS, type MpiiJoint } from './skeleton.ts';
import { correctLeftRightSwaps, mirrorFrame } from './swaps.ts';
import type { PoseFrame } from './types.ts';
import { mulberry32, normalFrom } from '../math/random.ts';

const random = mulberry32;

function gaussian(uniform: () => number): () => number {
  return () => normalFrom(uniform);
}

interface DiveSpec {
  frames: number;
  fps: number;
  /** Somersault rate, revolutions per second. */
  rate: number;
  /** Half the left–right separation in body heights (0 = perfect side view). */
  spread: number;
  /** Joint noise in body heights. */
  noise: number;
  seed: number;
}

const HEIGHT = 200; // body height in pixels

/**
 * A synthetic diver: a body-frame skeleton (x lateral with left at +spread, y down, in body
 * heights) whose knees and arms flex over time, rotated in the image plane at the somersault
 * rate while falling, plus Gaussian noise.
 */
function dive(spec: DiveSpec): PoseFrame[] {
  const gauss = gaussian(random(spec.seed));
  return Array.from({ length: spec.frames }, (_, k) => {
    const t = k / spec.fps;
    const tuck = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t);
    const s = spec.spread;
    const body: Record<MpiiJoint, [number, number]> = {
      head_top: [0, -0.5],
      upper_neck: [0, -0.38],
      thorax: [0, -0.3],
      pelvis: [0, 0.05],
      r_shoulder: [-s, -0.3],
      l_shoulder: [s, -0.3],
      r_elbow: [-s - 0.05 * tuck, -0.15],
      l_elbow: [s + 0.05 * tuck, -0.15],
      r_wrist: [-s + 0.1 * tuck, 0.0 - 0.1 * tuck],
      l_wrist: [s + 0.12 * tuck, 0.02 - 0.1 * tuck],
      r_hip: [-s, 0.05],
      l_hip: [s, 0.05],
      r_knee: [-s + 0.2 * tuck, 0.28 - 0.1 * tuck],
      l_knee: [s + 0.22 * tuck, 0.28 - 0.1 * tuck],
      r_ankle: [-s + 0.05 * tuck, 0.5 - 0.3 * tuck],
      l_ankle: [s + 0.06 * tuck, 0.5 - 0.3 * tuck],
    };
    const angle = 2 * Math.PI * spec.rate * t;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const centre = { x: 640 + 40 * t, y: 150 + 300 * t * t };
    const joints = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
    MPII_JOINTS.forEach((name, j) => {
      const [bx, by] = body[name];
      joints.set(
        [
          centre.x + HEIGHT * (cos * bx - sin * by) + HEIGHT * spec.noise * gauss(),
          centre.y + HEIGHT * (sin * bx + cos * by) + HEIGHT * spec.noise * gauss(),
          0.8,
        ],
        j * JOINT_STRIDE,
      );
    });
    return { detected: true, box: null, score: 0.9, joints, repaired: new Uint8Array(JOINT_COUNT) };
  });
}

const BASE: DiveSpec = { frames: 120, fps: 25, rate: 1.5, spread: 0.08, noise: 0.015, seed: 1 };

function swapFrames(frames: PoseFrame[], indices: number[]): PoseFrame[] {
  return frames.map((frame, index) => (indices.includes(index) ? mirrorFrame(frame) : frame));
}

function randomIndices(count: number, length: number, seed: number): number[] {
  const uniform = random(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const start = Math.floor(uniform() * length);
    // Backends swap for one to three frames in a row.
    const run = 1 + Math.floor(uniform() * 3);
    for (let k = start; k < Math.min(length, start + run) && chosen.size < count; k++) chosen.add(k);
  }
  return [...chosen].sort((a, b) => a - b);
}

describe('left/right swap correction', () => {
  test('mirroring exchanges every pair and its repaired flag, and is its own inverse', () => {
    const [frame] = dive(BASE);
    if (frame === undefined) throw new Error('frame expected');
    frame.repaired[J.l_knee] = 1;
    const mirrored = mirrorFrame(frame);
    for (const [right, left] of LEFT_RIGHT_PAIRS) {
      expect(mirrored.joints[right * JOINT_STRIDE]).toBe(frame.joints[left * JOINT_STRIDE]);
      expect(mirrored.joints[left * JOINT_STRIDE + 1]).toBe(frame.joints[right * JOINT_STRIDE + 1]);
    }
    expect(mirrored.joints[J.pelvis * JOINT_STRIDE]).toBe(frame.joints[J.pelvis * JOINT_STRIDE]);
    expect(mirrored.repaired[J.r_knee]).toBe(1);
    expect(mirrored.repaired[J.l_knee]).toBe(0);
    expect(Array.from(mirrorFrame(mirrored).joints)).toEqual(Array.from(frame.joints));
  });

  test.each([1, 2, 3, 4])('randomly swapped frames are all found and restored (seed %i)', (seed) => {
    const clean = dive({ ...BASE, seed });
    const swapped = randomIndices(18, clean.length, seed * 7);
    const { frames, swappedFrames } = correctLeftRightSwaps(swapFrames(clean, swapped));
    expect(swappedFrames).toEqual(swapped);
    frames.forEach((frame, k) => expect(Array.from(frame.joints)).toEqual(Array.from(clean[k]?.joints ?? [])));
  });

  test('a sequence without swaps is unchanged', () => {
    const clean = dive({ ...BASE, seed: 9 });
    const { frames, swappedFrames } = correctLeftRightSwaps(clean);
    expect(swappedFrames).toEqual([]);
    frames.forEach((frame, k) => expect(Array.from(frame.joints)).toEqual(Array.from(clean[k]?.joints ?? [])));
  });

  test.each([
    { rate: 1.5, spread: 0.08 },
    { rate: 2.5, spread: 0.08 },
    { rate: 2.5, spread: 0.02 },
    { rate: 3, spread: 0.0 },
  ])('a fast-rotating body gives no false swaps ($rate rev/s, spread $spread)', ({ rate, spread }) => {
    for (const seed of [11, 12, 13]) {
      expect(correctLeftRightSwaps(dive({ ...BASE, rate, spread, noise: 0.02, seed })).swappedFrames).toEqual([]);
    }
  });

  test('swaps are still found during a fast rotation', () => {
    const clean = dive({ ...BASE, rate: 2.5, seed: 21 });
    const swapped = [10, 11, 40, 77, 78, 79];
    expect(correctLeftRightSwaps(swapFrames(clean, swapped)).swappedFrames).toEqual(swapped);
  });

  test('missing joints and undetected frames are ignored, and the chain continues across them', () => {
    const clean = dive({ ...BASE, seed: 31 });
    const uniform = random(32);
    for (const frame of clean) {
      for (let j = 0; j < JOINT_COUNT; j++) {
        if (uniform() < 0.25) frame.joints.set([Number.NaN, Number.NaN, 0], j * JOINT_STRIDE);
      }
    }
    for (let k = 50; k < 55; k++) {
      const frame = clean[k];
      if (frame === undefined) continue;
      frame.detected = false;
      frame.joints.fill(0);
    }
    const swapped = [20, 21, 49, 55, 90];
    const { frames, swappedFrames } = correctLeftRightSwaps(swapFrames(clean, swapped));
    expect(swappedFrames).toEqual(swapped);
    frames.forEach((frame, k) => {
      expect(frame.detected).toBe(clean[k]?.detected);
      const expected = Array.from(clean[k]?.joints ?? [], (v) => (Number.isNaN(v) ? 'NaN' : v));
      expect(Array.from(frame.joints, (v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(expected);
    });
  });

  test('a backend that mirrors the whole clip, or its first frames, is followed by the majority', () => {
    const clean = dive({ ...BASE, seed: 41 });
    const all = clean.map((_, k) => k);
    expect(correctLeftRightSwaps(swapFrames(clean, all)).swappedFrames).toEqual([]);
    expect(correctLeftRightSwaps(swapFrames(clean, [0, 1, 2])).swappedFrames).toEqual([0, 1, 2]);
    expect(correctLeftRightSwaps([]).swappedFrames).toEqual([]);
  });
});
