/**
 * A broadcast camera: fixed position, side-on to the diving plane, panning, tilting and zooming to
 * follow the diver like an operator does — a little late (critically damped follow), tight on the
 * board, wider in flight, wider still for the splash — and always keeping the diver in the picture.
 *
 * Projection: world (x, y) in the diving plane → image (u, v) = centre + scale·(x − cx, cy − y),
 * mirrored left–right when the camera films from the other side.
 */
import { LANDMARK_COUNT } from './body.ts';
import { motionAt, worldPointsAt } from './dive.ts';
import type { SimulatedDive } from './dive.ts';
import type { Random } from './random.ts';
import { projectile } from './physics.ts';
import { splashShapeAt } from './splash.ts';

export interface CameraFrame {
  /** World point at the image centre, metres. */
  cx: number;
  cy: number;
  /** Pixels per metre. */
  scale: number;
  mirrored: boolean;
  width: number;
  height: number;
  /** A camera under the water, looking at the diver through the side of the pool (sees only what is below the surface). */
  underwater?: boolean;
}

export function project(camera: CameraFrame, x: number, y: number): [number, number] {
  const dx = (x - camera.cx) * camera.scale;
  return [camera.width / 2 + (camera.mirrored ? -dx : dx), camera.height / 2 - (y - camera.cy) * camera.scale];
}

/** Image point → world point in the diving plane. */
export function unproject(camera: CameraFrame, u: number, v: number): [number, number] {
  const dx = (u - camera.width / 2) / camera.scale;
  return [camera.cx + (camera.mirrored ? -dx : dx), camera.cy - (v - camera.height / 2) / camera.scale];
}

export interface CameraOptions {
  width: number;
  height: number;
}

interface Target {
  cx: number;
  cy: number;
  scale: number;
  /** World box of the diver (x1, y1, x2, y2). */
  box: [number, number, number, number] | null;
}

function bodyBox(points: Float64Array): [number, number, number, number] {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const x = points[i * 3] ?? 0, y = points[i * 3 + 1] ?? 0;
    x1 = Math.min(x1, x);
    x2 = Math.max(x2, x);
    y1 = Math.min(y1, y);
    y2 = Math.max(y2, y);
  }
  return [x1, y1, x2, y2];
}

/**
 * Camera state for each of `times` (seconds from take-off). Deterministic given the dive and `random`.
 */
