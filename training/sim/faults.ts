/**
 * Execution faults: what a diver does wrong, as physical parameters with realistic ranges. The
 * simulator turns them into motion (physics.ts) and the judges turn what they see of that motion
 * into deductions (judges.ts).
 *
 * Sampling: every dive has a skill level (standard normal; higher = cleaner). Each fault's typical
 * size is scaled by 1.1·exp(−0.35 × skill) and by the dive's difficulty (harder dives, larger faults),
 * and an occasional major error (about one dive in 25) multiplies one fault by 3–5 — the balked
 * take-off, the dive that goes badly over, the crash entry that FineDiving also shows.
 */
import type { DiveProgram } from './program.ts';
import type { Random } from './random.ts';

export interface Faults {
  // ── take-off ──
  /** Extra lean at take-off in the rotation sense, degrees (positive: throwing the dive; negative: too upright / leaning back). */
  takeOffLeanDeg: number;
  /** Vertical take-off speed as a fraction of the diver's normal (below 1: lacks height). */
  takeOffHeight: number;
  /** Horizontal take-off speed as a fraction of the normal (below 1: close to the board, above: too far out). */
  boardDistance: number;
  /** Armstand only: sway of the handstand before the take-off, degrees. */
  armstandWobbleDeg: number;
  // ── flight ──
  /** 0 tight tuck/pike … 1 open. */
  positionLooseness: number;
  /** Knee bend in pike, straight and line-up phases, degrees. */
  kneeBendDeg: number;
  /** Separation of the feet, metres. */
  feetApartM: number;
  /** 0 pointed toes … 1 flexed feet. */
  flexedFeet: number;
  /** 0 correct arms … 1 arms off the legs in flight, not locked above the head at entry. */
  armError: number;
  /** Opening of the somersault later (+) or earlier (−) than the diver planned, seconds. */
  openingDelayS: number;
  /** Twist over (+) or under (−) the dive's twists, as a fraction of one full twist. */
  twistErrorRev: number;
  // ── entry ──
  /** Angular momentum off the needed value, relative (+ goes over, − comes up short). */
  rotationError: number;
  /** Hip angle at entry, degrees: + piked (short), − arched (over). */
  entryAlignmentDeg: number;
  /** 0 flat hands grabbed for a rip entry … 1 hands apart, no hole in the water. */
  handsApart: number;
}

export type FaultName = keyof Faults;

interface FaultSpec {
  /** Typical size for an average elite dive (the sd of the half-normal, or of the normal when signed). */
  typical: number;
  min: number;
  max: number;
  /** Signed faults are drawn from a normal around `centre`; the others from a half-normal above `centre`. */
  signed: boolean;
  centre: number;
  /** Size a judge typically deducts about one point for (a guide to the ranges; judges.ts deducts from what it observes). */
  onePoint: number;
  stage: 'takeOff' | 'flight' | 'entry';
}

