/**
 * Take-off geometry measured from the poses of every frame placed in the scene (camera pan and zoom
 * undone by the camera path): how high the diver rose above the take-off and how close to the
 * board they came on the way down. Judges deduct for both (height; safe distance), and neither can
 * be read from diver-centred inputs, nor reliably from a few sampled frames: the diver passes the
 * board's level in about a tenth of a second, between two of the model's sampled frames.
 *
 * Units are body lengths (thigh + shin + pelvis→thorax + thorax→head top, the median over the
 * clip): whatever the zoom or the resolution. The direction of travel is +x (away from the board).
 *
 * Steps: the board's level is where the lowest joint rests before the apex (its 90th percentile
 * downwards, robust to a few jittery frames); take-off is the last frame before the apex whose lowest
 * joint is still within TAKE_OFF_LIFT body lengths of that level (ankles lift before the toes leave);
 * the board's edge is the lowest joint's x there. Clearance is the smallest distance beyond that
 * edge of any joint, each joint's track smoothed over three frames, while it passes the band just
 * below the board's level (BAND body lengths deep), after take-off.
 *
 * Height: in the air the centre of the joints falls on a parabola whatever the body does, so a
 * robust quadratic fit over the flight (take-off to the deepest point seen) gives the apex without
 * depending on which frame was read as take-off (a frame there is ~0.14 m of rise at take-off
 * speed), and its curvature gives the scale — gravity is 9.81 m/s² — so the rise comes out in metres
 * and a short diver is not mistaken for a high one: rise = (apex above the board's level, body
 * lengths − RISE_REFERENCE) × body length in metres. RISE_REFERENCE stands for the joints' centre
 * above the lowest joint as the feet leave (arms up, on the toes; see its comment); the body length
 * in metres is clamped to what divers measure, in case the fit is poor (a clip that ends soon after
 * the apex).
 */
import { frameToScene } from '../splash/cameraPath.ts';
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import { J, JOINT_COUNT, JOINT_STRIDE } from '../pose/skeleton.ts';
import { nearestRankQuantile } from '../math/stats.ts';

export interface TakeOffGeometry {
  takeOffFrame: number;
  apexFrame: number;
  /** Scene pixels (of the first frame) per body length. */
  bodyLength: number;
  /** Body length in metres, from the flight's curvature (clamped to BODY_LENGTH_M). */
  bodyLengthM: number;
  /** Rise of the centre of mass above its take-off height, metres (see above). */
  rise: number;
  /** Closest approach beyond the board's edge while passing its level, body lengths (CLEARANCE_LIMIT when never there). */
  clearance: number;
}

export const TAKE_OFF_LIFT = 0.16;
export const BAND: readonly [number, number] = [0.01, 0.26];
export const CLEARANCE_LIMIT = 2;
/**
 * The joints' centre above the lowest joint as the feet leave, body lengths. The mean of the 16
 * joints with the arms up sits about 0.75 body lengths above the ankles (wrists and elbows above the
 * head pull it up); 0.74 makes the rise unbiased on the app's poses of 100 simulated training dives
 * (seed 11: median error −0.003 m, median |error| 0.074 m; with the 0.9 used before 2026-12-05 the
 * rise read 0.25 m low on every board and platform, so the checklist showed a 0.55 m rise as 0.3 m).
 */
export const RISE_REFERENCE = 0.74;
/**
 * The reference the packs' take-off channel (scene-track/2) was trained with: the model's input keeps
 * it, so a pack reads the same number it learned from (`packRiseChannel`).
 */
export const PACK_RISE_REFERENCE = 0.9;
/**
 * How far the body's outline reaches beyond its joints towards the board, metres: the toes lie past
 * the ankle that marks the board's edge at take-off, and the hands, feet and the body's thickness
 * lie past the joints that pass it on the way down. The median error of the joints' clearance
 * against the simulator's closest body point on 100 training dives (seed 11), where it read 0.37 m
 * too far out and the checklist called a dive that grazed the platform a safe one.
 */
