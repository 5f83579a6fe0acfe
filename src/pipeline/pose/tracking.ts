/**
 * Diver tracking among spectators, judges and a second diver (HP-MCoRe §IV-B, eq. 29): the
 * nearest-neighbour association of the paper, made scale-free and velocity-aware, plus the crop
 * the next frame's pose backend should look at. Pure functions; the caller owns the state.
 */
import { JOINT_COUNT, JOINT_STRIDE } from './skeleton.ts';
import type { Box, CropRect, PoseCandidate, PoseFrame } from './types.ts';

/** Eq. 29: Euclidean distance between two boxes over both corners (top-left, bottom-right). */
export function boxCornerDistance(a: Box, b: Box): number {
  return Math.hypot(a.x1 - b.x1, a.y1 - b.y1, a.x2 - b.x2, a.y2 - b.y2);
}

export function boxWidth(box: Box): number {
  return box.x2 - box.x1;
}

export function boxHeight(box: Box): number {
  return box.y2 - box.y1;
}

export function boxDiagonal(box: Box): number {
  return Math.hypot(box.x2 - box.x1, box.y2 - box.y1);
}

export function boxCentre(box: Box): { x: number; y: number } {
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

function isFiniteBox(box: Box): boolean {
  return Number.isFinite(box.x1) && Number.isFinite(box.y1) && Number.isFinite(box.x2) && Number.isFinite(box.y2);
}

/** What the tracker remembers about the diver between frames. Immutable: updates return a new one. */
export interface TrackState {
  /** Box at the last frame the diver was seen. */
  box: Box;
  /** Velocity of the box centre in pixels per frame (exponentially smoothed). */
  velocityX: number;
  velocityY: number;
  /** Frame index of the last observation. */
  lastSeenFrame: number;
  /** Frame index of the latest update, seen or missed. */
  frame: number;
  /** frame − lastSeenFrame: 0 when the diver was seen in the latest frame. */
  missedFrames: number;
  /** Observations so far; the velocity is meaningful from the second. */
  observations: number;
}

/**
 * Weight of a new velocity measurement. The box centre jitters as the body tucks and opens, so
 * one measurement is not trusted alone; 0.5 still follows the acceleration of a fall within a
 * few frames.
 */
export const VELOCITY_SMOOTHING = 0.5;

/**
 * Records the outcome of one frame: the diver's box, or null when no candidate was accepted.
 * Returns null only when there was no track and nothing was seen. Frame indices should increase;
 * gaps between calls count as missed frames (the velocity is per frame, not per call).
 * A box with a non-finite corner is a caller bug (associate never picks one): RangeError.
 */
export function updateTrack(state: TrackState | null, box: Box, frameIndex: number): TrackState;
export function updateTrack(state: TrackState | null, box: Box | null, frameIndex: number): TrackState | null;
export function updateTrack(state: TrackState | null, box: Box | null, frameIndex: number): TrackState | null {
  if (box !== null && !isFiniteBox(box)) throw new RangeError(`updateTrack: box with a non-finite corner at frame ${frameIndex}`);
  if (state === null) {
    if (box === null) return null;
    return { box, velocityX: 0, velocityY: 0, lastSeenFrame: frameIndex, frame: frameIndex, missedFrames: 0, observations: 1 };
  }
  if (box === null) {
    return { ...state, frame: frameIndex, missedFrames: Math.max(0, frameIndex - state.lastSeenFrame) };
  }
  // Over a miss the displacement spans several frames: divide by them so velocity stays per frame.
  const elapsed = Math.max(1, frameIndex - state.lastSeenFrame);
  const from = boxCentre(state.box);
  const to = boxCentre(box);
  const measuredX = (to.x - from.x) / elapsed;
  const measuredY = (to.y - from.y) / elapsed;
  const weight = state.observations === 1 ? 1 : VELOCITY_SMOOTHING;
  return {
    box,
    velocityX: weight * measuredX + (1 - weight) * state.velocityX,
    velocityY: weight * measuredY + (1 - weight) * state.velocityY,
    lastSeenFrame: frameIndex,
    frame: frameIndex,
    missedFrames: 0,
    observations: state.observations + 1,
  };
}

/** True when the diver has been missing for more than maxMissedFrames frames. */
export function isLost(state: TrackState | null, maxMissedFrames: number): boolean {
  return state === null || state.missedFrames > maxMissedFrames;
}

/**
 * Constant-velocity prediction of the diver's box at frameIndex (default: the frame after the
 * latest update). Only the centre moves: the box size changes with tuck/pike/layout in ways a
 * velocity cannot predict, so the last seen size is kept.
 */
export function predictBox(state: TrackState, frameIndex: number = state.frame + 1): Box {
  const elapsed = Math.max(0, frameIndex - state.lastSeenFrame);
  const dx = state.velocityX * elapsed;
  const dy = state.velocityY * elapsed;
  return { x1: state.box.x1 + dx, y1: state.box.y1 + dy, x2: state.box.x2 + dx, y2: state.box.y2 + dy };
}

export interface AssociationOptions {
  /** Candidates with a person score below this are ignored. */
  minScore: number;
  /**
   * Largest accepted distance from the predicted box one frame after the last sighting, in
   * diagonals of the last box (RMS corner displacement, so a pure shift by one diagonal is 1).
   */
  maxJump: number;
  /**
   * Widening of the gate per additional frame since the last sighting, in the same units: the
   * constant-velocity prediction drifts by the velocity error (a fraction of a diagonal per
   * frame); gravity adds only ~0.2 m over 5 frames at 25 fps.
   */
  maxJumpGrowth: number;
  /** Distance (same units) that costs a factor e in the match confidence. */
  distanceScale: number;
  /**
   * A track missing for more than this many frames is treated as no track: the candidates are
   * judged by the acquisition prior instead of the (by then unreliable) prediction. Until then a
   * lost diver is only taken back near where it should be.
   */
  maxMissedFrames: number;
  /** Frame being associated; default previous.frame + 1. */
  frameIndex?: number;
}

/**
 * Defaults for a diving broadcast at 25–60 fps. A 10 m diver moves at most ~0.5 m per frame at
 * 25 fps and the box changes shape between pike, tuck and layout (a vertical layout box turning
 * horizontal is ~0.5 diagonals of corner motion), so 1.5 diagonals leaves room without letting
 * a person across the frame in. distanceScale 0.25: a candidate a quarter diagonal further away
 * needs e× the score to win, which keeps the nearest-neighbour character of the paper.
 * maxMissedFrames 8: about 0.3 s at 25 fps, longer than a splash or blur dropout mid-flight.
 */
export const DEFAULT_ASSOCIATION: AssociationOptions = {
  minScore: 0.3,
  maxJump: 1.5,
  maxJumpGrowth: 0.1,
  distanceScale: 0.25,
  maxMissedFrames: 8,
};

export interface Association {
  /** Index into the candidates array. */
  index: number;
  /**
   * Normalised distance to the predicted box (see maxJump); NaN when acquired without a track
   * (no distance was measured).
   */
  distance: number;
  /** Match confidence 0–1: score × exp(−distance / distanceScale) when tracking, the prior when acquiring. */
  confidence: number;
  /** 'track': matched to a previous box; 'acquire': chosen by the prior, no track to follow. */
  mode: 'track' | 'acquire';
}

/**
 * Picks the diver among this frame's candidates (eq. 29 with confidence, as in the paper's
 * nearest-neighbour tracker), or null when none is acceptable.
 *
 * With a track: candidates within the gate around the velocity-predicted box compete on
 * score × exp(−distance / distanceScale). The distance is eq. 29 divided by √2 × the last box
 * diagonal, so the gate means the same for a diver filling the frame and one far away.
 *
 * Without a track (first frame, or missing for more than maxMissedFrames): the prior is score × √(area / largest area).
 * Broadcast cameras frame and follow the diver, so the diver is normally the largest person;
 * spectators and judges are smaller, background figures. The square root keeps a clearly more
 * confident, slightly smaller person ahead of a doubtful large one. An "upright standing" pose
 * test was rejected: the diver stands upright on the board before take-off too.
 */
export function associate(
  previous: TrackState | null,
  candidates: readonly PoseCandidate[],
  options: Partial<AssociationOptions> = {},
): Association | null {
  const minScore = options.minScore ?? DEFAULT_ASSOCIATION.minScore;
  const maxJump = options.maxJump ?? DEFAULT_ASSOCIATION.maxJump;
  const maxJumpGrowth = options.maxJumpGrowth ?? DEFAULT_ASSOCIATION.maxJumpGrowth;
  const distanceScale = options.distanceScale ?? DEFAULT_ASSOCIATION.distanceScale;
  const maxMissedFrames = options.maxMissedFrames ?? DEFAULT_ASSOCIATION.maxMissedFrames;
  const eligible = candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => candidate.score >= minScore && isFiniteBox(candidate.box));
  if (eligible.length === 0) return null;

  if (previous === null || isLost(previous, maxMissedFrames)) {
    const area = (box: Box): number => Math.max(0, boxWidth(box)) * Math.max(0, boxHeight(box));
    const largest = Math.max(...eligible.map(({ candidate }) => area(candidate.box)));
    let best: Association | null = null;
    for (const { candidate, index } of eligible) {
      const sizePreference = largest > 0 ? Math.sqrt(area(candidate.box) / largest) : 1;
      const prior = candidate.score * sizePreference;
      if (best === null || prior > best.confidence) best = { index, distance: Number.NaN, confidence: prior, mode: 'acquire' };
    }
    return best;
  }

  const frameIndex = options.frameIndex ?? previous.frame + 1;
  const predicted = predictBox(previous, frameIndex);
  // Degenerate last box (e.g. from two joints): fall back to 1 px so the division stays finite.
  const scale = Math.max(1, Math.SQRT2 * boxDiagonal(previous.box));
  const elapsed = Math.max(1, frameIndex - previous.lastSeenFrame);
  const gate = maxJump + maxJumpGrowth * (elapsed - 1);
  let best: Association | null = null;
  for (const { candidate, index } of eligible) {
    const distance = boxCornerDistance(predicted, candidate.box) / scale;
    if (distance > gate) continue;
    const confidence = candidate.score * Math.exp(-distance / distanceScale);
    if (best === null || confidence > best.confidence) best = { index, distance, confidence, mode: 'track' };
  }
  return best;
}

