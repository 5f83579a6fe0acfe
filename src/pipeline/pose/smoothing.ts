/**
 * Offline, zero-phase temporal smoothing of joint tracks that does not lag or flatten fast
 * somersaults and twists. The whole clip is available, so every output sample can look both
 * ways; each run of present values of a joint is smoothed on its own (never across a gap).
 *
 * Default method, 'local-quadratic': a speed-adaptive Savitzky–Golay smoother, the One Euro idea
 * (Casiez et al. 2012: smooth hard when slow, lightly when fast) built on symmetric local
 * quadratic fits. Per sample, a wide fit (±0.4 s) and a narrow fit (±0.06 s) are blended with
 * weight w = 1 / (1 + (speed / blendSpeed)²) on the wide one, the speed being the joint's highest
 * 2D speed within the wide window, in body sizes per second. Symmetric kernels have zero phase
 * (no lag), and a quadratic fit has no bias from velocity or acceleration, so a joint on a fast
 * circle is not pulled inwards.
 *
 * 'one-euro': the One Euro filter run forward and backward and averaged (zero phase). Its
 * first-order low-pass flattens curved paths: averaging the two directions cancels the lag but
 * not the inward pull, so at somersault speed it must nearly switch off. Simulated on a joint
 * 0.35 body sizes from the rotation centre, 25 fps, noise 2% of body size (RMS error ÷ raw):
 *                                                     still  0.5    1.5    2.5 rev/s
 *   one-euro (minCutoff 1 Hz, beta 8, dCutoff 1 Hz)   0.45   0.74   0.89   1.17
 *   local-quadratic (defaults)                        0.36   0.62   0.69   0.77
 * and at 1% noise, 1.5 rev/s: one-euro 1.07 (worse than raw), local-quadratic 0.75. A step is
 * reproduced beyond ±2 frames by local-quadratic (the wide fit is not used near fast motion).
 * One Euro is kept for comparison and, causal (oneEuroForward), for live display.
 */
import { JOINT_COUNT, JOINT_STRIDE } from './skeleton.ts';
import { copyFrame, isJointPresent } from './repair.ts';
import { medianBodyScale } from './tracking.ts';
import type { PoseFrame } from './types.ts';

export type SmoothingMethod = 'local-quadratic' | 'one-euro';

export interface SmoothingParameters {
  method: SmoothingMethod;
  /** Joint values with confidence below this (or 0) are missing: left as they are, and they split runs. */
  minConfidence: number;
  /** Half-width in seconds of the wide local-quadratic fit used when a joint is slow. */
  wideHalfWindowSeconds: number;
  /** Half-width in seconds of the narrow fit used when it is fast (at least 2 frames). */
  narrowHalfWindowSeconds: number;
  /** Speed in body sizes per second at which the wide and narrow fits weigh equally. */
  blendSpeed: number;
  /** One Euro: cutoff in Hz when still. */
  minCutoff: number;
  /** One Euro: cutoff increase in Hz per body size per second of speed. */
  beta: number;
  /** One Euro: cutoff in Hz of the speed estimate. */
  derivativeCutoff: number;
}

/**
 * Defaults chosen by simulation (see the file comment) over 25–50 fps, noise 1–4% of body size
 * and rotation 0–2.5 rev/s: wide ±0.4 s removes most jitter on a still or slowly moving joint;
 * narrow ±0.06 s (a 5-frame fit at 25 fps) still reduces noise at 2.5 rev/s; blending at 0.5
 * body sizes/s hands over to the narrow fit well before a somersault's limb speed (~2–5).
 */
export const DEFAULT_SMOOTHING: SmoothingParameters = {
  method: 'local-quadratic',
  minConfidence: 0,
  wideHalfWindowSeconds: 0.4,
  narrowHalfWindowSeconds: 0.06,
  blendSpeed: 0.5,
  minCutoff: 1,
  beta: 8,
  derivativeCutoff: 1,
};

export interface SmoothingOptions extends Partial<SmoothingParameters> {
  fps: number;
  /** Body size in pixels that speeds are measured in; default medianBodyScale of the clip. */
  scale?: number;
}

