/**
 * Flight physics. Between take-off and water contact no external force but gravity acts, so
 *  - the centre of mass follows a parabola from the take-off velocity, and
 *  - the angular momentum about the centre of mass, H, is constant.
 * The diver's joint angles over time (`ShapeTrack`) are the input, as in Yeadon's simulation models;
 * the somersault rate follows from H and the body's changing inertia:
 *     H = θ̇ · I_zz(shape, tilt, twist) + h_z(shape change, twist rate, tilt rate)
 * so a tuck spins faster than a pike, a pike faster than a layout, and opening slows the rotation.
 * Twisting uses the tilt mechanism (Yeadon 1993): tilting the long axis by φ out of the somersault
 * plane gives a twist rate ψ̇ = H sin φ / I_long.
 *
 * The diver chooses H (and the tilt) at take-off to reach the planned rotation at the planned
 * schedule; faults then perturb H and the schedule, and the entry angle comes out of the physics.
 *
 * Orientation: world = Rz(θ) · Rx(φ) · Ry(ψ) · B_facing · (body − body CoM). θ is the somersault
 * angle (anticlockwise positive), φ the tilt, ψ the twist; B_facing turns the body to face −x when
 * facing is −1.
 */
import { bodyPoints, centreOfMass, inertiaTensor, shapeAngularMomentum, blendShapes, LANDMARK_COUNT } from './body.ts';
import type { BodyModel, Shape } from './body.ts';

export const GRAVITY = 9.81;

// ── Shape over time ─────────────────────────────────────────────────────────────────────────────

export interface ShapeKey {
  t: number;
  shape: Shape;
}

/** Minimum-jerk blend weight (smooth start and stop, like a voluntary movement). */
export function minimumJerk(x: number): number {
  const s = Math.min(1, Math.max(0, x));
  return s * s * s * (10 - 15 * s + 6 * s * s);
}

/** Joint angles over time: minimum-jerk transitions between keyframes, held before the first and after the last. */
export class ShapeTrack {
  readonly keys: readonly ShapeKey[];
  constructor(keys: readonly ShapeKey[]) {
    if (keys.length === 0) throw new RangeError('a shape track needs at least one key');
    this.keys = [...keys].sort((a, b) => a.t - b.t);
  }
  at(t: number): Shape {
    const keys = this.keys;
    const first = keys[0] as ShapeKey;
    if (t <= first.t) return first.shape;
    for (let i = 0; i < keys.length - 1; i++) {
      const a = keys[i] as ShapeKey;
      const b = keys[i + 1] as ShapeKey;
      if (t <= b.t) {
        const span = b.t - a.t;
        return span <= 0 ? b.shape : blendShapes(a.shape, b.shape, minimumJerk((t - a.t) / span));
      }
    }
    return (keys[keys.length - 1] as ShapeKey).shape;
  }
}

/** Tilt φ(t): 0 outside [start, end], ramping to ±maxRad over `ramp` seconds with minimum jerk. */
export interface TiltPlan {
  start: number;
  end: number;
  ramp: number;
  maxRad: number;
}

export function tiltAt(plan: TiltPlan | null, t: number): number {
  if (plan === null || t <= plan.start || t >= plan.end) return 0;
  const up = minimumJerk((t - plan.start) / plan.ramp);
  const down = minimumJerk((plan.end - t) / plan.ramp);
  return plan.maxRad * Math.min(up, down);
}

// ── Orientation ─────────────────────────────────────────────────────────────────────────────────

export interface Orientation {
  theta: number;
  phi: number;
  psi: number;
}

