/**
 * The diver's body: 15 rigid segments with anthropometric lengths, masses, centre-of-mass positions
 * and radii of gyration from de Leva (1996) — "Adjustments to Zatsiorsky–Seluyanov's segment inertia
 * parameters", J. Biomech. 29(9):1223–1230, Table 4 (male and female columns) — scaled to the diver's
 * stature and mass.
 *
 * de Leva's segment lengths come from different landmark sets (e.g. trunk CERV–MIDH), so the standing
 * stack (ankle height + shank + thigh + trunk + head) does not add up to stature exactly; the lengths
 * are scaled together so that it does. Masses are fractions of body mass; inertia about each segment's
 * own centre of mass uses the transverse (mean of de Leva's sagittal and transverse columns) and
 * longitudinal radii of gyration.
 *
 * Coordinates in the body frame: x anterior (the way the chest faces), y up along the trunk,
 * z to the diver's right. The pelvis (mid hip joint centres) is the origin. A `Shape` holds the joint
 * angles; `bodyPoints` is the forward kinematics.
 */
import type { Random } from './random.ts';

export type Sex = 'female' | 'male';

/** Joint angles in radians. */
export interface Shape {
  /** Hip flexion: 0 legs in line with the trunk, π/2 thighs forward, ~2.4 tight tuck or pike. Negative = arched. */
  hipFlexR: number;
  hipFlexL: number;
  /** Knee flexion: 0 straight. */
  kneeFlexR: number;
  kneeFlexL: number;
  /** Plantar flexion: 0 foot at right angles to the shank, ~π/2 pointed toes. */
  ankleR: number;
  ankleL: number;
  /** Hip abduction (legs apart), outward positive. */
  hipAbdR: number;
  hipAbdL: number;
  /** Arm elevation in the sagittal plane: 0 arm down by the side, π/2 forward, π overhead. */
  shoulderFlexR: number;
  shoulderFlexL: number;
  /** Arm abduction (out to the side), outward positive. */
  shoulderAbdR: number;
  shoulderAbdL: number;
  /** Elbow flexion: 0 straight. The forearm turns forward/up from the upper arm. */
  elbowFlexR: number;
  elbowFlexL: number;
  /** Arm wrap across the chest (twisting position): the forearm turns toward the midline. */
  armWrapR: number;
  armWrapL: number;
  /** Neck flexion: positive chin toward chest. */
  neckFlex: number;
}

export const SHAPE_KEYS = [
  'hipFlexR', 'hipFlexL', 'kneeFlexR', 'kneeFlexL', 'ankleR', 'ankleL', 'hipAbdR', 'hipAbdL',
  'shoulderFlexR', 'shoulderFlexL', 'shoulderAbdR', 'shoulderAbdL', 'elbowFlexR', 'elbowFlexL',
  'armWrapR', 'armWrapL', 'neckFlex',
] as const satisfies readonly (keyof Shape)[];

export function neutralShape(): Shape {
  return {
    hipFlexR: 0, hipFlexL: 0, kneeFlexR: 0, kneeFlexL: 0, ankleR: 0, ankleL: 0, hipAbdR: 0, hipAbdL: 0,
    shoulderFlexR: 0, shoulderFlexL: 0, shoulderAbdR: 0.05, shoulderAbdL: 0.05, elbowFlexR: 0, elbowFlexL: 0,
    armWrapR: 0, armWrapL: 0, neckFlex: 0,
  };
}

/** Symmetric shape from one value per joint. */
export function symmetricShape(values: {
  hipFlex?: number; kneeFlex?: number; ankle?: number; hipAbd?: number; shoulderFlex?: number;
  shoulderAbd?: number; elbowFlex?: number; armWrap?: number; neckFlex?: number;
}): Shape {
  const n = neutralShape();
  const both = (v: number | undefined, fallback: number): [number, number] => [v ?? fallback, v ?? fallback];
  [n.hipFlexR, n.hipFlexL] = both(values.hipFlex, 0);
  [n.kneeFlexR, n.kneeFlexL] = both(values.kneeFlex, 0);
  [n.ankleR, n.ankleL] = both(values.ankle, 0);
  [n.hipAbdR, n.hipAbdL] = both(values.hipAbd, 0);
  [n.shoulderFlexR, n.shoulderFlexL] = both(values.shoulderFlex, 0);
  [n.shoulderAbdR, n.shoulderAbdL] = both(values.shoulderAbd, 0.05);
  [n.elbowFlexR, n.elbowFlexL] = both(values.elbowFlex, 0);
  [n.armWrapR, n.armWrapL] = both(values.armWrap, 0);
  n.neckFlex = values.neckFlex ?? 0;
  return n;
}

