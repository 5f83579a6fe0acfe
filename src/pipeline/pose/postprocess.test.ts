import { describe, expect, test } from 'vitest';
import { J, JOINT_COUNT, JOINT_STRIDE, MPII_JOINTS } from './skeleton.ts';
import { postprocessJoints, postprocessTrack } from './postprocess.ts';
import { mirrorFrame } from './swaps.ts';
import type { PoseFrame } from './types.ts';
import { mulberry32, normalFrom } from '../math/random.ts';

function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => normalFrom(uniform);
}

const FPS = 25;
const HEIGHT = 200;

/**
 * Truth: a 3/4-view body somersaulting at 1.5 rev/s while falling (left limbs 0.08 body
 * heights to the body's left). Returned as noise-free truth and a noisy observation.
 */
function somersault(length: number, noise: number, seed: number): { truth: Float32Array[]; observed: PoseFrame[] } {
  const gauss = gaussian(seed);
  const body: Record<string, [number, number]> = {
    head_top: [0, -0.5], upper_neck: [0, -0.38], thorax: [0, -0.3], pelvis: [0, 0.05],
    r_shoulder: [-0.08, -0.3], l_shoulder: [0.08, -0.3], r_elbow: [-0.12, -0.15], l_elbow: [0.13, -0.15],
    r_wrist: [-0.1, 0], l_wrist: [0.14, 0.01], r_hip: [-0.08, 0.05], l_hip: [0.08, 0.05],
    r_knee: [-0.06, 0.28], l_knee: [0.1, 0.27], r_ankle: [-0.07, 0.5], l_ankle: [0.09, 0.5],
  };
  const truth: Float32Array[] = [];
  const observed: PoseFrame[] = [];
  for (let k = 0; k < length; k++) {
    const t = k / FPS;
    const angle = 2 * Math.PI * 1.5 * t;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const clean = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
    const noisy = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
    MPII_JOINTS.forEach((name, j) => {
      const [bx, by] = body[name] ?? [0, 0];
      const x = 640 + HEIGHT * (cos * bx - sin * by);
      const y = 200 + 250 * t * t + HEIGHT * (sin * bx + cos * by);
      clean.set([x, y, 0.9], j * JOINT_STRIDE);
      noisy.set([x + HEIGHT * noise * gauss(), y + HEIGHT * noise * gauss(), 0.9], j * JOINT_STRIDE);
    });
    truth.push(clean);
    observed.push({ detected: true, box: null, score: 0.9, joints: noisy, repaired: new Uint8Array(JOINT_COUNT) });
  }
  return { truth, observed };
}

function rmsError(frames: PoseFrame[], truth: Float32Array[], indices: number[]): number {
  let sum = 0;
  let count = 0;
  for (const k of indices) {
    const frame = frames[k];
    const clean = truth[k];
    if (frame === undefined || clean === undefined) continue;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const dx = (frame.joints[j * JOINT_STRIDE] ?? 0) - (clean[j * JOINT_STRIDE] ?? 0);
      const dy = (frame.joints[j * JOINT_STRIDE + 1] ?? 0) - (clean[j * JOINT_STRIDE + 1] ?? 0);
      sum += dx * dx + dy * dy;
      count++;
    }
  }
  return Math.sqrt(sum / count);
}

/** The backend's view: frames 20 and 21 swapped, 40–42 no diver, l_ankle lost in 60–63. */
function damaged(observed: PoseFrame[]): PoseFrame[] {
  return observed.map((frame, k) => {
    if (k === 20 || k === 21) return mirrorFrame(frame);
    if (k >= 40 && k <= 42) {
      return { detected: false, box: null, score: 0, joints: new Float32Array(JOINT_COUNT * JOINT_STRIDE), repaired: new Uint8Array(JOINT_COUNT) };
    }
    if (k >= 60 && k <= 63) {
      const copy = mirrorFrame(mirrorFrame(frame));
      copy.joints.set([0, 0, 0.05], J.l_ankle * JOINT_STRIDE);
      return copy;
    }
    return frame;
  });
}