export interface CropOptions {
  /** Crop side as a multiple of the predicted box's longer side (≈3 for BlazePose, 1–1.25 for MoveNet). */
  margin: number;
  /** Smallest crop side in pixels (a far-away diver still gets enough context). */
  minSize: number;
  frameWidth: number;
  frameHeight: number;
}

/**
 * Square crop for the next frame's backend around the predicted box: side = max(w, h) × margin,
 * at least minSize, at most the frame's longer side (beyond that it only adds padding). Square
 * so a tucked or horizontal body stays inside whatever its orientation. Along an axis where the
 * crop fits in the frame it is shifted inside (more image, less padding; the predicted box stays
 * inside because the crop is at least as large); where it does not fit it is centred on the frame.
 */
export function cropForNextFrame(state: TrackState, options: CropOptions): CropRect {
  const { margin, minSize, frameWidth, frameHeight } = options;
  const predicted = predictBox(state);
  const longer = Math.max(boxWidth(predicted), boxHeight(predicted));
  const frameLonger = Math.max(frameWidth, frameHeight);
  const size = Math.max(1, Math.min(Math.max(longer * margin, minSize), frameLonger));
  const centre = boxCentre(predicted);
  const place = (centreAt: number, extent: number): number => {
    if (size >= extent) return (extent - size) / 2;
    return Math.min(Math.max(centreAt - size / 2, 0), extent - size);
  };
  return { x: place(centre.x, frameWidth), y: place(centre.y, frameHeight), size };
}