export function blendShapes(a: Shape, b: Shape, weight: number): Shape {
  const out = { ...a };
  for (const key of SHAPE_KEYS) out[key] = a[key] + (b[key] - a[key]) * weight;
  return out;
}

// ── Anthropometric tables ───────────────────────────────────────────────────────────────────────

export type SegmentName =
  | 'head' | 'trunk'
  | 'upperArmR' | 'forearmR' | 'handR' | 'upperArmL' | 'forearmL' | 'handL'
  | 'thighR' | 'shankR' | 'footR' | 'thighL' | 'shankL' | 'footL';

interface DeLevaRow {
  /** Segment length in mm for the reference subject. */
  lengthMm: number;
  /** Mass as a fraction of body mass. */
  mass: number;
  /** Centre of mass from the proximal landmark, fraction of length. */
  com: number;
  /** Radii of gyration, fraction of length: sagittal, transverse, longitudinal. */
  rSag: number;
  rTrans: number;
  rLong: number;
}

type Limb = 'head' | 'trunk' | 'upperArm' | 'forearm' | 'hand' | 'thigh' | 'shank' | 'foot';

/** de Leva (1996) Table 4. Head: VERT→CERV; trunk: CERV→MIDH; limbs proximal→distal; foot HEEL→TTIP. */
const DE_LEVA: Readonly<Record<Sex, { statureMm: number; rows: Readonly<Record<Limb, DeLevaRow>> }>> = {
  male: {
    statureMm: 1741,
    rows: {
      head: { lengthMm: 242.9, mass: 0.0694, com: 0.5976, rSag: 0.362, rTrans: 0.376, rLong: 0.312 },
      trunk: { lengthMm: 603.3, mass: 0.4346, com: 0.4486, rSag: 0.372, rTrans: 0.347, rLong: 0.191 },
      upperArm: { lengthMm: 281.7, mass: 0.0271, com: 0.5772, rSag: 0.285, rTrans: 0.269, rLong: 0.158 },
      forearm: { lengthMm: 268.9, mass: 0.0162, com: 0.4574, rSag: 0.276, rTrans: 0.265, rLong: 0.121 },
      hand: { lengthMm: 86.2, mass: 0.0061, com: 0.79, rSag: 0.628, rTrans: 0.513, rLong: 0.401 },
      thigh: { lengthMm: 422.2, mass: 0.1416, com: 0.4095, rSag: 0.329, rTrans: 0.329, rLong: 0.149 },
      shank: { lengthMm: 434.0, mass: 0.0433, com: 0.4459, rSag: 0.255, rTrans: 0.249, rLong: 0.103 },
      foot: { lengthMm: 258.1, mass: 0.0137, com: 0.4415, rSag: 0.257, rTrans: 0.245, rLong: 0.124 },
    },
  },
  female: {
    statureMm: 1735,
    rows: {
      head: { lengthMm: 243.7, mass: 0.0668, com: 0.5894, rSag: 0.330, rTrans: 0.359, rLong: 0.318 },
      trunk: { lengthMm: 614.8, mass: 0.4257, com: 0.4151, rSag: 0.357, rTrans: 0.339, rLong: 0.171 },
      upperArm: { lengthMm: 275.1, mass: 0.0255, com: 0.5754, rSag: 0.278, rTrans: 0.260, rLong: 0.148 },
      forearm: { lengthMm: 264.3, mass: 0.0138, com: 0.4559, rSag: 0.261, rTrans: 0.257, rLong: 0.094 },
      hand: { lengthMm: 78.0, mass: 0.0056, com: 0.7474, rSag: 0.531, rTrans: 0.454, rLong: 0.335 },
      thigh: { lengthMm: 369.5, mass: 0.1478, com: 0.3612, rSag: 0.369, rTrans: 0.364, rLong: 0.162 },
      shank: { lengthMm: 432.3, mass: 0.0481, com: 0.4416, rSag: 0.271, rTrans: 0.267, rLong: 0.093 },
      foot: { lengthMm: 228.3, mass: 0.0129, com: 0.4014, rSag: 0.299, rTrans: 0.279, rLong: 0.139 },
    },
  },
};