export const FAULT_SPECS: Readonly<Record<FaultName, FaultSpec>> = {
  takeOffLeanDeg: { typical: 4, min: -12, max: 25, signed: true, centre: 0, onePoint: 12, stage: 'takeOff' },
  takeOffHeight: { typical: 0.035, min: 0.78, max: 1.04, signed: false, centre: 1, onePoint: 0.12, stage: 'takeOff' },
  boardDistance: { typical: 0.18, min: 0.45, max: 1.9, signed: true, centre: 1, onePoint: 0.5, stage: 'takeOff' },
  armstandWobbleDeg: { typical: 1.5, min: 0, max: 12, signed: false, centre: 0, onePoint: 6, stage: 'takeOff' },
  positionLooseness: { typical: 0.14, min: 0, max: 1, signed: false, centre: 0, onePoint: 0.55, stage: 'flight' },
  kneeBendDeg: { typical: 4, min: 0, max: 45, signed: false, centre: 0, onePoint: 22, stage: 'flight' },
  feetApartM: { typical: 0.03, min: 0, max: 0.45, signed: false, centre: 0, onePoint: 0.2, stage: 'flight' },
  flexedFeet: { typical: 0.1, min: 0, max: 1, signed: false, centre: 0, onePoint: 0.8, stage: 'flight' },
  armError: { typical: 0.1, min: 0, max: 1, signed: false, centre: 0, onePoint: 0.7, stage: 'flight' },
  openingDelayS: { typical: 0.012, min: -0.1, max: 0.15, signed: true, centre: 0.002, onePoint: 0.05, stage: 'flight' },
  twistErrorRev: { typical: 0.025, min: -0.3, max: 0.15, signed: true, centre: -0.01, onePoint: 0.1, stage: 'flight' },
  rotationError: { typical: 0.011, min: -0.1, max: 0.1, signed: true, centre: 0, onePoint: 0.03, stage: 'entry' },
  entryAlignmentDeg: { typical: 4, min: -28, max: 35, signed: true, centre: 0, onePoint: 14, stage: 'entry' },
  handsApart: { typical: 0.12, min: 0, max: 1, signed: false, centre: 0, onePoint: 0.6, stage: 'entry' },
};

export const FAULT_NAMES = Object.keys(FAULT_SPECS) as FaultName[];

export function cleanFaults(): Faults {
  const out = {} as Faults;
  for (const name of FAULT_NAMES) out[name] = FAULT_SPECS[name].centre;
  out.takeOffHeight = 1;
  out.boardDistance = 1;
  out.openingDelayS = 0;
  out.twistErrorRev = 0;
  out.entryAlignmentDeg = 0;
  return out;
}

export interface FaultSample {
  faults: Faults;
  /** Standard-normal skill of this dive's diver (higher = cleaner). */
  skill: number;
  /** The fault made a major error, if any. */
  majorError: FaultName | null;
}

/** Scale of fault sizes with the dive's DD: harder dives are dived less cleanly. */
export function difficultyFactor(dd: number): number {
  return Math.min(1.2, Math.max(0.88, 1 + 0.08 * (dd - 2.8)));
}

export function sampleFaults(random: Random, program: DiveProgram, options: { skill?: number } = {}): FaultSample {
  const skill = options.skill ?? random.normal();
  const scale = 1.1 * Math.exp(-0.35 * skill) * difficultyFactor(program.dd);
  const faults = cleanFaults();
  for (const name of FAULT_NAMES) {
    const spec = FAULT_SPECS[name];
    const size = spec.typical * scale;
    let value: number;
    if (spec.signed) value = spec.centre + random.normal(0, size);
    else if (name === 'takeOffHeight') value = spec.centre - Math.abs(random.normal(0, size));
    else value = spec.centre + Math.abs(random.normal(0, size));
    faults[name] = value;
  }
  if (!program.dive.armstand) faults.armstandWobbleDeg = 0;
  if (!program.dive.twisting) faults.twistErrorRev = 0;
  if (!program.headFirst) faults.handsApart = 0;

  let majorError: FaultName | null = null;
  if (random.chance(0.04 * difficultyFactor(program.dd))) {
    const candidates: FaultName[] = ['rotationError', 'rotationError', 'openingDelayS', 'takeOffLeanDeg', 'boardDistance', 'entryAlignmentDeg', 'positionLooseness', 'kneeBendDeg'];
    if (program.dive.twisting) candidates.push('twistErrorRev');
    majorError = random.pick(candidates);
    const spec = FAULT_SPECS[majorError];
    const factor = random.uniform(3, 5) * spec.typical;
    const sign = spec.signed ? (random.chance(0.5) ? 1 : -1) : majorError === 'takeOffHeight' ? -1 : 1;
    faults[majorError] = spec.centre + sign * factor * (majorError === 'twistErrorRev' ? 3 : 1);
  }
  for (const name of FAULT_NAMES) {
    const spec = FAULT_SPECS[name];
    faults[name] = Math.min(spec.max, Math.max(spec.min, faults[name]));
  }
  return { faults, skill, majorError };
}