/** Returns new frames with the present joints' x, y smoothed; confidence, flags, boxes unchanged. */
export function smoothPoseFrames(frames: readonly PoseFrame[], options: SmoothingOptions): PoseFrame[] {
  // Field by field, so that an option passed as undefined keeps its default.
  const parameters: SmoothingParameters = {
    method: options.method ?? DEFAULT_SMOOTHING.method,
    minConfidence: options.minConfidence ?? DEFAULT_SMOOTHING.minConfidence,
    wideHalfWindowSeconds: options.wideHalfWindowSeconds ?? DEFAULT_SMOOTHING.wideHalfWindowSeconds,
    narrowHalfWindowSeconds: options.narrowHalfWindowSeconds ?? DEFAULT_SMOOTHING.narrowHalfWindowSeconds,
    blendSpeed: options.blendSpeed ?? DEFAULT_SMOOTHING.blendSpeed,
    minCutoff: options.minCutoff ?? DEFAULT_SMOOTHING.minCutoff,
    beta: options.beta ?? DEFAULT_SMOOTHING.beta,
    derivativeCutoff: options.derivativeCutoff ?? DEFAULT_SMOOTHING.derivativeCutoff,
  };
  const { fps } = options;
  const { minConfidence } = parameters;
  if (!(fps > 0)) throw new RangeError(`smoothing needs a positive frame rate, got ${fps}`);
  const measured = options.scale ?? medianBodyScale(frames, minConfidence);
  const scale = Number.isFinite(measured) && measured > 0 ? measured : 1;
  const output = frames.map(copyFrame);
  for (let joint = 0; joint < JOINT_COUNT; joint++) {
    let runStart = -1;
    for (let k = 0; k <= frames.length; k++) {
      const frame = frames[k];
      const present = frame !== undefined && isJointPresent(frame, joint, minConfidence);
      if (present && runStart < 0) runStart = k;
      if (!present && runStart >= 0) {
        smoothRun(output, joint, runStart, k, fps, scale, parameters);
        runStart = -1;
      }
    }
  }
  return output;
}

function smoothRun(
  frames: PoseFrame[],
  joint: number,
  start: number,
  end: number,
  fps: number,
  scale: number,
  parameters: SmoothingParameters,
): void {
  const length = end - start;
  if (length < 3) return;
  const xs = new Float64Array(length);
  const ys = new Float64Array(length);
  const o = joint * JOINT_STRIDE;
  for (let i = 0; i < length; i++) {
    const joints = frames[start + i]?.joints;
    xs[i] = joints?.[o] ?? 0;
    ys[i] = joints?.[o + 1] ?? 0;
  }
  const [sx, sy] =
    parameters.method === 'one-euro'
      ? oneEuroZeroPhase(xs, ys, { ...parameters, fps, scale })
      : adaptiveLocalQuadratic(xs, ys, { ...parameters, fps, scale });
  for (let i = 0; i < length; i++) {
    const joints = frames[start + i]?.joints;
    if (joints === undefined) continue;
    joints[o] = sx[i] ?? 0;
    joints[o + 1] = sy[i] ?? 0;
  }
}

const quadraticWeightsCache = new Map<number, Float64Array>();

/**
 * Savitzky–Golay weights giving the centre value of a least-squares quadratic over ±halfWidth
 * samples: c_k = (S4 − S2 k²) / (n S4 − S2²), S2 = Σk², S4 = Σk⁴, n = 2 halfWidth + 1.
 */
export function quadraticFitWeights(halfWidth: number): Float64Array {
  const cached = quadraticWeightsCache.get(halfWidth);
  if (cached !== undefined) return cached;
  const n = 2 * halfWidth + 1;
  let s2 = 0;
  let s4 = 0;
  for (let k = -halfWidth; k <= halfWidth; k++) {
    s2 += k * k;
    s4 += k ** 4;
  }
  const weights = new Float64Array(n);
  for (let k = -halfWidth; k <= halfWidth; k++) weights[k + halfWidth] = (s4 - s2 * k * k) / (n * s4 - s2 * s2);
  quadraticWeightsCache.set(halfWidth, weights);
  return weights;
}

/** Centre value of the quadratic fit at i; the window shrinks symmetrically at the series ends (raw at the end samples). */
function quadraticFitAt(values: Float64Array, i: number, halfWidth: number): number {
  const h = Math.min(halfWidth, i, values.length - 1 - i);
  // A quadratic through 3 points passes through them all: nothing to smooth.
  if (h < 2) return values[i] ?? 0;
  const weights = quadraticFitWeights(h);
  let sum = 0;
  for (let k = -h; k <= h; k++) sum += (weights[k + h] ?? 0) * (values[i + k] ?? 0);
  return sum;
}

interface SeriesContext {
  fps: number;
  /** Pixels per body size. */
  scale: number;
}

