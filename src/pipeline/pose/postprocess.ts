/**
 * The tracked diver's whole clip after the per-frame pose loop: left/right swap correction, then
 * gap repair (eq. 31), then zero-phase smoothing.
 *
 * Why this order:
 * - Swaps first: interpolation between a correctly labelled frame and a swapped one would sweep
 *   a limb across the body, and smoothing across a swap would average left and right.
 * - Repair before smoothing: the smoother never crosses a gap (it restarts there, with the
 *   least smoothing at run ends), so short gaps are filled first to give it continuous runs;
 *   the filled straight segments are then smoothed together with their neighbours.
 * - Smoothing last, on correctly labelled, gap-free runs. Swap detection on raw (unsmoothed)
 *   joints costs nothing: its rigid alignment and switching cost already tolerate jitter.
 */
import { detectionGaps, repairMissingJoints, type FrameRun } from './repair.ts';
import { smoothPoseFrames, type SmoothingMethod } from './smoothing.ts';
import { correctLeftRightSwaps, type SwapOptions } from './swaps.ts';
import { medianBodyScale } from './tracking.ts';
import type { PoseFrame } from './types.ts';

export interface PostprocessOptions {
  fps: number;
  /** Joint values below this confidence are missing in every stage. */
  minConfidence: number;
  /** Longest run of missing frames that repair fills. */
  maxGap: number;
  smoothing: boolean;
  /** Default 'local-quadratic' (see smoothing.ts). */
  smoothingMethod?: SmoothingMethod;
  /** Overrides for swap correction (switchCost, mirroredCost); false turns it off. */
  swaps?: Partial<Pick<SwapOptions, 'switchCost' | 'mirroredCost'>> | false;
}

export interface PostprocessResult {
  frames: PoseFrame[];
  /** Frames whose left and right were exchanged back. */
  swappedFrames: number[];
  /** Runs of frames with no diver detected (inclusive), whether or not repair filled them. */
  gaps: FrameRun[];
}

export function postprocessTrack(frames: readonly PoseFrame[], options: PostprocessOptions): PostprocessResult {
  const { fps, minConfidence, maxGap } = options;
  // One body size for every stage, measured on what the backend saw.
  const measured = medianBodyScale(frames, minConfidence);
  const scale = Number.isFinite(measured) && measured > 0 ? measured : undefined;
  const swapped = options.swaps === false
    ? { frames: [...frames], swappedFrames: [] }
    : correctLeftRightSwaps(frames, { ...options.swaps, minConfidence, scale });
  const repaired = repairMissingJoints(swapped.frames, { minConfidence, maxGap });
  const smoothed = options.smoothing
    ? smoothPoseFrames(repaired, { fps, minConfidence, scale, method: options.smoothingMethod })
    : repaired;
  return { frames: smoothed, swappedFrames: swapped.swappedFrames, gaps: detectionGaps(frames) };
}

/**
 * The same post-processing over bare per-frame joints (16 × x, y, confidence), as a pose backend's
 * raw output arrives outside the pose stage — the trainer's simulated backend poses. A frame with
 * no joint at or above `minConfidence` counts as one where no diver was found.
 */
export function postprocessJoints(joints: readonly Float32Array[], options: PostprocessOptions): Float32Array[] {
  const frames: PoseFrame[] = joints.map((frame) => {
    let detected = false;
    for (let j = 2; j < frame.length; j += 3) if ((frame[j] as number) >= options.minConfidence) detected = true;
    return { detected, box: null, score: detected ? 1 : 0, joints: Float32Array.from(frame), repaired: new Uint8Array(frame.length / 3) };
  });
  return postprocessTrack(frames, options).frames.map((frame) => frame.joints);
}
