/**
 * A PoseSequence packed into a few flat typed arrays, so a whole clip's poses cross the worker
 * boundary as transferables (one move, no per-frame copies) and store compactly.
 */
import { JOINT_COUNT } from './skeleton.ts';
import type { PoseFrame, PoseSequence } from './types.ts';
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import type { ClipTailFrames } from '../splash/clipSplash.ts';

export interface PackedPoseSequence {
  fps: number;
  width: number;
  height: number;
  config: string;
  frameCount: number;
  /** frameCount × 16 × 3 */
  joints: Float32Array;
  /** frameCount × 4 (x1, y1, x2, y2; NaN when no box) */
  boxes: Float32Array;
  scores: Float32Array;
  detected: Uint8Array;
  /** frameCount × 16 */
  repaired: Uint8Array;
}

/**
 * What the clip analysis reads of a pose sequence (src/pipeline/aqa/clipAnalysis.ts), with what the
 * pose pass measured on its own decode of the clip, so the analysis does not decode it again: the
 * camera path of every frame, and the clip's last frames as decoded (for the splash).
 */
export type ClipPoseInput = Pick<PackedPoseSequence, 'frameCount' | 'width' | 'height' | 'fps' | 'joints' | 'boxes'> & { cameraPath?: ClipCameraPath; splashTail?: ClipTailFrames };

/**
 * The clip analysis's pose input: copies of the poses, so the caller's arrays survive their
 * transfer to a worker. The tail frames are not copied: the caller hands them over (transferablesOfTail).
 */
export function clipPoseInputOf(sequence: ClipPoseInput, cameraPath?: ClipCameraPath | null, splashTail?: ClipTailFrames | null): ClipPoseInput {
  return { frameCount: sequence.frameCount, width: sequence.width, height: sequence.height, fps: sequence.fps, joints: sequence.joints.slice(), boxes: sequence.boxes.slice(), ...(cameraPath ? { cameraPath } : {}), ...(splashTail ? { splashTail } : {}) };
}

export function packPoseSequence(sequence: PoseSequence): PackedPoseSequence {
  const n = sequence.frames.length;
  const packed: PackedPoseSequence = {
    fps: sequence.fps,
    width: sequence.width,
    height: sequence.height,
    config: sequence.config,
    frameCount: n,
    joints: new Float32Array(n * JOINT_COUNT * 3),
    boxes: new Float32Array(n * 4).fill(Number.NaN),
    scores: new Float32Array(n),
    detected: new Uint8Array(n),
    repaired: new Uint8Array(n * JOINT_COUNT),
  };
  sequence.frames.forEach((frame, i) => {
    packed.joints.set(frame.joints.subarray(0, JOINT_COUNT * 3), i * JOINT_COUNT * 3);
    if (frame.box) packed.boxes.set([frame.box.x1, frame.box.y1, frame.box.x2, frame.box.y2], i * 4);
    packed.scores[i] = frame.score;
    packed.detected[i] = frame.detected ? 1 : 0;
    packed.repaired.set(frame.repaired.subarray(0, JOINT_COUNT), i * JOINT_COUNT);
  });
  return packed;
}

export function transferablesOf(packed: PackedPoseSequence): Transferable[] {
  return [packed.joints.buffer, packed.boxes.buffer, packed.scores.buffer, packed.detected.buffer, packed.repaired.buffer] as Transferable[];
}

/** Views (no copies) of one frame of a packed sequence. */
export function frameOf(packed: PackedPoseSequence, i: number): PoseFrame {
  const b = packed.boxes.subarray(i * 4, i * 4 + 4);
  const hasBox = Number.isFinite(b[0]);
  return {
    detected: packed.detected[i] === 1,
    box: hasBox ? { x1: b[0] ?? 0, y1: b[1] ?? 0, x2: b[2] ?? 0, y2: b[3] ?? 0 } : null,
    score: packed.scores[i] ?? 0,
    joints: packed.joints.subarray(i * JOINT_COUNT * 3, (i + 1) * JOINT_COUNT * 3),
    repaired: packed.repaired.subarray(i * JOINT_COUNT, (i + 1) * JOINT_COUNT),
  };
}

/** Runs of frames with no diver detected, for "no diver in frames 12–18". */
export function framesWithoutDiver(packed: PackedPoseSequence): Array<{ start: number; end: number }> {
  const gaps: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let i = 0; i <= packed.frameCount; i++) {
    const missing = i < packed.frameCount && packed.detected[i] !== 1;
    if (missing && start < 0) start = i;
    if (!missing && start >= 0) {
      gaps.push({ start, end: i - 1 });
      start = -1;
    }
  }
  return gaps;
}
