/**
 * Underwater views. Broadcasts often cut to an underwater camera as the diver goes in. The pose
 * stage finds the diver there, clearly, and fed those poses the model reads the dive as going on:
 * on 40 rendered test dives cut so (eval:app --underwater), the entry stage was placed up to 33
 * frames late. A judge scores nothing under the water, so the analysis leaves such a view out, as
 * it leaves out a replay (replays.ts).
 *
 * Told by the diver's speed, which needs no colour or scene knowledge: in the air a falling body
 * only speeds up, so a later shot in which the diver moves at under UNDERWATER_SLOWER of the speed
 * they were falling at just before the cut shows them stopped by the water. A camera above the
 * water that picks up the end of the fall sees the diver as fast or faster, and loses them in the
 * splash; a shot of the diver standing before the dive follows no fall.
 *
 * The pose stage looks for a diver lost into the water only now and then (pose/enteredWater.ts), so
 * in many underwater views the diver is first seen well into the view, already stopped and no
 * longer sinking. Such a view counts too when the shot shows no flight (takeOff.ts, `shotFlight`:
 * neither a replay nor a second camera catching the fall): the diver's first steps seen anywhere
 * in it are under UNDERWATER_SLOWER of the fall. On the 40 underwater test dives (seed 2026) that
 * reads 0.03–0.56 where the diver is seen for 4 steps or more; on the same dives cut to a second
 * camera above the water, 0.77 and more (docs/measurements.md, *Underwater views seen late*).
 */
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import type { Shot } from '../video/shots.ts';
import { median } from '../math/stats.ts';
import { sceneBody, shotFlight } from './takeOff.ts';

/** Frames before a cut over which the diver's fall speed is read. */
const FALL_LOOKBACK_FRAMES = 8;
/** The fall must be at least this fast, body lengths per frame at 25 fps (about 4 m/s; a 1 m dive enters at 5.4 m/s). */
const MIN_FALL_SPEED_AT_25 = 0.1;
/** Seconds from a shot's start within which the diver must be seen, and the first steps seen read. */
const SHOT_LOOK_S = 1;
const SHOT_STEPS = 8;
const MIN_SHOT_STEPS = 4;
/** …over which the diver must go down this many body lengths: a diver standing on the board (a replay's start) does not. */
const MIN_SINK = 0.2;
/**
 * The later shot's speed over the fall's, at most. Set on 40 rendered test dives of seed 2026 cut to
 * an underwater camera 1–6 frames after the contact, and the same 40 cut to a second camera above
 * the water 6 before to 10 after it (docs/measurements.md, *Underwater views*): the underwater views
 * left out read 0.06–0.57, the cameras above the water 0.80 and more where the diver was seen.
 */
export const UNDERWATER_SLOWER = 0.6;

/**
 * The diver's centre's motion in `from` … `to`, in body lengths of that span's own body length: its
 * speed between frames seen at most 2 apart (per frame; the first `maxSteps`), and how far it went
 * down over those steps.
 */
function motion(joints: readonly Float32Array[], path: ClipCameraPath, from: number, to: number, maxSteps = Infinity): { speeds: number[]; down: number } {
  const missing = new Float32Array(joints[0]?.length ?? 0);
  const body = sceneBody(joints.map((frame, f) => (f >= from && f <= to ? frame : missing)), path);
  const speeds: number[] = [];
  let down = 0;
  if (!body) return { speeds, down };
  for (let i = 1; i < body.valid.length && speeds.length < maxSteps; i++) {
    const a = body.valid[i - 1] as number, b = body.valid[i] as number;
    if (b - a > 2) continue;
    const p = body.centre[a] as [number, number], q = body.centre[b] as [number, number];
    speeds.push(Math.hypot(q[0] - p[0], q[1] - p[1]) / body.S / (b - a));
    // Scene y grows downward.
    down += (q[1] - p[1]) / body.S;
  }
  return { speeds, down };
}

/** The first frame of the first later shot that shows the diver under water (see above), or null. */
export function underwaterViewStart(joints: readonly Float32Array[], path: ClipCameraPath, fps: number, shots: readonly Shot[]): number | null {
  const perFrame = 25 / fps;
  for (let k = 1; k < shots.length; k++) {
    const shot = shots[k] as Shot, before = shots[k - 1] as Shot;
    const fall = median(motion(joints, path, Math.max(before.start, shot.start - FALL_LOOKBACK_FRAMES - 1), shot.start - 1).speeds);
    if (!(fall >= MIN_FALL_SPEED_AT_25 * perFrame)) continue;
    const first = motion(joints, path, shot.start, Math.min(shot.end, shot.start + Math.round(SHOT_LOOK_S * fps)), SHOT_STEPS);
    if (first.speeds.length >= MIN_SHOT_STEPS && first.down >= MIN_SINK && median(first.speeds) <= UNDERWATER_SLOWER * fall) return shot.start;
    // Seen late (see above): the first steps anywhere in a shot that shows no flight.
    const late = motion(joints, path, shot.start, shot.end, SHOT_STEPS);
    if (late.speeds.length >= MIN_SHOT_STEPS && median(late.speeds) <= UNDERWATER_SLOWER * fall && shotFlight(joints, path, fps, shot) === null) return shot.start;
  }
  return null;
}
