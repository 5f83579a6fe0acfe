/**
 * The take-off stage on the board or platform (t < 0, take-off at t = 0): standing press, running
 * approach with hurdle, or handstand. This part is kinematic — the board contact is not simulated —
 * but anchored: the toes (or hands) stay on the board, which dips under a springboard press, and the
 * body's pose at t = 0 is exactly the flight's take-off pose.
 */
import { LM, bodyPoints, centreOfMass, symmetricShape, standingShape, blendShapes, neutralShape } from './body.ts';
import type { BodyModel, Shape } from './body.ts';
import type { Faults } from './faults.ts';
import { comForAnchor, minimumJerk, orientationMatrix } from './physics.ts';
import type { DiveProgram } from './program.ts';
import type { Random } from './random.ts';

const deg = Math.PI / 180;

export interface BoardSample {
  shape: Shape;
  /** Somersault angle (the board phase has no tilt or twist). */
  theta: number;
  com: [number, number, number];
}

export interface BoardPhase {
  /** Seconds on the board shown before take-off. */
  duration: number;
  takeOffShape: Shape;
  takeOffTheta: number;
  takeOffCom: [number, number];
  /** Time the diver lands on the board end from the hurdle (running approach), else null. */
  hurdleLanding: number | null;
  sample(t: number): BoardSample;
  /** Springboard tip deflection (positive down), metres; 0 on a platform. */
  boardDip(t: number): number;
}

/** Nominal lean at take-off in the rotation sense, degrees. */
const NOMINAL_LEAN: Readonly<Record<string, number>> = { forward: 14, back: 7, reverse: 3, inward: 2, armstand: 12 };

export function takeOffLeanRad(program: DiveProgram, faults: Faults): number {
  const key = program.dive.armstand ? 'armstand' : program.dive.direction;
  return ((NOMINAL_LEAN[key] ?? 8) + faults.takeOffLeanDeg) * deg;
}

/** The extended body leaving the board: on the toes, arms swinging up (or a handstand pushing off). */
export function takeOffShape(program: DiveProgram): Shape {
  if (program.dive.armstand) return symmetricShape({ hipFlex: 12 * deg, shoulderFlex: 176 * deg, ankle: 80 * deg, shoulderAbd: 4 * deg });
  switch (program.dive.direction) {
    case 'forward':
      return symmetricShape({ hipFlex: 22 * deg, shoulderFlex: 160 * deg, ankle: 62 * deg, shoulderAbd: 6 * deg });
    case 'back':
      return symmetricShape({ hipFlex: 4 * deg, shoulderFlex: 172 * deg, ankle: 62 * deg, shoulderAbd: 6 * deg });
    case 'reverse':
      return symmetricShape({ hipFlex: 6 * deg, shoulderFlex: 168 * deg, ankle: 62 * deg, shoulderAbd: 6 * deg });
    case 'inward':
      return symmetricShape({ hipFlex: 38 * deg, shoulderFlex: 125 * deg, ankle: 62 * deg, shoulderAbd: 6 * deg });
  }
}

/**
 * A squat on the board from world angles: trunk leaning `leanDeg` toward the chest side, thighs
 * `thighDeg` forward of vertical, shanks `shankDeg` (negative: knees ahead of the ankles), feet flat.
 */
function pressShape(leanDeg: number, thighDeg: number, shankDeg: number, shoulderDeg: number): Shape {
  return symmetricShape({
    hipFlex: (thighDeg + leanDeg) * deg,
    kneeFlex: (thighDeg - shankDeg) * deg,
    ankle: shankDeg * deg,
    shoulderFlex: shoulderDeg * deg,
    shoulderAbd: 8 * deg,
    neckFlex: 8 * deg,
  });
}

/** Walking/running gait at phase p (radians). */
function gaitShape(p: number, armsUp = 0): Shape {
  const s = neutralShape();
  const swing = 26 * deg;
  s.hipFlexR = 8 * deg + swing * Math.sin(p);
  s.hipFlexL = 8 * deg - swing * Math.sin(p);
  s.kneeFlexR = 8 * deg + 50 * deg * Math.max(0, Math.sin(p + 1.1));
  s.kneeFlexL = 8 * deg + 50 * deg * Math.max(0, Math.sin(p + 1.1 + Math.PI));
  s.ankleR = 10 * deg + 25 * deg * Math.max(0, -Math.sin(p));
  s.ankleL = 10 * deg + 25 * deg * Math.max(0, Math.sin(p));
  s.shoulderFlexR = -18 * deg * Math.sin(p) + armsUp;
  s.shoulderFlexL = 18 * deg * Math.sin(p) + armsUp;
  s.elbowFlexR = 20 * deg;
  s.elbowFlexL = 20 * deg;
  s.shoulderAbdR = 8 * deg;
  s.shoulderAbdL = 8 * deg;
  return s;
}

