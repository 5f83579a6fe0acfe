/**
 * One simulated dive, end to end: program → diver → faults → board phase → flight plan → physics
 * (planned H, then the actual take-off with its faults) → what happened (entry angle, clearance,
 * twist, splash) → the judges. Pure function of (seed, run index, request).
 */
import { bodyPoints, centreOfMass, makeBody, pikeShape, sampleBodyParams, straightShape, tuckShape, LANDMARK_COUNT, LM } from './body.ts';
import type { BodyModel, BodyParams, Shape } from './body.ts';
import { planBoardPhase } from './approach.ts';
import type { BoardPhase } from './approach.ts';
import { sampleAppearance } from './appearance.ts';
import type { Appearance } from './appearance.ts';
import { sampleFaults } from './faults.ts';
import type { FaultSample, Faults } from './faults.ts';
import { judgeDive, samplePanel } from './judges.ts';
import type { JudgingResult, Observations } from './judges.ts';
import {
  GRAVITY, ShapeTrack, orientationAt, orientationMatrix, placeBody, prepareFlight, projectile, runFlight, solveFlight,
  thetaAt, thetaRateAt, tiltScaleFor, timeToHeight, worldAngularMomentumZ,
} from './physics.ts';
import type { FlightInput, FlightTrace, Orientation, ShapeKey, TakeOffState, TiltPlan } from './physics.ts';
import { SIM_HEIGHTS, chooseDiveCode, chooseHeight, makeProgram } from './program.ts';
import type { DiveProgram, FlightPart } from './program.ts';
import { Random, diveRandom } from './random.ts';
import { splashModel } from './splash.ts';
import type { SplashModel } from './splash.ts';
import { degreeOfDifficulty } from '@divejudge/core';
import type { Height } from '@divejudge/core';

const deg = Math.PI / 180;

export interface DiveRequest {
  seed: number | string;
  /** Position of this dive in the run; with the seed it fixes everything random. */
  runIndex: number;
  code?: string;
  height?: Height;
  judges?: 5 | 7;
  /** Diver skill (standard normal, higher = cleaner); drawn when absent. */
  skill?: number;
  /** Override individual faults (e.g. a clean dive for a physics check). */
  faults?: Partial<Faults>;
  body?: BodyParams;
}

export interface FlightPartSpan {
  part: FlightPart;
  label: number;
  start: number;
  end: number;
}

export interface DiveTimes {
  /** First frame's time (negative: on the board). */
  start: number;
  takeOff: 0;
  /** The opening for entry begins (FineDiving's "Entry" sub-action starts). */
  open: number;
  /** Opening finished: the straight line is held from here to contact. */
  lineUp: number;
  /** First touch of the water. */
  contact: number;
  end: number;
}

export interface DiveOutcome {
  flightTimeS: number;
  /** CoM rise above its take-off height, metres. */
  apexRiseM: number;
  /** Somersault rotation from the start pose to contact, revolutions (target: halfSomersaults / 2). */
  somersaultsRev: number;
  twistsRev: number;
  entryAngleDeg: number;
  entrySpeed: number;
  /** Angular momentum about the CoM, kg·m²/s, planned and actual. */
  plannedH: number;
  H: number;
  /** Largest tilt during the twist, degrees. */
  maxTiltDeg: number;
  /** Peak somersault rate in flight, rad/s. */
  peakSomersaultRate: number;
  /** How much later (+) than planned the diver opened: the timing fault plus the spotting correction, seconds. */
  openingShiftS: number;
}

export interface SimulatedDive {
  seed: number | string;
  runIndex: number;
  /** FineDiving-style event name (carries the height, as FineDiving's event names do). */
  event: string;
  program: DiveProgram;
  bodyParams: BodyParams;
  body: BodyModel;
  appearance: Appearance;
  faultSample: FaultSample;
  faults: Faults;
  board: BoardPhase;
  takeOff: TakeOffState;
  shapes: ShapeTrack;
  trace: FlightTrace;
  tiltPlan: TiltPlan | null;
  tiltScale: number;
  flightParts: FlightPartSpan[];
  times: DiveTimes;
  outcome: DiveOutcome;
  observations: Observations;
  splash: SplashModel;
  judging: JudgingResult;
}