/** Ankle (lateral malleolus) height standing, fraction of stature (Drillis & Contini). */
const ANKLE_HEIGHT = 0.039;
/** Hand length wrist → fingertips, fraction of stature (Drillis & Contini 0.108). */
const HAND_LENGTH = 0.108;
/** MPII head size (head_top → upper_neck) as a fraction of stature: ~0.18 m for a 1.72 m diver. */
export const HEAD_SIZE_FRACTION = 0.105;

export interface SegmentSpec {
  name: SegmentName;
  limb: Limb;
  side: 'R' | 'L' | null;
  massKg: number;
  lengthM: number;
  /** Centre of mass from the proximal landmark, fraction of the proximal→distal distance. */
  com: number;
  /** Radii of gyration in metres. */
  rPerpM: number;
  rLongM: number;
  proximal: Landmark;
  distal: Landmark;
}

export interface BodyModel {
  sex: Sex;
  statureM: number;
  massKg: number;
  segments: readonly SegmentSpec[];
  lengths: Readonly<Record<Limb, number>>;
  ankleHeightM: number;
  hipHalfWidthM: number;
  shoulderHalfWidthM: number;
  /** Shoulder joint centres below CERV (C7). */
  shoulderDropM: number;
  /** head_top → upper_neck, the unit of PCKh and of the pose-error statistics. */
  headSizeM: number;
}

// Landmarks in the body frame, as indices into a Float64Array of x, y, z triples.
export const LM = {
  pelvis: 0, hipR: 1, hipL: 2, kneeR: 3, kneeL: 4, ankleR: 5, ankleL: 6, heelR: 7, heelL: 8, toeR: 9, toeL: 10,
  cerv: 11, thorax: 12, upperNeck: 13, vertex: 14, shoulderR: 15, shoulderL: 16, elbowR: 17, elbowL: 18,
  wristR: 19, wristL: 20, handR: 21, handL: 22, headCentre: 23,
} as const;
export type Landmark = (typeof LM)[keyof typeof LM];
export const LANDMARK_COUNT = 24;

export interface BodyParams {
  sex: Sex;
  statureM: number;
  massKg: number;
}

/** A diver drawn from elite-diver ranges: women 1.60 ± 0.06 m, men 1.72 ± 0.06 m; BMI 20.5 / 22 ± 1.3. */
export function sampleBodyParams(random: Random): BodyParams {
  const sex: Sex = random.chance(0.5) ? 'female' : 'male';
  const statureM = sex === 'female' ? random.truncatedNormal(1.6, 0.06, 1.45, 1.78) : random.truncatedNormal(1.72, 0.06, 1.55, 1.9);
  const bmi = sex === 'female' ? random.truncatedNormal(20.5, 1.3, 17.5, 24) : random.truncatedNormal(22, 1.3, 19, 26);
  return { sex, statureM, massKg: bmi * statureM * statureM };
}