/** The speed-adaptive local-quadratic smoother on one 2D series (see the file comment). */
export function adaptiveLocalQuadratic(
  xs: Float64Array,
  ys: Float64Array,
  options: SeriesContext & Pick<SmoothingParameters, 'wideHalfWindowSeconds' | 'narrowHalfWindowSeconds' | 'blendSpeed'>,
): [Float64Array, Float64Array] {
  const { fps, scale, wideHalfWindowSeconds, narrowHalfWindowSeconds, blendSpeed } = options;
  const length = xs.length;
  const narrowHalf = Math.max(2, Math.round(narrowHalfWindowSeconds * fps));
  const wideHalf = Math.max(narrowHalf, Math.round(wideHalfWindowSeconds * fps));
  const narrowX = new Float64Array(length);
  const narrowY = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    narrowX[i] = quadraticFitAt(xs, i, narrowHalf);
    narrowY[i] = quadraticFitAt(ys, i, narrowHalf);
  }
  // Speed of the narrow fit by central difference (symmetric, so the weight has no lag either).
  const speed = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const before = Math.max(0, i - narrowHalf);
    const after = Math.min(length - 1, i + narrowHalf);
    const dx = (narrowX[after] ?? 0) - (narrowX[before] ?? 0);
    const dy = (narrowY[after] ?? 0) - (narrowY[before] ?? 0);
    speed[i] = after > before ? (Math.hypot(dx, dy) * fps) / (after - before) / scale : 0;
  }
  const outX = new Float64Array(length);
  const outY = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    // The wide fit is trusted only as far as its whole window is slow: a still joint next to a
    // sudden movement would otherwise start moving early (a step smeared over ±0.4 s).
    let windowSpeed = 0;
    for (let k = Math.max(0, i - wideHalf); k <= Math.min(length - 1, i + wideHalf); k++) {
      windowSpeed = Math.max(windowSpeed, speed[k] ?? 0);
    }
    const wideWeight = 1 / (1 + (windowSpeed / blendSpeed) ** 2);
    outX[i] = wideWeight * quadraticFitAt(xs, i, wideHalf) + (1 - wideWeight) * (narrowX[i] ?? 0);
    outY[i] = wideWeight * quadraticFitAt(ys, i, wideHalf) + (1 - wideWeight) * (narrowY[i] ?? 0);
  }
  return [outX, outY];
}

type OneEuroOptions = SeriesContext & Pick<SmoothingParameters, 'minCutoff' | 'beta' | 'derivativeCutoff'>;

function smoothingFactor(cutoff: number, fps: number): number {
  // α = 1 / (1 + τ / Tₑ) with τ = 1 / (2π f_c), Tₑ = 1 / fps.
  return 1 / (1 + fps / (2 * Math.PI * cutoff));
}

/**
 * The causal One Euro filter on one 2D series (for live display, where the future is not known).
 * The cutoff adapts to the 2D speed in body sizes per second rather than per coordinate: per
 * coordinate, each axis would slow to its minimum cutoff at its turning points and flatten a
 * circle's extremes.
 */
export function oneEuroForward(xs: Float64Array, ys: Float64Array, options: OneEuroOptions): [Float64Array, Float64Array] {
  const { fps, scale, minCutoff, beta, derivativeCutoff } = options;
  const length = xs.length;
  const outX = new Float64Array(length);
  const outY = new Float64Array(length);
  if (length === 0) return [outX, outY];
  const derivativeFactor = smoothingFactor(derivativeCutoff, fps);
  let filteredX = xs[0] ?? 0;
  let filteredY = ys[0] ?? 0;
  let rawX = filteredX;
  let rawY = filteredY;
  let velocityX = 0;
  let velocityY = 0;
  outX[0] = filteredX;
  outY[0] = filteredY;
  for (let i = 1; i < length; i++) {
    const x = xs[i] ?? 0;
    const y = ys[i] ?? 0;
    velocityX = derivativeFactor * (x - rawX) * fps + (1 - derivativeFactor) * velocityX;
    velocityY = derivativeFactor * (y - rawY) * fps + (1 - derivativeFactor) * velocityY;
    const speed = Math.hypot(velocityX, velocityY) / scale;
    const factor = smoothingFactor(minCutoff + beta * speed, fps);
    filteredX = factor * x + (1 - factor) * filteredX;
    filteredY = factor * y + (1 - factor) * filteredY;
    rawX = x;
    rawY = y;
    outX[i] = filteredX;
    outY[i] = filteredY;
  }
  return [outX, outY];
}

/** One Euro forward and backward, averaged: the two lags cancel. */
export function oneEuroZeroPhase(xs: Float64Array, ys: Float64Array, options: OneEuroOptions): [Float64Array, Float64Array] {
  const [forwardX, forwardY] = oneEuroForward(xs, ys, options);
  const [backwardX, backwardY] = oneEuroForward(xs.slice().reverse(), ys.slice().reverse(), options);
  backwardX.reverse();
  backwardY.reverse();
  const length = xs.length;
  const outX = new Float64Array(length);
  const outY = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    outX[i] = ((forwardX[i] ?? 0) + (backwardX[i] ?? 0)) / 2;
    outY[i] = ((forwardY[i] ?? 0) + (backwardY[i] ?? 0)) / 2;
  }
  return [outX, outY];
}