export function eventName(height: Height, panelSize: 5 | 7): string {
  const apparatus = height === '1m' || height === '3m' ? 'Springboard' : 'Platform';
  return `Sim${height}${apparatus}_${panelSize}judges`;
}

/** Vertical take-off speed for an average elite diver, m/s (flight times: 10 m ≈ 1.8 s, 3 m ≈ 1.4 s, 1 m ≈ 1.0 s). */
function nominalVerticalSpeed(program: DiveProgram): number {
  if (program.approach === 'armstand') return 1.5;
  if (program.apparatus === 'platform') return program.approach === 'running' ? 3.3 : 3.4;
  if (program.height === '3m') return program.approach === 'running' ? 5.1 : 4.9;
  return program.approach === 'running' ? 4.15 : 4.0;
}

function nominalHorizontalSpeed(program: DiveProgram): number {
  if (program.dive.armstand) return 1.6;
  return { forward: 1.05, back: 1.1, reverse: 1.2, inward: 1.3 }[program.dive.direction];
}

const LINE_UP_S: Readonly<Record<Height, number>> = { '1m': 0.14, '3m': 0.2, '5m': 0.22, '7.5m': 0.25, '10m': 0.28 };

interface FlightPlan {
  planned: ShapeKey[];
  tilt: TiltPlan | null;
  /** Flight parts for the labels, as planned. */
  parts: FlightPartSpan[];
  openPlanned: number;
  outDuration: number;
  entryShape: Shape;
}

/** Legs and feet faults apply to every flight shape. */
function withLegFaults(shape: Shape, faults: Faults, body: BodyModel): Shape {
  const legLength = body.lengths.thigh + body.lengths.shank;
  const abd = Math.asin(Math.min(0.6, faults.feetApartM / 2 / legLength));
  const ankle = (82 - 62 * faults.flexedFeet) * deg;
  return { ...shape, hipAbdR: shape.hipAbdR + abd, hipAbdL: shape.hipAbdL + abd, ankleR: ankle, ankleL: ankle };
}