/** Row-major 3×3 rotation Rz(θ)·Rx(φ)·Ry(ψ)·B_facing. */
export function orientationMatrix(o: Orientation, facing: 1 | -1): Float64Array {
  const ct = Math.cos(o.theta), st = Math.sin(o.theta);
  const cf = Math.cos(o.phi), sf = Math.sin(o.phi);
  const cp = Math.cos(o.psi), sp = Math.sin(o.psi);
  // Rx(φ)·Ry(ψ)
  const a = [cp, 0, sp, sf * sp, cf, -sf * cp, -cf * sp, sf, cf * cp];
  // Rz(θ)·a
  const m = new Float64Array(9);
  for (let j = 0; j < 3; j++) {
    const a0 = a[j] ?? 0, a1 = a[3 + j] ?? 0, a2 = a[6 + j] ?? 0;
    m[j] = ct * a0 - st * a1;
    m[3 + j] = st * a0 + ct * a1;
    m[6 + j] = a2;
  }
  if (facing === -1) {
    // B = diag(−1, 1, −1): negate the first and third columns.
    for (let r = 0; r < 3; r++) {
      m[r * 3] = -(m[r * 3] ?? 0);
      m[r * 3 + 2] = -(m[r * 3 + 2] ?? 0);
    }
  }
  return m;
}

/** World positions of all landmarks for a body whose centre of mass is at `com`. */
export function placeBody(points: Float64Array, bodyCom: readonly number[], rotation: Float64Array, com: readonly number[], out = new Float64Array(LANDMARK_COUNT * 3)): Float64Array {
  const n = points.length / 3;
  for (let i = 0; i < n; i++) {
    const x = (points[i * 3] ?? 0) - (bodyCom[0] ?? 0);
    const y = (points[i * 3 + 1] ?? 0) - (bodyCom[1] ?? 0);
    const z = (points[i * 3 + 2] ?? 0) - (bodyCom[2] ?? 0);
    out[i * 3] = (com[0] ?? 0) + (rotation[0] ?? 0) * x + (rotation[1] ?? 0) * y + (rotation[2] ?? 0) * z;
    out[i * 3 + 1] = (com[1] ?? 0) + (rotation[3] ?? 0) * x + (rotation[4] ?? 0) * y + (rotation[5] ?? 0) * z;
    out[i * 3 + 2] = (com[2] ?? 0) + (rotation[6] ?? 0) * x + (rotation[7] ?? 0) * y + (rotation[8] ?? 0) * z;
  }
  return out;
}

/** Where the CoM must be for body landmark `anchor` to sit at world point `at`. */
export function comForAnchor(points: Float64Array, bodyCom: readonly number[], rotation: Float64Array, anchor: number, at: readonly number[]): [number, number, number] {
  const x = (points[anchor * 3] ?? 0) - (bodyCom[0] ?? 0);
  const y = (points[anchor * 3 + 1] ?? 0) - (bodyCom[1] ?? 0);
  const z = (points[anchor * 3 + 2] ?? 0) - (bodyCom[2] ?? 0);
  return [
    (at[0] ?? 0) - ((rotation[0] ?? 0) * x + (rotation[1] ?? 0) * y + (rotation[2] ?? 0) * z),
    (at[1] ?? 0) - ((rotation[3] ?? 0) * x + (rotation[4] ?? 0) * y + (rotation[5] ?? 0) * z),
    (at[2] ?? 0) - ((rotation[6] ?? 0) * x + (rotation[7] ?? 0) * y + (rotation[8] ?? 0) * z),
  ];
}

// ── Flight integration ──────────────────────────────────────────────────────────────────────────

export interface TakeOffState {
  /** CoM at take-off (x, y), metres. */
  com: [number, number];
  /** CoM velocity at take-off, m/s. */
  velocity: [number, number];
  /** Somersault angle at take-off (includes the lean). */
  theta: number;
}

export interface FlightInput {
  body: BodyModel;
  facing: 1 | -1;
  takeOff: TakeOffState;
  shapes: ShapeTrack;
  tilt: TiltPlan | null;
  /** How long to integrate, seconds after take-off (past the expected contact). */
  horizon: number;
  /** Integration step, seconds (default 2 ms). */
  dt?: number;
}

/** Shape-dependent quantities on the time grid; they do not depend on H, so they are computed once. */
export interface ShapeGrid {
  dt: number;
  n: number;
  /** Inertia tensors (9 per step) about the CoM, in facing-aligned body axes. */
  inertia: Float64Array;
  /** Angular momentum of the shape change alone (3 per step), facing-aligned body axes. */
  shapeMomentum: Float64Array;
  phi: Float64Array;
  phiRate: Float64Array;
  theta0: number;
  tilt: TiltPlan | null;
}