export function makeBody(params: BodyParams): BodyModel {
  const table = DE_LEVA[params.sex];
  const s = params.statureM;
  const ref = table.statureMm / 1000;
  const raw = (limb: Limb): number => (table.rows[limb].lengthMm / 1000) * (s / ref);
  // Scale the standing stack to stature (see the header).
  const ankleHeightM = ANKLE_HEIGHT * s;
  const stack = raw('shank') + raw('thigh') + raw('trunk') + raw('head');
  const k = (s - ankleHeightM) / stack;
  const lengths: Record<Limb, number> = {
    head: raw('head') * k,
    trunk: raw('trunk') * k,
    upperArm: raw('upperArm') * k,
    forearm: raw('forearm') * k,
    hand: HAND_LENGTH * s,
    thigh: raw('thigh') * k,
    shank: raw('shank') * k,
    foot: raw('foot') * k,
  };
  const spec = (name: SegmentName, limb: Limb, side: 'R' | 'L' | null, proximal: Landmark, distal: Landmark): SegmentSpec => {
    const row = table.rows[limb];
    let com = row.com;
    let rPerp = (row.rSag + row.rTrans) / 2;
    let rLong = row.rLong;
    if (limb === 'hand') {
      // de Leva's hand ends at MET3; ours reaches the fingertips: keep its CoM and radii in metres.
      const deLevaLength = raw('hand') * k;
      com = (row.com * deLevaLength) / lengths.hand;
      rPerp = (rPerp * deLevaLength) / lengths.hand;
      rLong = (rLong * deLevaLength) / lengths.hand;
    }
    const L = lengths[limb];
    return { name, limb, side, massKg: row.mass * params.massKg, lengthM: L, com, rPerpM: rPerp * L, rLongM: rLong * L, proximal, distal };
  };
  const segments: SegmentSpec[] = [
    spec('head', 'head', null, LM.vertex, LM.cerv),
    spec('trunk', 'trunk', null, LM.cerv, LM.pelvis),
    spec('upperArmR', 'upperArm', 'R', LM.shoulderR, LM.elbowR),
    spec('forearmR', 'forearm', 'R', LM.elbowR, LM.wristR),
    spec('handR', 'hand', 'R', LM.wristR, LM.handR),
    spec('upperArmL', 'upperArm', 'L', LM.shoulderL, LM.elbowL),
    spec('forearmL', 'forearm', 'L', LM.elbowL, LM.wristL),
    spec('handL', 'hand', 'L', LM.wristL, LM.handL),
    spec('thighR', 'thigh', 'R', LM.hipR, LM.kneeR),
    spec('shankR', 'shank', 'R', LM.kneeR, LM.ankleR),
    spec('footR', 'foot', 'R', LM.heelR, LM.toeR),
    spec('thighL', 'thigh', 'L', LM.hipL, LM.kneeL),
    spec('shankL', 'shank', 'L', LM.kneeL, LM.ankleL),
    spec('footL', 'foot', 'L', LM.heelL, LM.toeL),
  ];
  const female = params.sex === 'female';
  return {
    sex: params.sex,
    statureM: s,
    massKg: params.massKg,
    segments,
    lengths,
    ankleHeightM,
    hipHalfWidthM: (female ? 0.052 : 0.05) * s,
    shoulderHalfWidthM: (female ? 0.093 : 0.1) * s,
    shoulderDropM: 0.035 * s,
    headSizeM: HEAD_SIZE_FRACTION * s,
  };
}

// ── Forward kinematics ──────────────────────────────────────────────────────────────────────────

function put(out: Float64Array, landmark: Landmark, x: number, y: number, z: number): void {
  out[landmark * 3] = x;
  out[landmark * 3 + 1] = y;
  out[landmark * 3 + 2] = z;
}

function get(points: Float64Array, landmark: Landmark, axis: 0 | 1 | 2): number {
  return points[landmark * 3 + axis] ?? 0;
}

/** Limb direction: `angle` from straight down toward anterior (sagittal), `abduction` toward the side. */
function limbDir(angle: number, abduction: number, side: 1 | -1): [number, number, number] {
  const c = Math.cos(abduction);
  return [Math.sin(angle) * c, -Math.cos(angle) * c, side * Math.sin(abduction)];
}