function planFlight(program: DiveProgram, body: BodyModel, faults: Faults, random: Random, takeOffShape: Shape, contactEstimate: number): FlightPlan {
  const { dive } = program;
  const looseness = faults.positionLooseness;
  const legs = (s: Shape): Shape => withLegFaults(s, faults, body);
  const positioned = dive.position === 'B' || dive.position === 'C' || (dive.position === 'D' && dive.halfSomersaults >= 3);
  let positionShape: Shape;
  if (dive.halfSomersaults <= 1) {
    // A plain dive: open pike touching the toes, a tuck, or the straight "swan" with arms spread.
    positionShape =
      dive.position === 'A' ? straightShape('spread', faults.kneeBendDeg * 0.5, -8, faults.armError)
        : dive.position === 'C' ? tuckShape(0.35 + 0.6 * looseness, faults.armError)
          : pikeShape(0.45 + 0.5 * looseness, faults.kneeBendDeg, faults.armError);
  } else if (dive.position === 'C') positionShape = tuckShape(looseness, faults.armError);
  else if (dive.position === 'B') positionShape = pikeShape(looseness, faults.kneeBendDeg, faults.armError);
  else if (dive.position === 'D') positionShape = pikeShape(0.55 + 0.4 * looseness, faults.kneeBendDeg, faults.armError);
  else positionShape = straightShape('sides', faults.kneeBendDeg, 0, faults.armError);
  positionShape = legs(positionShape);
  const twistShape = legs(straightShape('wrapped', faults.kneeBendDeg, 0, faults.armError));
  const entryShape = legs(
    program.headFirst
      ? straightShape('overhead', faults.kneeBendDeg * 0.6, faults.entryAlignmentDeg, faults.armError)
      : straightShape('sides', faults.kneeBendDeg * 0.6, faults.entryAlignmentDeg, faults.armError),
  );

  const jitter = () => random.uniform(0.9, 1.1);
  const inDuration = (dive.position === 'C' ? 0.16 : dive.position === 'B' ? 0.2 : 0.14) * jitter();
  const outDuration = (dive.position === 'C' ? 0.15 : 0.18) * jitter();
  const lineUp = LINE_UP_S[program.height] * random.uniform(0.85, 1.15);
  let openPlanned = contactEstimate - lineUp - outDuration;
  if (dive.halfSomersaults <= 1) openPlanned = Math.min(openPlanned, Math.max(inDuration + 0.12, contactEstimate * 0.38));
  openPlanned = Math.max(inDuration + 0.05, openPlanned);

  const keys: ShapeKey[] = [{ t: 0, shape: takeOffShape }];
  const parts: FlightPartSpan[] = [];
  let tilt: TiltPlan | null = null;
  const somersaultLabel = program.labels.somersault;
  const twistLabel = program.labels.twist ?? somersaultLabel;

  if (!dive.twisting) {
    keys.push({ t: inDuration, shape: positionShape }, { t: openPlanned, shape: positionShape });
    parts.push({ part: 'somersault', label: somersaultLabel, start: 0, end: openPlanned });
  } else {
    const change = 0.14;
    // Elite twist rates: about 3–4 revolutions a second from the board, 4–5 in a layout between somersaults.
    let rate = program.flightOrder[0] === 'twist' ? random.uniform(3.2, 4.2) : random.uniform(4.0, 5.0);
    let twistTime = dive.twists / rate;
    if (program.flightOrder[0] === 'twist') {
      const twistStart = 0.04;
      const afterTwist = positioned ? inDuration + 0.1 : 0.02;
      const room = openPlanned - twistStart - afterTwist - change;
      if (twistTime > room) {
        twistTime = Math.max(0.15, room);
        rate = dive.twists / twistTime;
      }
      const twistEnd = twistStart + change + twistTime;
      keys.push({ t: change, shape: twistShape }, { t: twistEnd, shape: twistShape });
      if (positioned && twistEnd + inDuration < openPlanned) {
        keys.push({ t: twistEnd + inDuration, shape: positionShape }, { t: openPlanned, shape: positionShape });
      } else keys.push({ t: openPlanned, shape: twistShape });
      tilt = { start: twistStart * 0.5, end: twistEnd, ramp: 0.1, maxRad: 0.3 };
      parts.push({ part: 'twist', label: twistLabel, start: 0, end: twistEnd }, { part: 'somersault', label: somersaultLabel, start: twistEnd, end: openPlanned });
    } else {
      const window = openPlanned - inDuration;
      const minimumHolds = 0.1;
      if (twistTime + 2 * change + minimumHolds > window) {
        twistTime = Math.max(0.15, window - 2 * change - minimumHolds);
        rate = dive.twists / twistTime;
      }
      const rest = window - twistTime - 2 * change;
      const firstHold = rest * random.uniform(0.38, 0.48);
      const twistStart = inDuration + firstHold;
      const twistEnd = twistStart + 2 * change + twistTime;
      keys.push(
        { t: inDuration, shape: positionShape },
        { t: twistStart, shape: positionShape },
        { t: twistStart + change, shape: twistShape },
        { t: twistStart + change + twistTime, shape: twistShape },
        { t: twistEnd, shape: positionShape },
        { t: Math.max(twistEnd + 0.01, openPlanned), shape: positionShape },
      );
      tilt = { start: twistStart + change * 0.5, end: twistEnd - change * 0.5, ramp: 0.1, maxRad: 0.3 };
      parts.push(
        { part: 'somersault', label: somersaultLabel, start: 0, end: twistStart },
        { part: 'twist', label: twistLabel, start: twistStart, end: twistEnd },
        { part: 'somersault', label: somersaultLabel, start: twistEnd, end: openPlanned },
      );
    }
  }
  keys.push({ t: openPlanned + outDuration, shape: entryShape });

  return { planned: keys, parts, tilt, openPlanned, outDuration, entryShape };
}