/** The hurdle: drive knee up, other leg straight and pointed, arms overhead. */
function hurdleShape(): Shape {
  const s = symmetricShape({ shoulderFlex: 172 * deg, shoulderAbd: 8 * deg, ankle: 70 * deg });
  s.hipFlexR = 95 * deg;
  s.kneeFlexR = 105 * deg;
  s.hipFlexL = 4 * deg;
  s.kneeFlexL = 4 * deg;
  return s;
}

interface PhaseKey {
  t: number;
  shape: Shape;
  /** Anterior lean of the trunk (degrees, positive toward the chest), or an absolute θ for the take-off key. */
  lean: number;
}

function blendKeys(keys: readonly PhaseKey[], t: number): { shape: Shape; lean: number } {
  const first = keys[0];
  if (first === undefined) throw new RangeError('no keys');
  if (t <= first.t) return { shape: first.shape, lean: first.lean };
  for (let i = 0; i < keys.length - 1; i++) {
    const a = keys[i] as PhaseKey;
    const b = keys[i + 1] as PhaseKey;
    if (t <= b.t) {
      const w = minimumJerk((t - a.t) / Math.max(1e-6, b.t - a.t));
      return { shape: blendShapes(a.shape, b.shape, w), lean: a.lean + (b.lean - a.lean) * w };
    }
  }
  const last = keys[keys.length - 1] as PhaseKey;
  return { shape: last.shape, lean: last.lean };
}

function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