describe('postprocessTrack', () => {
  const { truth, observed } = somersault(100, 0.015, 1);
  const options = { fps: FPS, minConfidence: 0.3, maxGap: 5, smoothing: true };

  test('swaps fixed, gaps reported and filled, the result closer to the truth than the backend', () => {
    const input = damaged(observed);
    const result = postprocessTrack(input, options);
    expect(result.swappedFrames).toEqual([20, 21]);
    expect(result.gaps).toEqual([{ start: 40, end: 42 }]);
    expect(result.frames).toHaveLength(100);
    for (let k = 40; k <= 42; k++) {
      expect(result.frames[k]?.detected).toBe(false);
      expect(result.frames[k]?.repaired.every((flag) => flag === 1)).toBe(true);
    }
    expect(result.frames[61]?.repaired[J.l_ankle]).toBe(1);
    expect(result.frames[61]?.repaired[J.r_ankle]).toBe(0);
    // Over the frames the backend saw correctly, smoothing removes noise.
    const seen = Array.from({ length: 100 }, (_, k) => k).filter((k) => k < 18 || (k > 23 && k < 38) || k > 65);
    expect(rmsError(result.frames, truth, seen)).toBeLessThan(0.85 * rmsError(input, truth, seen));
    // The swapped frames end up near the truth, not mirrored.
    expect(rmsError(result.frames, truth, [20, 21])).toBeLessThan(0.05 * HEIGHT);
  });

  test('without smoothing: swap correction then linear repair, nothing else touched', () => {
    const input = damaged(observed);
    const result = postprocessTrack(input, { ...options, smoothing: false });
    expect(Array.from(result.frames[20]?.joints ?? [])).toEqual(Array.from(observed[20]?.joints ?? []));
    expect(Array.from(result.frames[30]?.joints ?? [])).toEqual(Array.from(input[30]?.joints ?? []));
    // Gap 40–42 interpolated between the (unswapped) frames 39 and 43.
    const at = (frame: PoseFrame | undefined, joint: number): number => frame?.joints[joint * JOINT_STRIDE] ?? Number.NaN;
    const expected = (at(input[39], J.l_wrist) * 2 + at(input[43], J.l_wrist) * 2) / 4;
    expect(at(result.frames[41], J.l_wrist)).toBeCloseTo(expected, 3);
    expect(input[41]?.repaired.every((flag) => flag === 0)).toBe(true);
  });

  test('repair sees the corrected labels: a gap next to a swapped frame is filled from the right limb', () => {
    const input = observed.map((frame, k) => {
      if (k === 50) return mirrorFrame(frame);
      if (k === 48 || k === 49) {
        const copy = mirrorFrame(mirrorFrame(frame));
        copy.joints.set([0, 0, 0], J.l_wrist * JOINT_STRIDE);
        return copy;
      }
      return frame;
    });
    const result = postprocessTrack(input, { ...options, smoothing: false });
    expect(result.swappedFrames).toEqual([50]);
    const truthWrist = (k: number): [number, number] => [truth[k]?.[J.l_wrist * 3] ?? 0, truth[k]?.[J.l_wrist * 3 + 1] ?? 0];
    for (const k of [48, 49]) {
      const x = result.frames[k]?.joints[J.l_wrist * 3] ?? 0;
      const y = result.frames[k]?.joints[J.l_wrist * 3 + 1] ?? 0;
      // Linear interpolation over a 4-frame arc of a fast somersault: within 0.1 body heights.
      expect(Math.hypot(x - truthWrist(k)[0], y - truthWrist(k)[1])).toBeLessThan(0.1 * HEIGHT);
    }
  });

  test('does not modify its input', () => {
    const input = damaged(observed);
    const before = input.map((frame) => Array.from(frame.joints));
    postprocessTrack(input, options);
    expect(input.map((frame) => Array.from(frame.joints))).toEqual(before);
  });
});

describe('postprocessJoints (a backend\'s bare joints, as the trainer has them)', () => {
  const { truth, observed } = somersault(100, 0.015, 2);
  const options = { fps: FPS, minConfidence: 0.3, maxGap: 5, smoothing: true };

  test('gives what the pose stage gives for the same frames: a frame without a confident joint is one with no diver', () => {
    const frames = damaged(observed);
    const bare = frames.map((frame) => frame.joints);
    const fromJoints = postprocessJoints(bare, options);
    const fromTrack = postprocessTrack(frames, options).frames.map((frame) => Array.from(frame.joints));
    expect(fromJoints.map((joints) => Array.from(joints))).toEqual(fromTrack);
    // The no-diver frames 40–42 were filled, the swapped 20–21 put back, and the result is nearer the truth.
    const result = fromJoints.map((joints): PoseFrame => ({ detected: true, box: null, score: 1, joints, repaired: new Uint8Array(JOINT_COUNT) }));
    expect(rmsError(result, truth, [20, 21])).toBeLessThan(0.05 * HEIGHT);
    // Linear fill across three frames of a fast somersault: within 0.1 body heights.
    expect(rmsError(result, truth, [40, 41, 42])).toBeLessThan(0.1 * HEIGHT);
    expect(bare.map((joints) => Array.from(joints))).toEqual(frames.map((frame) => Array.from(frame.joints)));
  });
});