/** The schedule as dived: the opening (and everything after it) `delay` seconds later than planned. */
function shiftOpening(plan: FlightPlan, delay: number): { keys: ShapeKey[]; parts: FlightPartSpan[]; open: number; delay: number } {
  const { planned, openPlanned } = plan;
  const lastHold = planned.filter((k) => k.t < openPlanned - 1e-9).reduce((m, k) => Math.max(m, k.t), 0);
  const d = Math.max(lastHold + 0.03 - openPlanned, delay);
  return {
    keys: planned.map((k) => (k.t >= openPlanned - 1e-9 ? { t: k.t + d, shape: k.shape } : k)),
    parts: plan.parts.map((p) => (p.end >= openPlanned - 1e-9 ? { ...p, end: p.end + d } : p)),
    open: openPlanned + d,
    delay: d,
  };
}

/** The body line (ankles → shoulders) angle in θ's convention. */
function bodyLineTheta(points: Float64Array): number {
  const mid = (a: number, b: number, axis: 0 | 1) => ((points[a * 3 + axis] ?? 0) + (points[b * 3 + axis] ?? 0)) / 2;
  const vx = mid(LM.shoulderR, LM.shoulderL, 0) - mid(LM.ankleR, LM.ankleL, 0);
  const vy = mid(LM.shoulderR, LM.shoulderL, 1) - mid(LM.ankleR, LM.ankleL, 1);
  return Math.atan2(-vx, vy);
}

function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

function lowestY(points: Float64Array): { y: number; landmark: number } {
  let y = Infinity;
  let landmark = 0;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const v = points[i * 3 + 1] ?? 0;
    if (v < y) {
      y = v;
      landmark = i;
    }
  }
  return { y, landmark };
}

export interface DiveChoice {
  program: DiveProgram;
  panelSize: 5 | 7;
  event: string;
}

/** Which dive, height and panel a request gets (cheap: no physics), e.g. to number dives per event. */
export function chooseDive(request: DiveRequest): DiveChoice {
  const choice = diveRandom(request.seed, request.runIndex).fork('program');
  let height = request.height ?? chooseHeight(choice);
  if (request.height === undefined && request.code !== undefined && degreeOfDifficulty(request.code, height) === null) {
    // A dive asked for without a height: one of the heights it is dived from.
    const possible = SIM_HEIGHTS.filter((h) => degreeOfDifficulty(request.code ?? '', h) !== null);
    height = possible.length === 0 ? height : choice.pick(possible);
  }
  const code = request.code ?? chooseDiveCode(choice, height);
  const program = makeProgram(code, height, { running: choice.chance(0.4) });
  const panelSize: 5 | 7 = request.judges ?? (choice.chance(0.7) ? 7 : 5);
  return { program, panelSize, event: eventName(height, panelSize) };
}