export function planBoardPhase(program: DiveProgram, body: BodyModel, faults: Faults, random: Random): BoardPhase {
  const f = program.facing;
  const sigma = program.rotationSign;
  const thetaStart = program.startInverted ? Math.PI : 0;
  const finalShape = takeOffShape(program);
  const top = program.boardHeightM;
  const springboard = program.apparatus === 'springboard';
  // θ for an anterior trunk lean (head toward the chest side) from upright.
  const leanTheta = (leanDeg: number): number => thetaStart - f * leanDeg * deg;
  // The toes (or hands) touch the board here. Facing the board, the heels hang over the edge.
  const anchorX = program.dive.armstand ? -0.05 : f === 1 ? -0.03 : -body.lengths.foot * 0.62;
  const anchorLm = program.dive.armstand ? LM.handR : LM.toeR;
  const pts = new Float64Array(24 * 3);
  // The lean is that of the line from the toes (hands) to the CoM, not of the trunk: the take-off
  // shape's hip flexion already tilts the trunk against that line.
  bodyPoints(body, finalShape, pts);
  const upright = orientationMatrix({ theta: thetaStart, phi: 0, psi: 0 }, f);
  const comUpright = comForAnchor(pts, centreOfMass(body, pts), upright, anchorLm, [0, 0, 0]);
  // Standing or in a handstand, the anchor→CoM line points up; the lean tilts it in the rotation sense.
  const lineAngle = Math.atan2(-comUpright[0], comUpright[1]);
  const thetaTakeOff = thetaStart + wrapAngle(sigma * takeOffLeanRad(program, faults) - lineAngle);

  // Theta at time t blends lean keys into the final take-off θ over the last `finalSpan` seconds.
  const finalSpan = program.dive.armstand ? 0.28 : 0.2;
  let keys: PhaseKey[];
  let duration: number;
  let hurdleLanding: number | null = null;
  let dipMax = 0;
  let dipStart = -0.45;

  if (program.approach === 'armstand') {
    duration = random.uniform(1.0, 1.5);
    const hand = symmetricShape({ shoulderFlex: 178 * deg, shoulderAbd: 4 * deg, ankle: 80 * deg, hipFlex: 2 * deg });
    keys = [
      { t: -duration, shape: hand, lean: 0 },
      { t: -finalSpan, shape: hand, lean: 0 },
      { t: 0, shape: finalShape, lean: 0 },
    ];
  } else if (program.approach === 'standing') {
    duration = random.uniform(1.05, 1.6);
    const inward = program.dive.direction === 'inward';
    const armsUp = program.dive.direction === 'back' ? 172 : 150;
    keys = [
      { t: -duration, shape: standingShape(), lean: 0 },
      { t: -0.95, shape: standingShape(), lean: 0 },
      { t: -0.58, shape: symmetricShape({ shoulderFlex: armsUp * deg, shoulderAbd: 10 * deg, ankle: 22 * deg }), lean: 0 },
      { t: -0.22, shape: pressShape(inward ? 34 : 22, inward ? 58 : 48, -32, -25), lean: inward ? 34 : 22 },
      { t: 0, shape: finalShape, lean: 0 },
    ];
    if (springboard) {
      dipMax = program.height === '3m' ? 0.22 : 0.16;
      dipStart = -0.42;
    }
  } else {
    // Running approach: walk, hurdle onto the board end, press, take off.
    const platform = !springboard;
    duration = random.uniform(platform ? 1.1 : 1.5, platform ? 1.4 : 1.85);
    const landing = platform ? -0.3 : -0.42;
    const hurdleStart = platform ? -0.62 : -0.98;
    hurdleLanding = landing;
    keys = [
      { t: landing, shape: symmetricShape({ shoulderFlex: 150 * deg, shoulderAbd: 10 * deg, ankle: 30 * deg, kneeFlex: 12 * deg, hipFlex: 10 * deg }), lean: 6 },
      { t: landing + (0 - landing) * 0.55, shape: pressShape(14, 38, -22, 55), lean: 14 },
      { t: 0, shape: finalShape, lean: 0 },
    ];
    if (springboard) {
      dipMax = program.height === '3m' ? 0.34 : 0.26;
      dipStart = landing;
    }
    // Walk then hurdle: placed along a CoM path that meets the anchored landing pose.
    const landingPose = blendKeys(keys, landing);
    bodyPoints(body, landingPose.shape, pts);
    const landingCom = comForAnchor(pts, centreOfMass(body, pts), orientationMatrix({ theta: leanTheta(landingPose.lean), phi: 0, psi: 0 }, f), anchorLm, [anchorX, top, 0]);
    const hurdleTime = landing - hurdleStart;
    const hurdleLength = platform ? 0.55 : 0.85;
    const walkSpeed = platform ? 2.0 : 1.5;
    const standCom = centreOfMass(body, bodyPoints(body, gaitShape(0)));
    const walkY = top - (bodyPoints(body, gaitShape(0))[LM.heelR * 3 + 1] ?? 0) + standCom[1] - 0.01;
    const startX = landingCom[0] - hurdleLength;
    const vyHurdle = (landingCom[1] - walkY + 0.5 * 9.81 * hurdleTime * hurdleTime) / hurdleTime;
    const stepPeriod = platform ? 0.42 : 0.55;
    const boardPhase: BoardPhase = {
      duration,
      takeOffShape: finalShape,
      takeOffTheta: thetaTakeOff,
      takeOffCom: [0, 0],
      hurdleLanding,
      boardDip: (t) => dip(t),
      sample(t) {
        if (t >= landing) return anchored(t);
        if (t >= hurdleStart) {
          const u = t - hurdleStart;
          const w = minimumJerk(u / (hurdleTime * 0.6));
          const drive = blendShapes(gaitShape(Math.PI * 0.5), hurdleShape(), w);
          const shape = blendShapes(drive, keys[0]?.shape ?? drive, minimumJerk((u - hurdleTime * 0.55) / (hurdleTime * 0.45)));
          return {
            shape,
            theta: leanTheta(4 + 2 * w),
            com: [startX + (hurdleLength * u) / hurdleTime, walkY + vyHurdle * u - 0.5 * 9.81 * u * u, 0],
          };
        }
        const phase = (2 * Math.PI * (t - hurdleStart)) / (2 * stepPeriod);
        return {
          shape: gaitShape(phase),
          theta: leanTheta(4),
          com: [startX - walkSpeed * (hurdleStart - t), walkY + 0.015 * Math.cos(2 * phase), 0],
        };
      },
    };
    const takeOff = anchored(0);
    boardPhase.takeOffCom = [takeOff.com[0], takeOff.com[1]];
    return boardPhase;
  }

  function dip(t: number): number {
    if (dipMax === 0 || t <= dipStart || t >= 0) return 0;
    return dipMax * Math.sin((Math.PI * (t - dipStart)) / -dipStart);
  }

  // Handstand sway: a slow wobble whose size is the balance fault.
  const wobblePeriod = random.uniform(0.9, 1.4);
  const wobblePhase = random.uniform(0, 2 * Math.PI);
  function anchored(t: number): BoardSample {
    const { shape, lean } = blendKeys(keys, t);
    let theta = leanTheta(lean);
    if (program.dive.armstand) {
      const settle = Math.max(0, Math.min(1, (-t - finalSpan) / 0.3));
      theta = thetaStart + faults.armstandWobbleDeg * deg * Math.sin((2 * Math.PI * t) / wobblePeriod + wobblePhase) * settle;
    }
    // Final push: turn from the board pose to the take-off angle about the anchor.
    if (t > -finalSpan) theta += (thetaTakeOff - theta) * minimumJerk((t + finalSpan) / finalSpan);
    bodyPoints(body, shape, pts);
    const com = comForAnchor(pts, centreOfMass(body, pts), orientationMatrix({ theta, phi: 0, psi: 0 }, f), anchorLm, [anchorX, top - dip(t), 0]);
    return { shape, theta, com };
  }

  const takeOff = anchored(0);
  return {
    duration,
    takeOffShape: finalShape,
    takeOffTheta: thetaTakeOff,
    takeOffCom: [takeOff.com[0], takeOff.com[1]],
    hurdleLanding,
    sample: anchored,
    boardDip: dip,
  };
}
