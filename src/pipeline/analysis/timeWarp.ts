/**
 * Putting two dives side by side. Stages differ in length from dive to dive (the paper's point),
 * so the stage-aligned mode warps time piecewise-linearly: each stage of the exemplar is stretched
 * or squeezed onto the same stage of the query, and take-off, flight and entry start together.
 * The plain mode keeps real time (seconds from the start of each clip). Also the overlay: the
 * exemplar's skeleton moved onto the query's pelvis and scaled to the query diver's size.
 * Framework-free.
 */
import { J, JOINT_COUNT } from '../pose/skeleton.ts';

export type StageIndex = 0 | 1 | 2;
export const STAGE_LABELS = ['take-off', 'flight', 'entry'] as const;

/** A clip's frames and stages: take-off = 0..takeOffEnd, flight = ..entryStart − 1, entry = entryStart..end. */
export interface StageMarks {
  frameCount: number;
  fps: number;
  takeOffEnd: number;
  entryStart: number;
  /** How many times slower than the dive the clip plays (a clip that is slow motion throughout); absent: 1. */
  slower?: number;
}

/** Frames of the clip per second of the dive itself. */
function diveFps(m: StageMarks): number {
  return m.fps * (m.slower ?? 1);
}

/** Stage spans as half-open intervals on a continuous frame axis: [start, end). */
function spans(m: StageMarks): Array<[number, number]> {
  const takeOffEnd = Math.min(Math.max(0, m.takeOffEnd), m.frameCount - 3);
  const entryStart = Math.min(Math.max(takeOffEnd + 2, m.entryStart), m.frameCount - 1);
  return [
    [0, takeOffEnd + 1],
    [takeOffEnd + 1, entryStart],
    [entryStart, m.frameCount],
  ];
}

export function stageOf(frame: number, m: StageMarks): StageIndex {
  if (frame <= m.takeOffEnd) return 0;
  return frame < m.entryStart ? 1 : 2;
}

/** Where a frame lies in its stage: the stage and the fraction of it elapsed at the frame's centre. */
export function stagePhase(frame: number, m: StageMarks): { stage: StageIndex; fraction: number } {
  const f = Math.min(Math.max(0, Math.round(frame)), m.frameCount - 1);
  const stage = stageOf(f, m);
  const [start, end] = spans(m)[stage] as [number, number];
  return { stage, fraction: (f + 0.5 - start) / (end - start) };
}

/** The frame of a clip at a stage and fraction (always inside that stage). */
export function frameAtPhase(phase: { stage: StageIndex; fraction: number }, m: StageMarks): number {
  const [start, end] = spans(m)[phase.stage] as [number, number];
  const f = Math.floor(start + Math.min(Math.max(phase.fraction, 0), 1) * (end - start));
  return Math.min(Math.max(f, start), end - 1);
}

export type CompareMode = 'aligned' | 'plain';

/** Frames on the comparison's own time axis (the transport): the query's frames, or longer in plain mode. */
export function compareLength(mode: CompareMode, query: StageMarks, exemplar: StageMarks): number {
  if (mode === 'aligned') return query.frameCount;
  return Math.max(query.frameCount, Math.ceil((exemplar.frameCount * diveFps(query)) / diveFps(exemplar)));
}

/** The frame each side shows at a transport position (plain mode: the same moment of each dive, at real time). */
export function framesAt(position: number, mode: CompareMode, query: StageMarks, exemplar: StageMarks): { query: number; exemplar: number } {
  const p = Math.max(0, Math.round(position));
  const q = Math.min(p, query.frameCount - 1);
  if (mode === 'aligned') return { query: q, exemplar: frameAtPhase(stagePhase(q, query), exemplar) };
  // Plain mode runs both dives at their real time: a slow-motion clip's frames are read at its slowdown.
  const e = Math.min(exemplar.frameCount - 1, Math.floor(((p + 0.5) / diveFps(query)) * diveFps(exemplar)));
  return { query: q, exemplar: e };
}

// ---------------------------------------------------------------------------------------------
// Overlay: the exemplar's skeleton on the query's pelvis, at the query diver's size.

const STRIDE = JOINT_COUNT * 3;

/** Median pelvis → upper neck distance over a clip's frames where both are confident (the diver's size). */
export function torsoLength(joints: ArrayLike<number>, frameCount: number, minConfidence: number): number {
  const lengths: number[] = [];
  for (let f = 0; f < frameCount; f++) {
    const p = f * STRIDE + J.pelvis * 3, n = f * STRIDE + J.upper_neck * 3;
    if ((joints[p + 2] ?? 0) < minConfidence || (joints[n + 2] ?? 0) < minConfidence) continue;
    lengths.push(Math.hypot((joints[n] ?? 0) - (joints[p] ?? 0), (joints[n + 1] ?? 0) - (joints[p + 1] ?? 0)));
  }
  if (lengths.length === 0) return Number.NaN;
  lengths.sort((a, b) => a - b);
  return lengths[lengths.length >> 1] as number;
}

/**
 * One exemplar frame's joints (16 × 3, its own units) placed over the query: its pelvis on the
 * query's pelvis, scaled by the ratio of the two divers' torso lengths. Null when either pelvis
 * is not seen in these frames.
 */
export function overlayJoints(exemplar: ArrayLike<number>, query: ArrayLike<number>, scale: number, minConfidence: number): Float32Array | null {
  const ep = J.pelvis * 3;
  if ((exemplar[ep + 2] ?? 0) < minConfidence || (query[ep + 2] ?? 0) < minConfidence || !Number.isFinite(scale)) return null;
  const out = new Float32Array(STRIDE);
  for (let j = 0; j < JOINT_COUNT; j++) {
    out[j * 3] = (query[ep] ?? 0) + ((exemplar[j * 3] ?? 0) - (exemplar[ep] ?? 0)) * scale;
    out[j * 3 + 1] = (query[ep + 1] ?? 0) + ((exemplar[j * 3 + 1] ?? 0) - (exemplar[ep + 1] ?? 0)) * scale;
    out[j * 3 + 2] = exemplar[j * 3 + 2] ?? 0;
  }
  return out;
}

/** Bank poses (int16 [T, 16, 2], crop units × 1000, (0, 0) = missing) as 16 × 3 joints with confidence. */
export function bankPoseJoints(poses: ArrayLike<number>, frames: number): Float32Array {
  const out = new Float32Array(frames * STRIDE);
  for (let t = 0; t < frames; t++) {
    for (let j = 0; j < JOINT_COUNT; j++) {
      const x = poses[(t * JOINT_COUNT + j) * 2] ?? 0, y = poses[(t * JOINT_COUNT + j) * 2 + 1] ?? 0;
      const k = t * STRIDE + j * 3;
      out[k] = x / 1000;
      out[k + 1] = y / 1000;
      out[k + 2] = x === 0 && y === 0 ? 0 : 1;
    }
  }
  return out;
}