export function simulateDive(request: DiveRequest): SimulatedDive {
  const random = diveRandom(request.seed, request.runIndex);
  const { program, panelSize, event } = chooseDive(request);
  const height = program.height;

  const bodyParams = request.body ?? sampleBodyParams(random.fork('body'));
  const body = makeBody(bodyParams);
  const appearance = sampleAppearance(random.fork('look'), bodyParams.sex, 4, height);
  const faultSample = sampleFaults(random.fork('faults'), program, request.skill === undefined ? {} : { skill: request.skill });
  const faults: Faults = { ...faultSample.faults, ...request.faults };
  if (request.faults !== undefined) faultSample.faults = faults;

  const board = planBoardPhase(program, body, faults, random.fork('board'));
  const plan = random.fork('plan');
  const strength = plan.truncatedNormal(1, 0.03, 0.92, 1.08);
  const vyNominal = nominalVerticalSpeed(program) * strength;
  const takeOff: TakeOffState = {
    com: board.takeOffCom,
    velocity: [nominalHorizontalSpeed(program) * faults.boardDistance * plan.uniform(0.92, 1.08), vyNominal * faults.takeOffHeight],
    theta: board.takeOffTheta,
  };

  // When will the diver reach the water? CoM parabola down to the entry shape's reach.
  const plannedEntry = planFlight(program, body, faults, plan.fork('probe'), board.takeOffShape, 1.5);
  const entryPoints = bodyPoints(body, plannedEntry.entryShape);
  const entryCom = centreOfMass(body, entryPoints);
  let reach = 0;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const y = entryPoints[i * 3 + 1] ?? 0;
    reach = Math.max(reach, program.headFirst ? y - entryCom[1] : entryCom[1] - y);
  }
  const contactEstimate = timeToHeight(takeOff, reach);
  const flightPlan = planFlight(program, body, faults, plan, board.takeOffShape, contactEstimate);

  const thetaStart = program.startInverted ? Math.PI : 0;
  const thetaTarget = thetaStart + program.rotationSign * program.dive.halfSomersaults * Math.PI;
  const twistDirection = plan.chance(0.5) ? 1 : -1;
  const twistTarget = twistDirection * program.dive.twists * 2 * Math.PI;
  const horizon = contactEstimate + 0.45;
  const plannedInput: FlightInput = { body, facing: program.facing, takeOff, shapes: new ShapeTrack(flightPlan.planned), tilt: flightPlan.tilt, horizon };
  const plannedGrid = prepareFlight(plannedInput);
  const planned = solveFlight(plannedGrid, { rotation: thetaTarget - takeOff.theta, atTime: contactEstimate, twist: twistTarget });
  const H = planned.trace.H * (1 + faults.rotationError);
  const actualTwist = twistTarget + twistDirection * faults.twistErrorRev * 2 * Math.PI;
  // Spotting: the diver sees the rotation running ahead (or behind) and opens earlier (later),
  // correcting part of the error; the rest shows at entry.
  const probe = runFlight(plannedGrid, H, tiltScaleFor(plannedGrid, H, actualTwist, contactEstimate));
  const rotationAhead = (thetaAt(probe, contactEstimate) - thetaTarget) * program.rotationSign;
  const rateInPosition = Math.abs(thetaRateAt(probe, Math.max(0, flightPlan.openPlanned - 0.01)));
  const rateInLine = Math.abs(thetaRateAt(probe, contactEstimate));
  const compensation = Math.min(0.92, Math.max(0.4, 0.75 + 0.08 * faultSample.skill));
  const correction = rateInPosition - rateInLine > 0.5 ? (-compensation * rotationAhead) / (rateInPosition - rateInLine) : 0;
  const dived = shiftOpening(flightPlan, faults.openingDelayS + Math.max(-0.2, Math.min(0.2, correction)));
  const actualInput: FlightInput = { ...plannedInput, shapes: new ShapeTrack(dived.keys) };
  const actualGrid = prepareFlight(actualInput);
  const tiltScale = tiltScaleFor(actualGrid, H, actualTwist, contactEstimate);
  const trace = runFlight(actualGrid, H, tiltScale);

  // Contact: the first moment any part of the body reaches the water surface.
  const pts = new Float64Array(LANDMARK_COUNT * 3);
  const world = new Float64Array(LANDMARK_COUNT * 3);
  const placeAt = (t: number): Float64Array => {
    bodyPoints(body, actualInput.shapes.at(t), pts);
    const c = centreOfMass(body, pts);
    const p = projectile(takeOff, t);
    return placeBody(pts, c, orientationMatrix(orientationAt(trace, t), program.facing), [p.x, p.y, 0], world);
  };
  let contact = horizon;
  // Safe distance: how far beyond the edge the body passes the board's own level (its thickness and
  // a little below; a springboard is a thin plank, and platforms stand back below their edge).
  let clearance = Infinity;
  const top = program.boardHeightM;
  for (let t = 0; t <= horizon; t += 0.004) {
    const w = placeAt(t);
    if (t > 0.12) {
      for (let i = 0; i < LANDMARK_COUNT; i++) {
        if ((w[i * 3 + 1] ?? 0) < top - 0.02 && (w[i * 3 + 1] ?? 0) > top - 0.45) clearance = Math.min(clearance, w[i * 3] ?? 0);
      }
    }
    if (lowestY(w).y <= 0) {
      // Refine between t − 4 ms and t.
      let lo = Math.max(0, t - 0.004), hi = t;
      for (let i = 0; i < 12; i++) {
        const mid = (lo + hi) / 2;
        if (lowestY(placeAt(mid)).y <= 0) hi = mid;
        else lo = mid;
      }
      contact = hi;
      break;
    }
  }
  const atContact = placeAt(contact);
  const entryPoint = lowestY(atContact);
  const entryAngleDeg = (wrapAngle(bodyLineTheta(atContact) - thetaTarget) * program.rotationSign) / deg;
  const orientationAtContact = orientationAt(trace, contact);
  const somersaultsRev = ((orientationAtContact.theta - thetaStart) * program.rotationSign) / (2 * Math.PI);
  const twistsRev = Math.abs(orientationAtContact.psi) / (2 * Math.PI);
  const velocity = projectile(takeOff, contact);
  const entrySpeed = Math.hypot(velocity.vx, velocity.vy);
  const lineUpStart = dived.open + flightPlan.outDuration;
  const shapeAtContact = actualInput.shapes.at(contact);
  const alignmentDeg = ((shapeAtContact.hipFlexR + shapeAtContact.hipFlexL) / 2) / deg;

  const splash = splashModel({
    entryAngleDeg,
    alignmentDeg,
    handsApart: program.headFirst ? faults.handsApart : 0,
    feetApartM: faults.feetApartM,
    kneeBendDeg: faults.kneeBendDeg * 0.6,
    entrySpeed,
    massKg: bodyParams.massKg,
    headFirst: program.headFirst,
  });

  const positioned = program.dive.position === 'B' || program.dive.position === 'C';
  const observations: Observations = {
    takeOffLeanErrorDeg: faults.takeOffLeanDeg,
    // Against the rise this dive normally gets from this board, not against the diver's own strength:
    // a judge (and a camera) sees how high the dive went, not how strong this diver usually is.
    heightRatio: (takeOff.velocity[1] / nominalVerticalSpeed(program)) ** 2,
    boardClearanceM: Number.isFinite(clearance) ? clearance : 3,
    entryDistanceM: atContact[entryPoint.landmark * 3] ?? 0,
    armstandWobbleDeg: faults.armstandWobbleDeg,
    positionLooseness: positioned ? faults.positionLooseness : 0,
    kneeBendDeg: faults.kneeBendDeg,
    feetApartM: faults.feetApartM,
    flexedFeet: faults.flexedFeet,
    armError: faults.armError,
    lineUpS: Math.max(0, contact - lineUpStart),
    lineUpNominalS: LINE_UP_S[program.height],
    twistErrorDeg: program.dive.twisting ? (twistsRev - program.dive.twists) * 360 : 0,
    entryAngleDeg,
    alignmentDeg,
    splashMagnitude: splash.magnitude,
  };
  const panel = samplePanel(new Random(`divejudge-sim/${String(request.seed)}/panel/${event}`), panelSize);
  const judging = judgeDive(observations, program.dd, panel, random.fork('judges'));

  const kContact = Math.min(trace.theta.length - 1, Math.round(contact / trace.dt));
  let peak = 0;
  let maxTilt = 0;
  for (let k = 0; k <= kContact; k++) {
    peak = Math.max(peak, Math.abs(trace.thetaRate[k] ?? 0));
    maxTilt = Math.max(maxTilt, Math.abs(trace.phi[k] ?? 0));
  }

  const post = random.fork('clip').uniform(1.1, 1.4);
  return {
    seed: request.seed,
    runIndex: request.runIndex,
    event,
    program,
    bodyParams,
    body,
    appearance,
    faultSample,
    faults,
    board,
    takeOff,
    shapes: actualInput.shapes,
    trace,
    tiltPlan: flightPlan.tilt,
    tiltScale,
    flightParts: dived.parts.map((p) => ({ ...p, end: Math.min(p.end, contact) })),
    times: { start: -board.duration, takeOff: 0, open: Math.min(dived.open, contact), lineUp: Math.min(lineUpStart, contact), contact, end: contact + post },
    outcome: {
      flightTimeS: contact,
      apexRiseM: takeOff.velocity[1] ** 2 / (2 * GRAVITY),
      somersaultsRev,
      twistsRev,
      entryAngleDeg,
      entrySpeed,
      plannedH: planned.trace.H,
      H,
      maxTiltDeg: maxTilt / deg,
      openingShiftS: dived.delay,
      peakSomersaultRate: peak,
    },
    observations,
    splash,
    judging,
  };
}