export const OUTLINE_BEYOND_JOINTS_M = 0.36;

/** The rise as the packs' take-off channel was trained to read it (PACK_RISE_REFERENCE). */
export function packRiseChannel(t: TakeOffGeometry): number {
  return t.rise - (PACK_RISE_REFERENCE - RISE_REFERENCE) * t.bodyLengthM;
}

/** The closest the body came past the board's edge while passing its level, metres (its outline, not its joints). */
export function boardDistanceM(t: TakeOffGeometry): number {
  return t.clearance * t.bodyLengthM - OUTLINE_BEYOND_JOINTS_M;
}
/** Body lengths (head top to ankle, along the segments) divers have, metres. */
export const BODY_LENGTH_M: readonly [number, number] = [1.3, 1.9];
const G = 9.81;
const MIN_CONFIDENCE = 0.2;
const MIN_CENTRE_JOINTS = 8;

type Point = [number, number] | null;

/** The middle value; of the two middle values, the upper. */
const upperMedian = (values: readonly number[]): number => nearestRankQuantile(values, 0.5);

const dist = (a: Point, b: Point): number => (a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : Number.NaN);

/** Robust least-squares parabola y = a + b·f + c·f² (three passes dropping points beyond 3 × 1.5 × median |residual|). */
function fitParabola(frames: number[], ys: number[]): [number, number, number] | null {
  let f = frames, y = ys;
  let coefficients: [number, number, number] | null = null;
  for (let pass = 0; pass < 3 && f.length >= 6; pass++) {
    // Normal equations on centred frames (better conditioned).
    const f0 = f.reduce((s, v) => s + v, 0) / f.length;
    const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], r = [0, 0, 0];
    f.forEach((fv, i) => {
      const u = fv - f0, basis = [1, u, u * u], yv = y[i] as number;
      for (let p = 0; p < 3; p++) {
        r[p] = (r[p] as number) + (basis[p] as number) * yv;
        for (let q = 0; q < 3; q++) (m[p] as number[])[q] = ((m[p] as number[])[q] as number) + (basis[p] as number) * (basis[q] as number);
      }
    });
    const solved = solve3(m, r);
    if (!solved) return coefficients;
    const [a, b, c] = solved;
    // Back to y = A + B f + C f².
    coefficients = [a - b * f0 + c * f0 * f0, b - 2 * c * f0, c];
    const residuals = f.map((fv, i) => Math.abs((y[i] as number) - (a + b * (fv - f0) + c * (fv - f0) ** 2)));
    const limit = 3 * 1.5 * upperMedian(residuals) + 1e-6;
    const keep = residuals.map((v) => v < limit);
    if (keep.every(Boolean)) break;
    f = f.filter((_, i) => keep[i]);
    y = y.filter((_, i) => keep[i]);
  }
  return coefficients;
}