/** Landmark positions (x, y, z per landmark) for a body in a shape, pelvis at the origin. */
export function bodyPoints(body: BodyModel, shape: Shape, out: Float64Array = new Float64Array(LANDMARK_COUNT * 3)): Float64Array {
  const L = body.lengths;
  put(out, LM.pelvis, 0, 0, 0);
  put(out, LM.cerv, 0, L.trunk, 0);
  put(out, LM.thorax, 0, L.trunk - 0.012 * body.statureM, 0);
  // Head: the segment VERT–CERV, tilted forward by the neck flexion.
  const hx = Math.sin(shape.neckFlex);
  const hy = Math.cos(shape.neckFlex);
  const neckToTop = L.head;
  const upperNeckAt = Math.max(0.15 * neckToTop, neckToTop - body.headSizeM);
  put(out, LM.upperNeck, hx * upperNeckAt, L.trunk + hy * upperNeckAt, 0);
  put(out, LM.vertex, hx * neckToTop, L.trunk + hy * neckToTop, 0);
  // Skull centre: ~0.55 head size below the vertex, a little anterior.
  const skull = neckToTop - 0.52 * body.headSizeM;
  put(out, LM.headCentre, hx * skull + hy * 0.012 * body.statureM, L.trunk + hy * skull - hx * 0.012 * body.statureM, 0);

  const legs: [1 | -1, 'R' | 'L'][] = [[1, 'R'], [-1, 'L']];
  for (const [side, s] of legs) {
    const hipFlex = s === 'R' ? shape.hipFlexR : shape.hipFlexL;
    const knee = s === 'R' ? shape.kneeFlexR : shape.kneeFlexL;
    const ankle = s === 'R' ? shape.ankleR : shape.ankleL;
    const abd = s === 'R' ? shape.hipAbdR : shape.hipAbdL;
    const hip = s === 'R' ? LM.hipR : LM.hipL;
    const kneeLm = s === 'R' ? LM.kneeR : LM.kneeL;
    const ankleLm = s === 'R' ? LM.ankleR : LM.ankleL;
    const heelLm = s === 'R' ? LM.heelR : LM.heelL;
    const toeLm = s === 'R' ? LM.toeR : LM.toeL;
    const hz = side * body.hipHalfWidthM;
    put(out, hip, 0, 0, hz);
    const t = limbDir(hipFlex, abd, side);
    const kx = t[0] * L.thigh, ky = t[1] * L.thigh, kz = hz + t[2] * L.thigh;
    put(out, kneeLm, kx, ky, kz);
    const shankAngle = hipFlex - knee;
    const sh = limbDir(shankAngle, abd, side);
    const ax = kx + sh[0] * L.shank, ay = ky + sh[1] * L.shank, az = kz + sh[2] * L.shank;
    put(out, ankleLm, ax, ay, az);
    // Foot: at right angles to the shank when ankle = 0, in line with it when pointed (π/2).
    const footAngle = shankAngle + Math.PI / 2 - ankle;
    const fx = Math.sin(footAngle), fy = -Math.cos(footAngle);
    // Sole normal: the foot direction turned 90° toward the heel side.
    const nx = fy, ny = -fx;
    const front = 0.74 * L.foot;
    put(out, toeLm, ax + fx * front, ay + fy * front, az);
    put(out, heelLm, ax - fx * (L.foot - front) + nx * 0.2 * L.foot, ay - fy * (L.foot - front) + ny * 0.2 * L.foot, az);
  }

  for (const [side, s] of legs) {
    const flex = s === 'R' ? shape.shoulderFlexR : shape.shoulderFlexL;
    const abd = s === 'R' ? shape.shoulderAbdR : shape.shoulderAbdL;
    const elbow = s === 'R' ? shape.elbowFlexR : shape.elbowFlexL;
    const wrap = s === 'R' ? shape.armWrapR : shape.armWrapL;
    const shoulderLm = s === 'R' ? LM.shoulderR : LM.shoulderL;
    const elbowLm = s === 'R' ? LM.elbowR : LM.elbowL;
    const wristLm = s === 'R' ? LM.wristR : LM.wristL;
    const handLm = s === 'R' ? LM.handR : LM.handL;
    const sy = L.trunk - body.shoulderDropM;
    const sz = side * body.shoulderHalfWidthM;
    put(out, shoulderLm, 0, sy, sz);
    // Wrapping pulls the upper arm in against the chest.
    const u = limbDir(flex, abd - 0.35 * wrap, side);
    const ex = u[0] * L.upperArm, ey = sy + u[1] * L.upperArm, ez = sz + u[2] * L.upperArm;
    put(out, elbowLm, ex, ey, ez);
    const f = limbDir(flex + elbow, abd - 1.1 * wrap, side);
    const wx = ex + f[0] * L.forearm, wy = ey + f[1] * L.forearm, wz = ez + f[2] * L.forearm;
    put(out, wristLm, wx, wy, wz);
    put(out, handLm, wx + f[0] * L.hand, wy + f[1] * L.hand, wz + f[2] * L.hand);
  }
  return out;
}

export function landmark(points: Float64Array, lm: Landmark): [number, number, number] {
  return [get(points, lm, 0), get(points, lm, 1), get(points, lm, 2)];
}

/** Whole-body centre of mass of a pose (body frame). */
export function centreOfMass(body: BodyModel, points: Float64Array): [number, number, number] {
  let x = 0, y = 0, z = 0;
  for (const seg of body.segments) {
    const p = seg.proximal * 3, d = seg.distal * 3;
    const c = seg.com;
    x += seg.massKg * ((points[p] ?? 0) + c * ((points[d] ?? 0) - (points[p] ?? 0)));
    y += seg.massKg * ((points[p + 1] ?? 0) + c * ((points[d + 1] ?? 0) - (points[p + 1] ?? 0)));
    z += seg.massKg * ((points[p + 2] ?? 0) + c * ((points[d + 2] ?? 0) - (points[p + 2] ?? 0)));
  }
  return [x / body.massKg, y / body.massKg, z / body.massKg];
}