export type MotionPhase = 'board' | 'flight' | 'underwater';

export interface MotionState {
  phase: MotionPhase;
  shape: Shape;
  orientation: Orientation;
  /** World CoM (x, y, z). */
  com: [number, number, number];
  boardDip: number;
}

/** Deceleration time constants in the water (translation, rotation), seconds. */
const WATER_TAU = 0.3;
const WATER_ROTATION_TAU = 0.15;

/** The diver's state at time t (seconds from take-off) anywhere on the clip. */
export function motionAt(dive: SimulatedDive, t: number): MotionState {
  if (t < 0) {
    const s = dive.board.sample(t);
    return { phase: 'board', shape: s.shape, orientation: { theta: s.theta, phi: 0, psi: 0 }, com: s.com, boardDip: dive.board.boardDip(t) };
  }
  const contact = dive.times.contact;
  if (t <= contact) {
    const p = projectile(dive.takeOff, t);
    return { phase: 'flight', shape: dive.shapes.at(t), orientation: orientationAt(dive.trace, t), com: [p.x, p.y, 0], boardDip: 0 };
  }
  const s = t - contact;
  const c = projectile(dive.takeOff, contact);
  const o = orientationAt(dive.trace, contact);
  const decay = WATER_TAU * (1 - Math.exp(-s / WATER_TAU));
  const turn = WATER_ROTATION_TAU * (1 - Math.exp(-s / WATER_ROTATION_TAU));
  return {
    phase: 'underwater',
    shape: dive.shapes.at(contact),
    orientation: { theta: o.theta + thetaRateAt(dive.trace, contact) * turn, phi: o.phi, psi: o.psi },
    com: [c.x + c.vx * decay, c.y + c.vy * decay, 0],
    boardDip: 0,
  };
}

