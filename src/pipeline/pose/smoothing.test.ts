import { describe, expect, test } from 'vitest';
import { JOINT_COUNT, JOINT_STRIDE, J } from './skeleton.ts';
import { DEFAULT_SMOOTHING, oneEuroForward, quadraticFitWeights, smoothPoseFrames, type SmoothingMethod } from './smoothing.ts';
import type { PoseFrame } from './types.ts';
import { mulberry32, normalFrom } from '../math/random.ts';

/** Deterministic normal noise (mulberry32 + Box–Muller). */
function noise(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => normalFrom(uniform);
}

const SCALE = 200; // body size in pixels
const FPS = 25;

/** Frames where joint `moving` follows path(k) and every other joint stays put. */
function framesWith(length: number, path: (k: number) => [number, number, number]): PoseFrame[] {
  return Array.from({ length }, (_, k) => {
    const joints = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
    for (let j = 0; j < JOINT_COUNT; j++) joints.set([500 + 10 * j, 300, 0.9], j * JOINT_STRIDE);
    joints.set(path(k), J.l_wrist * JOINT_STRIDE);
    return { detected: true, box: null, score: 0.9, joints, repaired: new Uint8Array(JOINT_COUNT) };
  });
}

function wrist(frame: PoseFrame | undefined): [number, number, number] {
  const o = J.l_wrist * JOINT_STRIDE;
  return [frame?.joints[o] ?? Number.NaN, frame?.joints[o + 1] ?? Number.NaN, frame?.joints[o + 2] ?? Number.NaN];
}

// A wrist 0.35 body sizes from the rotation centre, somersaulting at 1.5 rev/s, noise 2% of body size.
const CENTRE = { x: 640, y: 360 };
const RADIUS = 0.35 * SCALE;
const angleAt = (k: number): number => (2 * Math.PI * 1.5 * k) / FPS;
function somersault(seed: number, sigma = 0.02 * SCALE): PoseFrame[] {
  const gauss = noise(seed);
  return framesWith(250, (k) => [
    CENTRE.x + RADIUS * Math.cos(angleAt(k)) + sigma * gauss(),
    CENTRE.y + RADIUS * Math.sin(angleAt(k)) + sigma * gauss(),
    0.9,
  ]);
}

/** RMS position error and mean angular lag (degrees, positive = behind) over interior frames. */
function circleErrors(frames: PoseFrame[]): { rms: number; lagDegrees: number } {
  let squared = 0;
  let lag = 0;
  let count = 0;
  for (let k = 15; k < frames.length - 15; k++) {
    const [x, y] = wrist(frames[k]);
    const truthX = CENTRE.x + RADIUS * Math.cos(angleAt(k));
    const truthY = CENTRE.y + RADIUS * Math.sin(angleAt(k));
    squared += (x - truthX) ** 2 + (y - truthY) ** 2;
    const difference = Math.atan2(y - CENTRE.y, x - CENTRE.x) - angleAt(k);
    lag -= Math.atan2(Math.sin(difference), Math.cos(difference));
    count++;
  }
  return { rms: Math.sqrt(squared / count), lagDegrees: ((lag / count) * 180) / Math.PI };
}

const METHODS: SmoothingMethod[] = ['local-quadratic', 'one-euro'];

describe('smoothing a fast somersault', () => {
  test.each(METHODS)('%s: error below raw, no lag', (method) => {
    const raw = somersault(1);
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE, method });
    const before = circleErrors(raw);
    const after = circleErrors(smoothed);
    expect(after.rms).toBeLessThan((method === 'local-quadratic' ? 0.8 : 0.95) * before.rms);
    // Measured against the raw samples' own mean angle error (noise), which is a few tenths of a degree.
    expect(Math.abs(after.lagDegrees - before.lagDegrees)).toBeLessThan(0.05);
  });

  test('control: the causal One Euro filter does lag, so the lag measure can fail', () => {
    const raw = somersault(2);
    const xs = Float64Array.from(raw, (f) => wrist(f)[0]);
    const ys = Float64Array.from(raw, (f) => wrist(f)[1]);
    const [fx, fy] = oneEuroForward(xs, ys, { ...DEFAULT_SMOOTHING, fps: FPS, scale: SCALE });
    const causal = raw.map((f, k) => {
      const copy: PoseFrame = { ...f, joints: new Float32Array(f.joints) };
      copy.joints[J.l_wrist * JOINT_STRIDE] = fx[k] ?? 0;
      copy.joints[J.l_wrist * JOINT_STRIDE + 1] = fy[k] ?? 0;
      return copy;
    });
    expect(circleErrors(causal).lagDegrees - circleErrors(raw).lagDegrees).toBeGreaterThan(3);
  });

  test('the body size is measured from the clip when not given', () => {
    const raw = somersault(3);
    expect(circleErrors(smoothPoseFrames(raw, { fps: FPS })).rms).toBeLessThan(circleErrors(raw).rms);
  });
});