/** Precompute what the flight integration needs from the shape schedule (the costly part). */
export function prepareFlight(input: FlightInput): ShapeGrid {
  const dt = input.dt ?? 0.004;
  const n = Math.ceil(input.horizon / dt) + 1;
  const inertia = new Float64Array(n * 9);
  const shapeMomentum = new Float64Array(n * 3);
  const phi = new Float64Array(n);
  const phiRate = new Float64Array(n);
  const eps = 0.001;
  const flip = input.facing === -1;
  const pts = new Float64Array(LANDMARK_COUNT * 3);
  const before = new Float64Array(LANDMARK_COUNT * 3);
  const after = new Float64Array(LANDMARK_COUNT * 3);
  for (let k = 0; k < n; k++) {
    const t = k * dt;
    bodyPoints(input.body, input.shapes.at(t), pts);
    const I = inertiaTensor(input.body, pts, centreOfMass(input.body, pts));
    bodyPoints(input.body, input.shapes.at(t - eps), before);
    bodyPoints(input.body, input.shapes.at(t + eps), after);
    const h = shapeAngularMomentum(input.body, before, after, 2 * eps);
    for (let i = 0; i < 9; i++) {
      // B I Bᵀ with B = diag(−1, 1, −1) flips the xy and yz products.
      const r = Math.floor(i / 3), c = i % 3;
      const sign = flip && (r === 1) !== (c === 1) ? -1 : 1;
      inertia[k * 9 + i] = sign * (I[i] ?? 0);
    }
    shapeMomentum[k * 3] = flip ? -h[0] : h[0];
    shapeMomentum[k * 3 + 1] = h[1];
    shapeMomentum[k * 3 + 2] = flip ? -h[2] : h[2];
    phi[k] = tiltAt(input.tilt, t);
    phiRate[k] = (tiltAt(input.tilt, t + eps) - tiltAt(input.tilt, t - eps)) / (2 * eps);
  }
  return { dt, n, inertia, shapeMomentum, phi, phiRate, theta0: input.takeOff.theta, tilt: input.tilt };
}

export interface FlightTrace {
  dt: number;
  /** Angular momentum about the CoM (z, world), kg·m²/s; its sign is the rotation sense. */
  H: number;
  theta: Float64Array;
  psi: Float64Array;
  phi: Float64Array;
  /** Somersault rate θ̇, rad/s. */
  thetaRate: Float64Array;
  psiRate: Float64Array;
  /** Moment of inertia about the somersault axis, kg·m². */
  inertiaZ: Float64Array;
  /** Moment of inertia about the body's long axis, kg·m². */
  inertiaLong: Float64Array;
}

function integrate(grid: ShapeGrid, H: number, theta0: number, tiltScale: number): FlightTrace {
  const { n, dt, inertia, shapeMomentum } = grid;
  const theta = new Float64Array(n);
  const psi = new Float64Array(n);
  const phi = new Float64Array(n);
  const thetaRate = new Float64Array(n);
  const psiRate = new Float64Array(n);
  const inertiaZ = new Float64Array(n);
  const inertiaLong = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    phi[k] = (grid.phi[k] ?? 0) * tiltScale;
    const Ilong = inertia[k * 9 + 4] ?? 1;
    inertiaLong[k] = Ilong;
    psiRate[k] = (H * Math.sin(phi[k] ?? 0)) / Ilong;
  }
  for (let k = 1; k < n; k++) psi[k] = (psi[k - 1] ?? 0) + (dt * ((psiRate[k - 1] ?? 0) + (psiRate[k] ?? 0))) / 2;
  for (let k = 0; k < n; k++) {
    const f = phi[k] ?? 0, p = psi[k] ?? 0;
    const cf = Math.cos(f), sf = Math.sin(f), cp = Math.cos(p), sp = Math.sin(p);
    // a_z: the world z axis in facing-aligned body axes, (Rx(φ)Ry(ψ))ᵀ e_z.
    const az = [-cf * sp, sf, cf * cp];
    const I = (i: number, j: number): number => inertia[k * 9 + i * 3 + j] ?? 0;
    const Iaz = [0, 1, 2].map((i) => I(i, 0) * (az[0] ?? 0) + I(i, 1) * (az[1] ?? 0) + I(i, 2) * (az[2] ?? 0));
    const Izz = (az[0] ?? 0) * (Iaz[0] ?? 0) + (az[1] ?? 0) * (Iaz[1] ?? 0) + (az[2] ?? 0) * (Iaz[2] ?? 0);
    const hShape = (az[0] ?? 0) * (shapeMomentum[k * 3] ?? 0) + (az[1] ?? 0) * (shapeMomentum[k * 3 + 1] ?? 0) + (az[2] ?? 0) * (shapeMomentum[k * 3 + 2] ?? 0);
    // Twist about the body long axis (e_y in these axes) and tilt about e_x turned by −ψ.
    const hTwist = (psiRate[k] ?? 0) * (Iaz[1] ?? 0);
    const tiltAxis = [cp, 0, sp];
    const hTilt = (grid.phiRate[k] ?? 0) * tiltScale * ((Iaz[0] ?? 0) * (tiltAxis[0] ?? 0) + (Iaz[2] ?? 0) * (tiltAxis[2] ?? 0));
    inertiaZ[k] = Izz;
    thetaRate[k] = (H - hShape - hTwist - hTilt) / Izz;
  }
  theta[0] = theta0;
  for (let k = 1; k < n; k++) theta[k] = (theta[k - 1] ?? 0) + (dt * ((thetaRate[k - 1] ?? 0) + (thetaRate[k] ?? 0))) / 2;
  return { dt, H, theta, psi, phi, thetaRate, psiRate, inertiaZ, inertiaLong };
}