/** World landmark positions (x, y, z per LM index) at time t. */
export function worldPointsAt(dive: SimulatedDive, t: number, out = new Float64Array(LANDMARK_COUNT * 3)): Float64Array {
  const state = motionAt(dive, t);
  const pts = bodyPoints(dive.body, state.shape);
  return placeBody(pts, centreOfMass(dive.body, pts), orientationMatrix(state.orientation, dive.program.facing), state.com, out);
}

/** Checks the flight obeys the conservation laws; returns the worst relative drifts. */
export function conservationCheck(dive: SimulatedDive, step = 0.01): { energyDrift: number; angularMomentumDrift: number } {
  const eps = 0.0005;
  const body = dive.body;
  const mass = body.massKg;
  let e0: number | null = null;
  let energyDrift = 0;
  let hDrift = 0;
  const H = dive.outcome.H;
  for (let t = 0.01; t < dive.times.contact - 0.01; t += step) {
    const before = worldPointsAt(dive, t - eps);
    const after = worldPointsAt(dive, t + eps);
    const c0 = centreOfMass(body, before), c1 = centreOfMass(body, after);
    const vx = (c1[0] - c0[0]) / (2 * eps), vy = (c1[1] - c0[1]) / (2 * eps);
    const y = (c0[1] + c1[1]) / 2;
    const energy = 0.5 * mass * (vx * vx + vy * vy) + mass * GRAVITY * y;
    e0 ??= energy;
    energyDrift = Math.max(energyDrift, Math.abs(energy - e0) / Math.abs(e0));
    // Angular momentum about the CoM from the world motion of every segment.
    const h = worldAngularMomentumZ(body, before, after, 2 * eps);
    hDrift = Math.max(hDrift, Math.abs(h - H) / Math.abs(H));
  }
  return { energyDrift, angularMomentumDrift: hDrift };
}