export function totalSegmentMass(body: BodyModel): number {
  return body.segments.reduce((sum, s) => sum + s.massKg, 0);
}

/** Symmetric 3×3 tensor stored row-major. */
export type Tensor3 = Float64Array;

/**
 * Inertia tensor of the whole body about its centre of mass (body frame), in kg·m².
 * Each segment: parallel-axis point mass + its own tensor m(r⊥²(I − ddᵀ) + r∥² ddᵀ) about its long axis d.
 */
export function inertiaTensor(body: BodyModel, points: Float64Array, com = centreOfMass(body, points)): Tensor3 {
  let xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  for (const seg of body.segments) {
    const p = seg.proximal * 3, d = seg.distal * 3;
    const px = points[p] ?? 0, py = points[p + 1] ?? 0, pz = points[p + 2] ?? 0;
    const dx = (points[d] ?? 0) - px, dy = (points[d + 1] ?? 0) - py, dz = (points[d + 2] ?? 0) - pz;
    const len = Math.hypot(dx, dy, dz) || 1;
    const ux = dx / len, uy = dy / len, uz = dz / len;
    const rx = px + seg.com * dx - com[0], ry = py + seg.com * dy - com[1], rz = pz + seg.com * dz - com[2];
    const m = seg.massKg;
    const r2 = rx * rx + ry * ry + rz * rz;
    const a = m * seg.rPerpM * seg.rPerpM;
    const b = m * seg.rLongM * seg.rLongM;
    // m(r²δ − r rᵀ) + a(δ − u uᵀ) + b u uᵀ
    xx += m * (r2 - rx * rx) + a * (1 - ux * ux) + b * ux * ux;
    yy += m * (r2 - ry * ry) + a * (1 - uy * uy) + b * uy * uy;
    zz += m * (r2 - rz * rz) + a * (1 - uz * uz) + b * uz * uz;
    xy += -m * rx * ry + (b - a) * ux * uy;
    xz += -m * rx * rz + (b - a) * ux * uz;
    yz += -m * ry * rz + (b - a) * uy * uz;
  }
  return Float64Array.of(xx, xy, xz, xy, yy, yz, xz, yz, zz);
}

/**
 * Angular momentum about the centre of mass due to the change of shape alone (body frame, the body
 * itself not rotating), by central differences of two poses `dt` apart. kg·m²/s.
 */
export function shapeAngularMomentum(body: BodyModel, before: Float64Array, after: Float64Array, dt: number): [number, number, number] {
  const c0 = centreOfMass(body, before);
  const c1 = centreOfMass(body, after);
  let hx = 0, hy = 0, hz = 0;
  for (const seg of body.segments) {
    const p = seg.proximal * 3, d = seg.distal * 3;
    const at = (pts: Float64Array, c: [number, number, number]) => {
      const px = pts[p] ?? 0, py = pts[p + 1] ?? 0, pz = pts[p + 2] ?? 0;
      const dx = (pts[d] ?? 0) - px, dy = (pts[d + 1] ?? 0) - py, dz = (pts[d + 2] ?? 0) - pz;
      const len = Math.hypot(dx, dy, dz) || 1;
      return {
        r: [px + seg.com * dx - c[0], py + seg.com * dy - c[1], pz + seg.com * dz - c[2]] as const,
        u: [dx / len, dy / len, dz / len] as const,
      };
    };
    const s0 = at(before, c0);
    const s1 = at(after, c1);
    const r = [(s0.r[0] + s1.r[0]) / 2, (s0.r[1] + s1.r[1]) / 2, (s0.r[2] + s1.r[2]) / 2];
    const v = [(s1.r[0] - s0.r[0]) / dt, (s1.r[1] - s0.r[1]) / dt, (s1.r[2] - s0.r[2]) / dt];
    const m = seg.massKg;
    hx += m * ((r[1] ?? 0) * (v[2] ?? 0) - (r[2] ?? 0) * (v[1] ?? 0));
    hy += m * ((r[2] ?? 0) * (v[0] ?? 0) - (r[0] ?? 0) * (v[2] ?? 0));
    hz += m * ((r[0] ?? 0) * (v[1] ?? 0) - (r[1] ?? 0) * (v[0] ?? 0));
    // Own rotation of the segment: ω⊥ = u × u̇, weighted by the transverse moment.
    const u = [(s0.u[0] + s1.u[0]) / 2, (s0.u[1] + s1.u[1]) / 2, (s0.u[2] + s1.u[2]) / 2];
    const du = [(s1.u[0] - s0.u[0]) / dt, (s1.u[1] - s0.u[1]) / dt, (s1.u[2] - s0.u[2]) / dt];
    const a = m * seg.rPerpM * seg.rPerpM;
    hx += a * ((u[1] ?? 0) * (du[2] ?? 0) - (u[2] ?? 0) * (du[1] ?? 0));
    hy += a * ((u[2] ?? 0) * (du[0] ?? 0) - (u[0] ?? 0) * (du[2] ?? 0));
    hz += a * ((u[0] ?? 0) * (du[1] ?? 0) - (u[1] ?? 0) * (du[0] ?? 0));
  }
  return [hx, hy, hz];
}