function valueAt(values: Float64Array, dt: number, t: number): number {
  const x = Math.max(0, t / dt);
  const k = Math.floor(x);
  if (k >= values.length - 1) return values[values.length - 1] ?? 0;
  const w = x - k;
  return (values[k] ?? 0) * (1 - w) + (values[k + 1] ?? 0) * w;
}

export interface RotationTarget {
  /** Total somersault rotation from take-off to `atTime`, signed (radians). */
  rotation: number;
  atTime: number;
  /** Total twist from take-off, signed (radians); 0 without twists. */
  twist: number;
}

export interface SolvedFlight {
  trace: FlightTrace;
  /** Scale on the tilt plan's maxRad that produced the twist. */
  tiltScale: number;
}

/**
 * H (and tilt) that reach `target` with this schedule: secant iterations on H (the rotation is
 * nearly linear in H), bisection on the tilt for the twist at each H.
 */
export function solveFlight(grid: ShapeGrid, target: RotationTarget): SolvedFlight {
  const rotationAt = (H: number): { trace: FlightTrace; tiltScale: number; rotation: number } => {
    const tiltScale = tiltScaleFor(grid, H, target.twist, target.atTime);
    const trace = integrate(grid, H, grid.theta0, tiltScale);
    return { trace, tiltScale, rotation: valueAt(trace.theta, grid.dt, target.atTime) - grid.theta0 };
  };
  // Start from H = I·(rotation / time) with the take-off inertia, then secant.
  const I0 = grid.inertia[8] ?? 10;
  let h0 = ((I0 * target.rotation) / Math.max(0.2, target.atTime)) * 0.6;
  let h1 = h0 * 1.5;
  let r0 = rotationAt(h0);
  let r1 = rotationAt(h1);
  for (let i = 0; i < 12; i++) {
    const e1 = r1.rotation - target.rotation;
    if (Math.abs(e1) < 1e-4) break;
    const slope = (r1.rotation - r0.rotation) / (h1 - h0);
    if (!Number.isFinite(slope) || slope === 0) break;
    const h2 = h1 - e1 / slope;
    h0 = h1;
    r0 = r1;
    h1 = h2;
    r1 = rotationAt(h1);
  }
  return { trace: r1.trace, tiltScale: r1.tiltScale };
}

/** Integrate with a given H and tilt scale (the diver's actual take-off). */
export function runFlight(grid: ShapeGrid, H: number, tiltScale: number): FlightTrace {
  return integrate(grid, H, grid.theta0, tiltScale);
}

/**
 * Tilt scale (on the plan's maxRad) that gives `twist` radians by `atTime` under angular momentum H:
 * bisection, the twist being monotone in the tilt up to ~80°.
 */