describe('jitter and steps', () => {
  function stdOfWrist(frames: PoseFrame[]): number {
    const xs = frames.slice(15, -15).map((f) => wrist(f)[0]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  }

  test.each(METHODS)('%s: a still joint’s jitter is mostly removed', (method) => {
    const gauss = noise(4);
    const sigma = 0.02 * SCALE;
    const raw = framesWith(200, () => [700 + sigma * gauss(), 400 + sigma * gauss(), 0.9]);
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE, method });
    expect(stdOfWrist(raw)).toBeGreaterThan(0.8 * sigma);
    expect(stdOfWrist(smoothed)).toBeLessThan(0.5 * sigma);
  });

  test('a step is followed: no smear beyond two frames; a non-adaptive wide fit would smear it', () => {
    const raw = framesWith(80, (k) => [k < 40 ? 600 : 800, 400, 0.9]);
    const maxDeviationAwayFromStep = (frames: PoseFrame[]): number =>
      Math.max(...frames.map((f, k) => (k <= 37 || k >= 42 ? Math.abs(wrist(f)[0] - (k < 40 ? 600 : 800)) : 0)));
    expect(maxDeviationAwayFromStep(smoothPoseFrames(raw, { fps: FPS, scale: SCALE }))).toBeLessThan(2);
    const wideOnly = smoothPoseFrames(raw, { fps: FPS, scale: SCALE, blendSpeed: 1e9 });
    expect(maxDeviationAwayFromStep(wideOnly)).toBeGreaterThan(20);
    // Next to the step the output moves monotonically from one level to the other, within 10% overshoot.
    const near = smoothPoseFrames(raw, { fps: FPS, scale: SCALE }).slice(35, 45).map((f) => wrist(f)[0]);
    for (const x of near) {
      expect(x).toBeGreaterThan(600 - 20);
      expect(x).toBeLessThan(800 + 20);
    }
  });
});

describe('gaps and bookkeeping', () => {
  test('runs are smoothed independently; missing values are left as they were', () => {
    const gauss = noise(5);
    const raw = framesWith(60, (k) => (k >= 25 && k < 30 ? [Number.NaN, Number.NaN, 0] : [k < 25 ? 300 : 900, 400 + 4 * gauss(), 0.9]));
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE });
    for (let k = 25; k < 30; k++) {
      expect(Number.isNaN(wrist(smoothed[k])[0])).toBe(true);
      expect(wrist(smoothed[k])[2]).toBe(0);
    }
    // Smoothing each run as its own clip gives the same values: nothing crosses the gap.
    const before = smoothPoseFrames(raw.slice(0, 25), { fps: FPS, scale: SCALE });
    const after = smoothPoseFrames(raw.slice(30), { fps: FPS, scale: SCALE });
    for (let k = 0; k < 25; k++) expect(wrist(smoothed[k])[0]).toBe(wrist(before[k])[0]);
    for (let k = 30; k < 60; k++) expect(wrist(smoothed[k])[1]).toBe(wrist(after[k - 30])[1]);
    expect(wrist(smoothed[24])[0]).toBeCloseTo(300, 3);
    expect(wrist(smoothed[30])[0]).toBeCloseTo(900, 3);
  });

  test('undetected frames and joints below minConfidence split runs too', () => {
    const raw = framesWith(40, (k) => [k < 20 ? 100 : 500, 50, k === 10 ? 0.2 : 0.9]);
    const hidden = raw[30];
    if (hidden === undefined) throw new Error('frame expected');
    hidden.detected = false;
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE, minConfidence: 0.3 });
    expect(wrist(smoothed[10])).toEqual(wrist(raw[10]));
    expect(wrist(smoothed[30])).toEqual(wrist(raw[30]));
  });

  test('joints filled by repair in undetected frames are smoothed with the run around them', () => {
    const gauss = noise(7);
    const raw = framesWith(40, (k) => [300 + 5 * k + 4 * gauss(), 400, 0.9]);
    for (let k = 18; k < 21; k++) {
      const frame = raw[k];
      if (frame === undefined) continue;
      frame.detected = false;
      frame.repaired[J.l_wrist] = 1;
    }
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE });
    const whole = smoothPoseFrames(
      raw.map((f) => ({ ...f, detected: true })),
      { fps: FPS, scale: SCALE },
    );
    for (let k = 15; k < 24; k++) expect(wrist(smoothed[k])[0]).toBe(wrist(whole[k])[0]);
    expect(wrist(smoothed[19])[0]).not.toBe(wrist(raw[19])[0]);
  });

  test('does not modify its input; confidences and repaired flags are kept', () => {
    const raw = somersault(6);
    const first = raw[0];
    if (first === undefined) throw new Error('frame expected');
    first.repaired[J.l_wrist] = 1;
    const copy = raw.map((f) => Array.from(f.joints));
    const smoothed = smoothPoseFrames(raw, { fps: FPS, scale: SCALE });
    expect(raw.map((f) => Array.from(f.joints))).toEqual(copy);
    expect(smoothed[0]?.repaired[J.l_wrist]).toBe(1);
    expect(smoothed.map((f) => wrist(f)[2])).toEqual(raw.map((f) => wrist(f)[2]));
    expect(() => smoothPoseFrames(raw, { fps: 0 })).toThrow(RangeError);
  });

  test('Savitzky–Golay weights sum to 1 and reproduce a parabola exactly', () => {
    for (const half of [2, 3, 10]) {
      const weights = quadraticFitWeights(half);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const parabola = (t: number): number => 3 - 2 * t + 0.5 * t * t;
      let fit = 0;
      for (let k = -half; k <= half; k++) fit += (weights[k + half] ?? 0) * parabola(7 + k);
      expect(fit).toBeCloseTo(parabola(7), 9);
    }
    expect(Array.from(quadraticFitWeights(2), (w) => w * 35)).toEqual([-3, 12, 17, 12, -3].map((w) => expect.closeTo(w, 9)));
  });
});