/**
 * Padding added on every side of a joints box, as a fraction of its longer side. Joints are
 * centres: hands and feet reach ~10% of the body length past the wrists and ankles, and the limbs
 * have width; head_top already marks the top of the head.
 */
export const JOINT_BOX_PADDING = 0.1;

function confidentExtent(joints: Float32Array, minConfidence: number): Box | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let count = 0;
  for (let j = 0; j < JOINT_COUNT; j++) {
    const x = joints[j * JOINT_STRIDE];
    const y = joints[j * JOINT_STRIDE + 1];
    const confidence = joints[j * JOINT_STRIDE + 2];
    if (x === undefined || y === undefined || confidence === undefined) break;
    if (!(confidence >= minConfidence) || confidence <= 0 || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
    count++;
  }
  if (count < 2 || (x2 === x1 && y2 === y1)) return null;
  return { x1, y1, x2, y2 };
}

/**
 * Tight box of the joints with confidence ≥ minConfidence (and > 0), padded by JOINT_BOX_PADDING
 * × its longer side on each side. Null with fewer than two such joints or when they coincide.
 */
export function boxFromJoints(joints: Float32Array, minConfidence: number): Box | null {
  const extent = confidentExtent(joints, minConfidence);
  if (extent === null) return null;
  const pad = JOINT_BOX_PADDING * Math.max(boxWidth(extent), boxHeight(extent));
  return { x1: extent.x1 - pad, y1: extent.y1 - pad, x2: extent.x2 + pad, y2: extent.y2 + pad };
}

/**
 * The diver's size in pixels over a clip: median over frames of the diagonal of the confident
 * joints' extent (unpadded). Used to make smoothing and swap costs independent of resolution and
 * zoom. NaN when no frame has two confident joints.
 */
export function medianBodyScale(frames: readonly PoseFrame[], minConfidence: number): number {
  const diagonals: number[] = [];
  for (const frame of frames) {
    if (!frame.detected) continue;
    const extent = confidentExtent(frame.joints, minConfidence);
    if (extent !== null) diagonals.push(boxDiagonal(extent));
  }
  if (diagonals.length === 0) return Number.NaN;
  diagonals.sort((a, b) => a - b);
  const middle = diagonals.length >> 1;
  const upper = diagonals[middle] ?? Number.NaN;
  return diagonals.length % 2 === 1 ? upper : ((diagonals[middle - 1] ?? upper) + upper) / 2;
}