export function planCamera(dive: SimulatedDive, times: readonly number[], options: CameraOptions, random: Random): CameraFrame[] {
  const { width, height } = options;
  const stature = dive.body.statureM;
  const contact = dive.times.contact;
  const tight = random.uniform(0.5, 0.62); // diver's stature as a fraction of the frame height on the board
  const wide = random.uniform(0.34, 0.44); // in flight
  const splashFraction = random.uniform(0.42, 0.55); // splash column height as a fraction of the frame
  const lag = random.uniform(5, 8); // follow bandwidth, rad/s
  const zoomLag = random.uniform(2.5, 4);
  const entryPoint = motionAt(dive, contact).com[0];
  const splashPeak = dive.splash.maxHeightM;

  const targetAt = (t: number): Target => {
    if (t <= contact) {
      const state = motionAt(dive, t);
      const pts = worldPointsAt(dive, t);
      const box = bodyBox(pts);
      const phaseScale = t < 0 ? tight : t < 0.25 ? tight + (wide - tight) * (t / 0.25) : wide;
      // Operators anticipate the flight: aiming 2v/ω ahead of the diver cancels the follow's lag
      // on a steady motion (without it a 10 m diver falling at 14 m/s ran 4–5 m ahead of the
      // picture and left it at the bottom edge before entry). Eased in over the take-off.
      const anticipation = t < 0 ? 0 : (2 / lag) * Math.min(1, t / 0.3);
      const { vx, vy } = projectile(dive.takeOff, Math.max(0, t));
      return { cx: state.com[0] + 0.1 + vx * anticipation, cy: state.com[1] + vy * anticipation, scale: (phaseScale * height) / stature, box };
    }
    const pts = worldPointsAt(dive, t);
    let box: [number, number, number, number] | null = bodyBox(pts);
    if (box[3] < 0) box = null;
    const splashHeight = Math.max(splashShapeAt(dive.splash, t - contact).heightM, splashPeak * 0.5, 0.8);
    const scale = Math.min((wide * height) / stature, (splashFraction * height) / Math.max(1.2, splashHeight * 1.4));
    return { cx: entryPoint, cy: Math.max(0.45, splashHeight * 0.45), scale, box };
  };

  // Simulate the operator at 200 Hz: second-order critically damped follow of the target.
  const step = 1 / 200;
  const start = (times[0] ?? 0) - 0.3;
  const end = times[times.length - 1] ?? 0;
  const first = targetAt(start);
  let cx = first.cx, cy = first.cy, scale = first.scale;
  let vx = 0, vy = 0, vs = 0;
  const jitterPhase = [random.uniform(0, 6.3), random.uniform(0, 6.3), random.uniform(0, 6.3)];
  const jitterPx = random.uniform(0.4, 1.2);
  const out: CameraFrame[] = [];
  let next = 0;
  // The diver's box stays this far (× half the frame) inside the picture: a body touching the edge
  // is no longer a person to the pose models.
  const margin = 0.1;
  for (let t = start; next < times.length && t <= end + step; t += step) {
    const target = targetAt(t);
    const w2 = lag * lag, w2z = zoomLag * zoomLag;
    vx += (w2 * (target.cx - cx) - 2 * lag * vx) * step;
    vy += (w2 * (target.cy - cy) - 2 * lag * vy) * step;
    vs += (w2z * (target.scale - scale) - 2 * zoomLag * vs) * step;
    cx += vx * step;
    cy += vy * step;
    scale += vs * step;
    // Keep the diver in the picture: operators never lose the diver.
    if (target.box !== null) {
      const [x1, y1, x2, y2] = target.box;
      const halfW = width / 2 / scale, halfH = height / 2 / scale;
      const mx = halfW * margin * 2, my = halfH * margin * 2;
      const needW = (x2 - x1) / 2 + mx, needH = (y2 - y1) / 2 + my;
      if (needW > halfW || needH > halfH) scale = Math.min(width / 2 / needW, height / 2 / needH);
      const hw = width / 2 / scale, hh = height / 2 / scale;
      if (x1 < cx - hw + mx) cx = x1 + hw - mx;
      if (x2 > cx + hw - mx) cx = x2 - hw + mx;
      if (y1 < cy - hh + my) cy = y1 + hh - my;
      if (y2 > cy + hh - my) cy = y2 - hh + my;
    }
    while (next < times.length && (times[next] ?? 0) <= t + step / 2) {
      const tt = times[next] ?? 0;
      // Hand-held-like wobble of about a pixel.
      const jx = (jitterPx / scale) * Math.sin(7.1 * tt + (jitterPhase[0] ?? 0)) + (0.5 * jitterPx / scale) * Math.sin(13.3 * tt + (jitterPhase[1] ?? 0));
      const jy = (jitterPx / scale) * Math.sin(5.3 * tt + (jitterPhase[2] ?? 0));
      out.push({ cx: cx + jx, cy: cy + jy, scale, mirrored: dive.appearance.mirrored, width, height });
      next++;
    }
  }
  while (out.length < times.length) out.push({ cx, cy, scale, mirrored: dive.appearance.mirrored, width, height });
  return out;
}

/** How many metres of water an underwater camera's picture spans from top to bottom. */
const UNDERWATER_VIEW_M = 4.2;

/**
 * An underwater camera through the pool's side window (broadcasts cut to one at the entry): framed
 * on the entry point, close (the picture spans about 4 m), the surface near the top of the picture,
 * following the diver down as the water slows them. Deterministic given the dive and `random`.
 */
export function planUnderwaterCamera(dive: SimulatedDive, times: readonly number[], options: CameraOptions, random: Random): CameraFrame[] {
  const { width, height } = options;
  const entryX = motionAt(dive, dive.times.contact).com[0];
  const offset = random.uniform(-0.4, 0.4);
  const span = UNDERWATER_VIEW_M * random.uniform(0.9, 1.15);
  const scale = height / span;
  const mirrored = random.chance(0.5);
  // The operator starts on the surface (it fills the top fifth of the picture) and follows the diver down, a little late.
  const start = times[0] ?? 0;
  const top = -span * 0.3;
  return times.map((t) => {
    const follow = Math.min(top, motionAt(dive, t).com[1] + 0.4);
    const cy = top + (follow - top) * (1 - Math.exp(-(t - start) / 0.35));
    return { cx: entryX + offset, cy, scale, mirrored, width, height, underwater: true };
  });
}