// ── Named positions ──────────────────────────────────────────────────────────────────────────────

const deg = Math.PI / 180;

/** Standing at attention: arms by the sides, feet flat. */
export function standingShape(): Shape {
  return symmetricShape({ ankle: 0, shoulderFlex: 0.05, shoulderAbd: 0.08 });
}

/**
 * Tuck: thighs to the chest, heels to the seat, hands on the shins. `looseness` 0 (tight) … 1 (open
 * tuck, ~45° less hip and 40° less knee flexion, hands off the shins).
 */
export function tuckShape(looseness: number, armError = 0): Shape {
  const hip = (138 - 45 * looseness) * deg;
  const knee = (145 - 40 * looseness) * deg;
  return symmetricShape({
    hipFlex: hip,
    kneeFlex: knee,
    ankle: 80 * deg,
    // Hands grab the shins just below the knee.
    shoulderFlex: (62 - 15 * looseness + 25 * armError) * deg,
    elbowFlex: (78 - 20 * armError) * deg,
    shoulderAbd: (8 + 20 * armError) * deg,
    neckFlex: 25 * deg,
  });
}

/** Pike: legs straight, folded at the hips; `looseness` 0 (chest on thighs) … 1 (open pike, ~55° wider). */
export function pikeShape(looseness: number, kneeBendDeg = 0, armError = 0): Shape {
  const hip = (150 - 55 * looseness) * deg;
  return symmetricShape({
    hipFlex: hip,
    kneeFlex: kneeBendDeg * deg,
    ankle: 82 * deg,
    // Arms wrapped behind the knees.
    shoulderFlex: Math.min(hip, (120 - 20 * looseness) * deg) + 10 * armError * deg,
    elbowFlex: (30 + 25 * armError) * deg,
    shoulderAbd: (10 + 20 * armError) * deg,
    neckFlex: 15 * deg,
  });
}

/** Straight (layout) body with arms out to the side or overhead. */
export function straightShape(arms: 'sides' | 'overhead' | 'wrapped' | 'spread', kneeBendDeg = 0, hipFlexDeg = 0, armError = 0): Shape {
  const base = { hipFlex: hipFlexDeg * deg, kneeFlex: kneeBendDeg * deg, ankle: 82 * deg };
  switch (arms) {
    case 'sides':
      return symmetricShape({ ...base, shoulderFlex: (4 + 20 * armError) * deg, shoulderAbd: (6 + 15 * armError) * deg });
    case 'overhead':
      // Head-first line-up: arms locked above the head, hands flat on top of each other.
      return symmetricShape({ ...base, shoulderFlex: (178 - 35 * armError) * deg, shoulderAbd: (3 + 10 * armError) * deg, elbowFlex: 35 * armError * deg });
    case 'wrapped':
      // Twisting position: arms pulled in across the chest.
      return symmetricShape({ ...base, shoulderFlex: 25 * deg, shoulderAbd: 5 * deg, elbowFlex: 115 * deg, armWrap: (1 - 0.5 * armError) * 1.0 });
    case 'spread':
      return symmetricShape({ ...base, shoulderFlex: 90 * deg, shoulderAbd: 70 * deg });
  }
}