function solve3(m: number[][], r: number[]): [number, number, number] | null {
  const a = m.map((row, i) => [...row, r[i] as number]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs((a[row] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = row;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = (a[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-12) return null;
    for (let row = 0; row < 3; row++) {
      if (row === col) continue;
      const k = ((a[row] as number[])[col] as number) / p;
      for (let c = col; c < 4; c++) (a[row] as number[])[c] = ((a[row] as number[])[c] as number) - k * ((a[col] as number[])[c] as number);
    }
  }
  return [((a[0] as number[])[3] as number) / ((a[0] as number[])[0] as number), ((a[1] as number[])[3] as number) / ((a[1] as number[])[1] as number), ((a[2] as number[])[3] as number) / ((a[2] as number[])[2] as number)];
}

/** The joints of every frame placed in the scene, the body length, and each frame's centre and lowest joint. */
interface SceneBody {
  scene: Point[][];
  /** Scene pixels per body length. */
  S: number;
  centre: Point[];
  lowest: Point[];
  /** Frames with both a centre and a lowest joint. */
  valid: number[];
}

export function sceneBody(joints: readonly Float32Array[], path: ClipCameraPath): SceneBody | null {
  const scene: Point[][] = joints.map((frame, f) =>
    Array.from({ length: JOINT_COUNT }, (_, j): Point => {
      const x = frame[j * JOINT_STRIDE] as number, y = frame[j * JOINT_STRIDE + 1] as number, c = frame[j * JOINT_STRIDE + 2] as number;
      return Number.isFinite(x) && Number.isFinite(y) && c >= MIN_CONFIDENCE ? frameToScene(path, f, x, y) : null;
    }),
  );
  const lengths: number[] = [];
  for (const p of scene) {
    const v =
      (dist(p[J.r_hip] ?? null, p[J.r_knee] ?? null) + dist(p[J.l_hip] ?? null, p[J.l_knee] ?? null)) / 2 +
      (dist(p[J.r_knee] ?? null, p[J.r_ankle] ?? null) + dist(p[J.l_knee] ?? null, p[J.l_ankle] ?? null)) / 2 +
      dist(p[J.pelvis] ?? null, p[J.thorax] ?? null) +
      dist(p[J.thorax] ?? null, p[J.head_top] ?? null);
    if (Number.isFinite(v) && v > 0) lengths.push(v);
  }
  const S = upperMedian(lengths);
  if (!(S > 0)) return null;

  const centre = scene.map((p): Point => {
    const v = p.filter((q): q is [number, number] => q !== null);
    if (v.length < MIN_CENTRE_JOINTS) return null;
    return [v.reduce((s, q) => s + q[0], 0) / v.length, v.reduce((s, q) => s + q[1], 0) / v.length];
  });
  const lowest = scene.map((p): Point => {
    let best: Point = null;
    for (const q of p) if (q && (!best || q[1] > best[1])) best = q;
    return best;
  });
  const valid = centre.flatMap((c, f) => (c && lowest[f] ? [f] : []));
  return { scene, S, centre, lowest, valid };
}

/**
 * Take-off geometry of a clip from its per-frame joints (16 × x, y, confidence, frame pixels) at
 * `fps`; null when it cannot be measured.
 */
export function measureTakeOff(joints: readonly Float32Array[], path: ClipCameraPath, fps: number): TakeOffGeometry | null {
  const F = joints.length;
  if (F < 5) return null;
  const body = sceneBody(joints, path);
  return body ? takeOffOfBody(body, F, fps) : null;
}

function takeOffOfBody(body: SceneBody, F: number, fps: number): TakeOffGeometry | null {
  if (body.valid.length < 5) return null;
  const { scene, S, centre, lowest, valid } = body;
  const first = valid[0] as number, last = valid[valid.length - 1] as number;
  const direction = (lowest[last] as [number, number])[0] >= (lowest[first] as [number, number])[0] ? 1 : -1;

  let apex = first;
  for (const f of valid) if ((centre[f] as [number, number])[1] < (centre[apex] as [number, number])[1]) apex = f;
  const before = valid.filter((f) => f < apex);
  if (before.length === 0) return null;
  const boardLevel = nearestRankQuantile(before.map((f) => (lowest[f] as [number, number])[1]), 0.9);
  let takeOff = before[0] as number;
  for (const f of before) if ((lowest[f] as [number, number])[1] >= boardLevel - TAKE_OFF_LIFT * S) takeOff = f;
  const edge = direction * (lowest[takeOff] as [number, number])[0];

  // Each joint's track smoothed over three frames: the pose jitters more than the body moves.
  let clearance = CLEARANCE_LIMIT;
  const top = boardLevel + BAND[0] * S, bottom = boardLevel + BAND[1] * S;
  for (let f = takeOff + 2; f < F - 1; f++) {
    for (let j = 0; j < JOINT_COUNT; j++) {
      const a = scene[f - 1]?.[j] ?? null, b = scene[f]?.[j] ?? null, c = scene[f + 1]?.[j] ?? null;
      if (!a || !b || !c) continue;
      const y = (a[1] + b[1] + c[1]) / 3;
      if (y <= top || y >= bottom) continue;
      const x = (direction * (a[0] + b[0] + c[0])) / 3;
      clearance = Math.min(clearance, (x - edge) / S);
    }
  }
  // The flight's parabola, from just after take-off to the deepest point the lowest joint reaches.
  let deepest = apex;
  for (const f of valid) if (f > apex && (lowest[f] as [number, number])[1] > (lowest[deepest] as [number, number])[1]) deepest = f;
  const flight = valid.filter((f) => f >= takeOff + 2 && f <= deepest);
  const parabola = fitParabola(flight, flight.map((f) => (centre[f] as [number, number])[1]));
  let apexY = (centre[apex] as [number, number])[1], pixelsPerMetre = Number.NaN;
  if (parabola && parabola[2] > 0) {
    const [a, b, c] = parabola, vertex = -b / (2 * c);
    if (vertex >= takeOff && vertex <= deepest) apexY = a + b * vertex + c * vertex * vertex;
    pixelsPerMetre = (2 * c * fps * fps) / G;
  }
  const [lo, hi] = BODY_LENGTH_M;
  const bodyLengthM = Number.isFinite(pixelsPerMetre) ? Math.min(hi, Math.max(lo, S / pixelsPerMetre)) : (lo + hi) / 2;
  const rise = ((boardLevel - apexY) / S - RISE_REFERENCE) * bodyLengthM;
  return { takeOffFrame: takeOff, apexFrame: apex, bodyLength: S, bodyLengthM, rise, clearance: Math.max(-CLEARANCE_LIMIT, clearance) };
}

/** Frames at the clip's start the diver may go unseen and the clip still count as starting in flight. */
const START_SLACK_FRAMES = 2;
/** Body lengths (metres) a flight's curvature may imply for it to count as a free fall: loose, the fit may run into the entry. */
const FREE_FALL_BODY_M: readonly [number, number] = [0.5, 5];
/**
 * How close (body lengths) the first four frames seen must lie to the flight's parabola. Set on the
 * app's poses of 100 training dives (seed 11), cut at and after the take-off: the first frames of
 * clips cut in flight lay within 0.37 of it, those of whole clips at least 0.57 off.
 */
const ON_PARABOLA = 0.4;
/**
 * Of the first this many frames seen (the first one among them), at least START_FRAMES_ON must lie
 * on the parabola. Until the thirty-second session it was every one of the first four; a pose
 * stage that followed something else for two frames after the first (the real 3 m replay, with the
 * crop on a grid: frames 1–2 a wide box low in the picture, 3–4 filled in, 0.47–0.66 body lengths
 * off) then
 * read a clip that starts in the air as one that does not. On the 150 test dives of seed 2026
 * (`check:footage -- --mid-flight`, the app's poses on a grid and without) both rules gave the same
 * counts: none of the 150 whole clips, 137 of 140 and 138 of 140 cut 3 frames after the take-off.
 */
const START_FRAMES_READ = 8;
const START_FRAMES_ON = 5;

/**
 * Whether the clip starts with the diver already in the air (a broadcast clip cut after the take-off,
 * or a replay of the flight): from the first frame seen to the deepest point, the body's centre in
 * the scene follows one parabola whose curvature is gravity's for a diver's size, its first frames
 * included. A clip that starts on the board or the platform fails it: standing, the approach, the
 * hurdle and the press lie off the flight's parabola.
 */
function startsInFlight(body: SceneBody, fps: number): boolean {
  const { S, centre, lowest, valid } = body;
  const first = valid[0];
  if (first === undefined || first > START_SLACK_FRAMES) return false;
  let deepest = first;
  for (const f of valid) if ((lowest[f] as [number, number])[1] > (lowest[deepest] as [number, number])[1]) deepest = f;
  const flight = valid.filter((f) => f <= deepest);
  if (flight.length < 8) return false;
  const y = (f: number) => (centre[f] as [number, number])[1];
  const parabola = fitParabola(flight, flight.map(y));
  if (!parabola || !(parabola[2] > 0)) return false;
  const [a, b, c] = parabola;
  const bodyM = S / ((2 * c * fps * fps) / G);
  if (bodyM < (FREE_FALL_BODY_M[0] as number) || bodyM > (FREE_FALL_BODY_M[1] as number)) return false;
  const onParabola = (f: number) => Math.abs(y(f) - (a + b * f + c * f * f)) < ON_PARABOLA * S;
  return onParabola(first) && flight.slice(0, START_FRAMES_READ).filter(onParabola).length >= START_FRAMES_ON;
}

/** Whether the clip starts with the diver already in the air (see startsInFlight); false when it cannot be told. */
export function clipStartsInFlight(joints: readonly Float32Array[], path: ClipCameraPath, fps: number): boolean {
  const body = sceneBody(joints, path);
  return body !== null && startsInFlight(body, fps);
}

/**
 * What the clip shows of the take-off, as the analysis uses it: whether it starts in the air and,
 * when it does not, the take-off geometry (a height or a board distance read off the flight alone
 * would be wrong, so a clip cut after the take-off gets none).
 */
export function clipTakeOff(joints: readonly Float32Array[], path: ClipCameraPath, fps: number): { startsInFlight: boolean; takeOff: TakeOffGeometry | null } {
  if (joints.length < 5) return { startsInFlight: false, takeOff: null };
  const body = sceneBody(joints, path);
  if (!body) return { startsInFlight: false, takeOff: null };
  if (startsInFlight(body, fps)) return { startsInFlight: true, takeOff: null };
  return { startsInFlight: false, takeOff: takeOffOfBody(body, joints.length, fps) };
}

/** Body length (m) a shot's fall is judged against: the middle of what divers measure (BODY_LENGTH_M). */
const REFERENCE_BODY_M = (BODY_LENGTH_M[0] + BODY_LENGTH_M[1]) / 2;
/** Frames of flight (take-off or the first frame seen in the air, to where the diver goes under) a shot needs for its time scale to be read. */
const MIN_FLIGHT_FRAMES = 8;
/**
 * …and the body lengths the centre must travel up and down over it (a diver standing on the board
 * travels none): less than one, so that a 1 m dive cut to another camera just before its entry
 * still counts.
 */
const MIN_FLIGHT_TRAVEL = 0.75;
/**
 * …of which at least this much falling after the apex: a springboard's rise starts while the board
 * still carries the feet up, so a rise with hardly any fall after it reads a gentler curve (a 3 m
 * dive lost 5 frames after its apex read 1.95 times slower than real time).
 */
const MIN_FALL = 0.5;
/** More frames than this without the diver after the apex: the diver has gone under. */
const MAX_FALL_GAP = 3;
/** Body lengths above its deepest point at which the lowest joint is taken to reach the water. */
const WATER_MARGIN = 0.1;

/**
 * How many times slower than real time a shot plays, read from the diver's flight: between take-off
 * and water the body's centre follows gravity's parabola, whatever the body does, so its curvature in scene pixels
 * per frame², with the body length in scene pixels, gives the body length in metres were the shot in
 * real time. A shot played k times slower (a high-speed camera's frames at the broadcast rate) has
 * k² times less curvature and so reads a body k² times longer than a diver's: k = √(that length ÷
 * REFERENCE_BODY_M). Each shot is read alone (its own body length, its own part of the camera path),
 * since a cut moves the camera path's scale. null when the shot shows too little of a flight, or a
 * fall of less than a body length: a shot of the entry alone, of the diver on the board, of the water.
 */
export function shotSlowdown(joints: readonly Float32Array[], path: ClipCameraPath, fps: number, shot: { start: number; end: number }): number | null {
  return shotFlight(joints, path, fps, shot)?.slowdown ?? null;
}

/**
 * Frames (at real speed) the diver must be seen on the board or the platform before the rise for a
 * shot to show the take-off.
 */
const MIN_ON_BOARD_FRAMES = 5;
/** Body lengths off the flight's parabola a frame before the rise must lie to count as on the board (pose noise is a few hundredths). */
const OFF_FLIGHT = 0.25;

/** What a shot shows of the flight: its time scale (shotSlowdown), and whether it shows the take-off from the board. */
export interface ShotFlight {
  slowdown: number;
  /** The diver is seen on the board, off the flight's parabola, for MIN_ON_BOARD_FRAMES before the rise. */
  fromTakeOff: boolean;
}

/** The shot's flight (see shotSlowdown), or null when it shows too little of one. */
export function shotFlight(joints: readonly Float32Array[], path: ClipCameraPath, fps: number, shot: { start: number; end: number }): ShotFlight | null {
  const missing = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
  const inShot = joints.map((frame, f) => (f >= shot.start && f <= shot.end ? frame : missing));
  const body = sceneBody(inShot, path);
  if (!body || body.valid.length < MIN_FLIGHT_FRAMES) return null;
  const { S, centre, lowest, valid } = body;
  const y = (f: number) => (centre[f] as [number, number])[1];
  let apex = valid[0] as number;
  for (const f of valid) if (y(f) < y(apex)) apex = f;
  // The fall ends where the diver goes under: at the first run of frames without the diver after
  // the apex (a pose found later on the splash or under water is not the diver falling)…
  const seen = valid.filter((f) => f >= apex);
  let end = seen.findIndex((f, i) => i > 0 && f - (seen[i - 1] as number) > MAX_FALL_GAP);
  const run = end < 0 ? seen : seen.slice(0, end);
  // …and before the lowest joint reaches the water: from there the joints still seen are those above
  // it, and their centre slows as the body goes in.
  const low = (f: number) => (lowest[f] as [number, number])[1];
  const water = Math.max(...run.map(low));
  end = run.findIndex((f) => low(f) >= water - WATER_MARGIN * S);
  const fall = run.slice(0, Math.max(0, end));
  if (fall.length === 0) return null;
  // The rise is free flight too: back from the apex while the lowest joint stays clear of the board
  // (its level where the lowest joint rests before the apex, as for the take-off). A shot cut near the
  // entry of a low dive shows too short a fall alone.
  const before = valid.filter((f) => f < apex);
  const boardLevel = before.length ? nearestRankQuantile(before.map(low), 0.9) : Number.NEGATIVE_INFINITY;
  const rise: number[] = [];
  for (let i = before.length - 1; i >= 0; i--) {
    const f = before[i] as number;
    if (f - (rise[0] ?? apex) > MAX_FALL_GAP || low(f) >= boardLevel - TAKE_OFF_LIFT * S) break;
    rise.unshift(f);
  }
  const flight = [...rise, ...fall];
  const travel = y(rise[0] ?? apex) - y(apex) + (y(fall[fall.length - 1] as number) - y(apex));
  const drop = y(fall[fall.length - 1] as number) - y(apex);
  if (flight.length < MIN_FLIGHT_FRAMES || travel < MIN_FLIGHT_TRAVEL * S || drop < MIN_FALL * S) return null;
  const parabola = fitParabola(flight, flight.map(y));
  if (!parabola || !(parabola[2] > 0)) return null;
  const bodyM = S / ((2 * parabola[2] * fps * fps) / G);
  const slowdown = Math.sqrt(bodyM / REFERENCE_BODY_M);
  // Before the rise, a diver on the board (standing, the press) is off the flight's parabola, which
  // runs below the board there; the first frames of a shot cut in the air lie on it. A slow-motion
  // shot shows the board's frames that many times over.
  const [a, b, c] = parabola;
  const onBoard = before.filter((f) => f < (rise[0] ?? apex) && Math.abs(y(f) - (a + b * f + c * f * f)) >= OFF_FLIGHT * S).length;
  return { slowdown, fromTakeOff: onBoard >= MIN_ON_BOARD_FRAMES * Math.max(1, slowdown) };
}