export function tiltScaleFor(grid: ShapeGrid, H: number, twist: number, atTime: number): number {
  if (grid.tilt === null || twist === 0) return 0;
  const kEnd = Math.min(grid.n - 1, Math.round(atTime / grid.dt));
  const twistAt = (s: number): number => {
    let sum = 0;
    for (let k = 0; k <= kEnd; k++) sum += ((k === 0 || k === kEnd ? 0.5 : 1) * H * Math.sin((grid.phi[k] ?? 0) * s)) / (grid.inertia[k * 9 + 4] ?? 1);
    return sum * grid.dt;
  };
  let lo = 0, hi = 1.4 / Math.max(1e-6, Math.abs(grid.tilt.maxRad));
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (Math.abs(twistAt(mid)) < Math.abs(twist)) lo = mid;
    else hi = mid;
  }
  const s = (lo + hi) / 2;
  return Math.sign(twistAt(s)) === Math.sign(twist) ? s : -s;
}

/** Somersault angle on a trace at time t (linear between steps). */
export function thetaAt(trace: FlightTrace, t: number): number {
  return valueAt(trace.theta, trace.dt, t);
}

/** Orientation on the trace at time t after take-off (clamped to the integrated span). */
export function orientationAt(trace: FlightTrace, t: number): Orientation {
  return { theta: valueAt(trace.theta, trace.dt, t), phi: valueAt(trace.phi, trace.dt, t), psi: valueAt(trace.psi, trace.dt, t) };
}

export function thetaRateAt(trace: FlightTrace, t: number): number {
  return valueAt(trace.thetaRate, trace.dt, t);
}

/** Projectile CoM position and velocity t seconds after take-off. */
export function projectile(takeOff: TakeOffState, t: number): { x: number; y: number; vx: number; vy: number } {
  const [x0, y0] = takeOff.com;
  const [vx, vy] = takeOff.velocity;
  return { x: x0 + vx * t, y: y0 + vy * t - 0.5 * GRAVITY * t * t, vx, vy: vy - GRAVITY * t };
}

/** Time after take-off when the CoM is `drop` metres below... the height `y`: the later root of the parabola. */
export function timeToHeight(takeOff: TakeOffState, y: number): number {
  const [, y0] = takeOff.com;
  const [, vy] = takeOff.velocity;
  // y0 + vy t − g t²/2 = y
  const a = 0.5 * GRAVITY, b = -vy, c = y - y0;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return Number.NaN;
  return (-b + Math.sqrt(disc)) / (2 * a);
}

/** Angular momentum (z, world) of a body from world landmark positions at t−dt/2 and t+dt/2 (for checks). */
export function worldAngularMomentumZ(body: BodyModel, before: Float64Array, after: Float64Array, dt: number): number {
  const c0 = centreOfMass(body, before);
  const c1 = centreOfMass(body, after);
  let h = 0;
  for (const seg of body.segments) {
    const p = seg.proximal * 3, d = seg.distal * 3;
    const at = (pts: Float64Array, c: readonly number[]) => {
      const px = pts[p] ?? 0, py = pts[p + 1] ?? 0, pz = pts[p + 2] ?? 0;
      const dx = (pts[d] ?? 0) - px, dy = (pts[d + 1] ?? 0) - py, dz = (pts[d + 2] ?? 0) - pz;
      const len = Math.hypot(dx, dy, dz) || 1;
      return { rx: px + seg.com * dx - (c[0] ?? 0), ry: py + seg.com * dy - (c[1] ?? 0), ux: dx / len, uy: dy / len };
    };
    const s0 = at(before, c0), s1 = at(after, c1);
    const rx = (s0.rx + s1.rx) / 2, ry = (s0.ry + s1.ry) / 2;
    const vx = (s1.rx - s0.rx) / dt, vy = (s1.ry - s0.ry) / dt;
    h += seg.massKg * (rx * vy - ry * vx);
    const ux = (s0.ux + s1.ux) / 2, uy = (s0.uy + s1.uy) / 2;
    const dux = (s1.ux - s0.ux) / dt, duy = (s1.uy - s0.uy) / dt;
    h += seg.massKg * seg.rPerpM * seg.rPerpM * (ux * duy - uy * dux);
  }
  return h;
}
