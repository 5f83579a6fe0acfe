/**
 * A diver lost as they go into the water. After the entry nobody is left to find, yet the pose
 * stage went on searching the whole frame for the diver (every frame for 8 frames, then every 4th)
 * and retrying weak crops in the splash: most of the second pose worker's extra time on the
 * 100-frame sample (README, Scoring benchmark). A diver lost mid-flight must still be looked for
 * at once, so the stage tells the two apart by what the diver was doing just before the loss:
 * lined up head first, nearly straight, and falling fast through the scene (the camera's motion
 * undone). A tucked or piked body turning in the air is not lined up, and a diver holding a
 * handstand on the platform does not fall.
 *
 * Set on the app's poses of the 150 simulated test dives of seed 2026 [scratch, over the poses the
 * app computed in Chromium]: without the fall test, of the 41 losses before the simulator's entry
 * none had 3 lined-up frames among the 10 before it, while 153 of the 313 losses after it did.
 */
import { J, JOINT_STRIDE } from './skeleton.ts';
import { vertexAngle } from '../math/geometry.ts';

/** Where a point of a frame (the stage's pixels) lies in the scene, the camera's motion undone; null where the host cannot tell. */
export type FrameToScene = (frameIndex: number, x: number, y: number) => [number, number] | null;

/** A frame in which the stage saw the diver. */
export interface SeenFrame {
  index: number;
  joints: Float32Array;
}

/** Frames before the loss in which the diver must have been seen lined up. */
export const ENTRY_LOOKBACK_FRAMES = 10;
/** …in at least this many of them. */
export const MIN_LINED_UP_FRAMES = 3;
/** Head below the ankles by at least this share of their distance: within 60° of head-down vertical. */
const MIN_HEAD_DOWN = 0.5;
/** The angle thorax–pelvis–ankles at least this (degrees): the body nearly straight. */
const MIN_STRAIGHT_DEG = 140;
/** The lined-up frames' fall, in body lengths (head to ankles) a frame at 25 fps: about 4 m/s, as underwater.ts reads a fall. */
const MIN_FALL_SPEED_AT_25 = 0.1;

type Point = [number, number];

function point(joints: Float32Array, joint: number): Point | null {
  const x = joints[joint * JOINT_STRIDE], y = joints[joint * JOINT_STRIDE + 1];
  return x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

function midpoint(a: Point | null, b: Point | null): Point | null {
  return a && b ? [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] : null;
}

/** The body's head, centre and ankles' midpoint in a frame (stage pixels), or null where a joint is missing. */
function bodyLine(joints: Float32Array): { head: Point; centre: Point; ankles: Point; pelvis: Point; thorax: Point } | null {
  const head = point(joints, J.head_top), pelvis = point(joints, J.pelvis), thorax = point(joints, J.thorax);
  const ankles = midpoint(point(joints, J.r_ankle), point(joints, J.l_ankle));
  const centre = midpoint(pelvis, thorax);
  return head && pelvis && thorax && ankles && centre ? { head, centre, ankles, pelvis, thorax } : null;
}

/** Head first, within 60° of vertical, the body nearly straight (image axes: the camera does not roll). */
export function linedUpHeadFirst(joints: Float32Array): boolean {
  const body = bodyLine(joints);
  if (!body) return false;
  const { head, ankles, pelvis, thorax } = body;
  const length = Math.hypot(head[0] - ankles[0], head[1] - ankles[1]);
  if (!(length > 0) || (head[1] - ankles[1]) / length < MIN_HEAD_DOWN) return false;
  // NaN (a zero-length arm) is not straight.
  return vertexAngle(thorax[0], thorax[1], pelvis[0], pelvis[1], ankles[0], ankles[1]) >= MIN_STRAIGHT_DEG;
}

/**
 * Whether a diver lost at frame `lostAt` went into the water: among the frames seen in the
 * ENTRY_LOOKBACK_FRAMES before it, at least MIN_LINED_UP_FRAMES lined up head first, over which
 * the body's centre fell through the scene at MIN_FALL_SPEED_AT_25 or faster.
 */
export function wentIntoWater(seen: readonly SeenFrame[], lostAt: number, fps: number, toScene: FrameToScene): boolean {
  const linedUp = seen.filter((s) => s.index < lostAt && s.index >= lostAt - ENTRY_LOOKBACK_FRAMES && linedUpHeadFirst(s.joints));
  if (linedUp.length < MIN_LINED_UP_FRAMES) return false;
  const scene = linedUp.flatMap((s) => {
    const body = bodyLine(s.joints);
    if (!body) return [];
    const centre = toScene(s.index, ...body.centre), head = toScene(s.index, ...body.head), ankles = toScene(s.index, ...body.ankles);
    return centre && head && ankles ? [{ index: s.index, centre, length: Math.hypot(head[0] - ankles[0], head[1] - ankles[1]) }] : [];
  });
  const first = scene[0], last = scene[scene.length - 1];
  if (!first || !last || last.index <= first.index) return false;
  const lengths = scene.map((s) => s.length).sort((a, b) => a - b);
  const length = lengths[lengths.length >> 1] as number;
  if (!(length > 0) || !(fps > 0)) return false;
  // Scene y grows downward.
  const fall = (last.centre[1] - first.centre[1]) / (last.index - first.index) / length;
  return fall >= (MIN_FALL_SPEED_AT_25 * 25) / fps;
}
