/**
 * What a judge deducts for what they see, as data a judge can read: one rule per checklist item,
 * with the stage it belongs to, what it is measured on, the bands of fault size and the deduction
 * each band carries, and where the rule comes from.
 *
 * Sources. The rules (FINA / World Aquatics Diving Rules, part D; numbers differ between editions)
 * say *what* is judged and fix a few outcomes: the judging criteria are the approach, take-off,
 * flight and entry; the take-off must clear the board safely; positions are defined (pike: bent at
 * the hips with straight legs; tuck: compact, bent at knees and hips, knees and feet together);
 * the entry "shall in all cases be vertical, or nearly so, with the body straight, feet together
 * and toes pointed"; a dive of a different number is failed (0), and so is a twist off by 90° or
 * more at the water (referee's call); a position other than announced has a maximum of 2 points.
 * The rules do *not* say how many points a given angle or distance costs: that is judging
 * convention, taught in judges' courses and manuals as ranges ("slightly short: ½–1 point").
 * The bands below are that convention written down as numbers; each rule says which part is which.
 *
 * A deduction is read linearly inside its band (from the band's low deduction at its start to its
 * high deduction at its end), so a fault just over a threshold costs little. Pure, no I/O.
 */
import type { DiveNumber } from './diveNumber.ts';
import type { Height } from './ddTables.ts';

export type ExecutionStage = 'takeOff' | 'flight' | 'entry';

export const EXECUTION_ITEM_IDS = [
  'take-off-height',
  'board-distance',
  'take-off-lean',
  'balance',
  'tightness',
  'knees',
  'feet-apart',
  'somersaults',
  'twists',
  'opening-height',
  'entry-angle',
  'body-line',
  'splash',
] as const;
export type ExecutionItemId = (typeof EXECUTION_ITEM_IDS)[number];

export type ExecutionUnit = 'm' | '°' | 'rev' | 's' | 'splash 0–10';

/** Fault sizes from `from` up to `to` (exclusive; Infinity for the last) cost `points[0]` … `points[1]`. */
export interface DeductionBand {
  from: number;
  to: number;
  points: readonly [number, number];
  /** How a judge would say it. */
  words: string;
}

export interface ExecutionRule {
  id: ExecutionItemId;
  stage: ExecutionStage;
  label: string;
  /** The unit of the measured value shown to the user. */
  unit: ExecutionUnit;
  /** What the fault size is, in words (the bands apply to it, not always to the value itself). */
  faultSize: string;
  /** The rule's text (what is judged), and which part is convention (how much it costs). */
  rule: string;
  convention: string;
  bands: readonly DeductionBand[];
}

const band = (from: number, to: number, low: number, high: number, words: string): DeductionBand => ({ from, to, points: [low, high], words });

/** The centre of mass's usual rise above the take-off, metres (elite divers; a convention). */
export const USUAL_RISE_M: Readonly<Record<Height, number>> = { '1m': 0.8, '3m': 1.15, '5m': 0.55, '7.5m': 0.55, '10m': 0.55 };

export const EXECUTION_RULES: Readonly<Record<ExecutionItemId, ExecutionRule>> = {
  'take-off-height': {
    id: 'take-off-height', stage: 'takeOff', label: 'Height reached', unit: 'm',
    faultSize: 'the shortfall of the rise below the usual rise for the board or platform, as a fraction of it',
    rule: 'The take-off is judged for height (rules: judging criteria, take-off).',
    convention: 'Usual rises (1 m: 0.8 m, 3 m: 1.15 m, platform: 0.55 m) and the points per shortfall are convention.',
    bands: [band(0, 0.1, 0, 0, 'good height'), band(0.1, 0.3, 0.5, 1, 'lacks height'), band(0.3, 0.6, 1, 2, 'clearly low'), band(0.6, Infinity, 2, 2, 'almost no height')],
  },
  'board-distance': {
    id: 'board-distance', stage: 'takeOff', label: 'Distance from the board at the closest pass', unit: 'm',
    faultSize: 'the closest distance in metres (too close is a safety fault; too far is a fault too)',
    rule: 'The take-off must clear the board or platform safely; a dive that hits it is unsatisfactory (rules: take-off, safety).',
    convention: 'The distances and the points are convention: under about 0.3 m is close, over about 1.5 m is too far out.',
    bands: [band(-Infinity, 0.1, 1.5, 2, 'dangerously close'), band(0.1, 0.3, 1, 0.5, 'close to the board'), band(0.3, 1.5, 0, 0, 'safe distance'), band(1.5, 2.5, 0.5, 1, 'too far out'), band(2.5, Infinity, 1, 1, 'far too far out')],
  },
  'take-off-lean': {
    id: 'take-off-lean', stage: 'takeOff', label: 'Lean at take-off', unit: '°',
    faultSize: 'the body line\'s angle from vertical as the feet leave, degrees',
    rule: 'The take-off must show control and balance, with the proper angle of leaving (rules: take-off).',
    convention: 'Some lean is part of every rotating take-off; the angle at which it becomes "throwing" the dive and its points are convention.',
    bands: [band(0, 20, 0, 0, 'controlled'), band(20, 35, 0.5, 1, 'leaning, throwing the dive'), band(35, Infinity, 1, 2, 'clearly thrown')],
  },
  balance: {
    id: 'balance', stage: 'takeOff', label: 'Balance (armstand)', unit: '°',
    faultSize: 'the sway of the body line over the held handstand, degrees',
    rule: 'An armstand must be held in a steady balance before the take-off; a re-start costs 2 points (rules: armstand dives).',
    convention: 'The sway angles and their points are convention.',
    bands: [band(0, 3, 0, 0, 'steady'), band(3, 8, 0.5, 1, 'wobbles'), band(8, Infinity, 1, 2, 'unsteady')],
  },
  tightness: {
    id: 'tightness', stage: 'flight', label: 'Tightness of the position', unit: '°',
    faultSize: 'how many degrees more open the held position is than the one the dive calls for (HELD_POSITION_DEG): the fold at the hips between shoulders and ankles (pike), or the mean of the hip and knee angles (tuck)',
    rule: 'Positions are defined by the rules (pike: bent at the hips, legs straight; tuck: compact, bent at knees and hips); a position other than announced has a maximum of 2 points (referee).',
    convention: 'How tight counts as tight, the open pike or tuck of a plain dive, and the points, are convention.',
    bands: [band(-Infinity, 15, 0, 0, 'tight'), band(15, 40, 0.5, 1, 'open'), band(40, 70, 1, 2, 'very open'), band(70, Infinity, 2, 3, 'position barely shown')],
  },
  knees: {
    id: 'knees', stage: 'flight', label: 'Knees bent in flight', unit: '°',
    faultSize: 'the knees\' bend in the straight or pike position (180° − knee angle), the median over the flight frames where the body is straight, degrees',
    rule: 'In the pike and straight positions the legs are straight at the knees (rules: positions).',
    convention: 'The bend at which judges deduct, and how much, is convention.',
    bands: [band(0, 12, 0, 0, 'straight'), band(12, 25, 0.5, 1, 'knees bent'), band(25, 45, 1, 2, 'clearly bent'), band(45, Infinity, 2, 2, 'position not held')],
  },
  'feet-apart': {
    id: 'feet-apart', stage: 'flight', label: 'Feet apart in flight', unit: 'm',
    faultSize: 'the distance between the ankles as seen, the median over the flight, metres',
    rule: 'Feet together in every position and at the entry (rules: positions, entry).',
    convention: 'The distances and points are convention.',
    bands: [band(0, 0.12, 0, 0, 'together'), band(0.12, 0.3, 0.5, 1, 'feet apart'), band(0.3, Infinity, 1, 2, 'legs apart')],
  },
  somersaults: {
    id: 'somersaults', stage: 'flight', label: 'Somersaults completed', unit: 'rev',
    faultSize: 'the measured rotation minus the announced somersaults, revolutions (the last part is judged as the entry angle)',
    rule: 'A dive of a different number from the one announced is failed, 0 points (rules: referee).',
    convention: 'Not a judge\'s deduction: a rotation clearly different from the announced one is the referee\'s call, flagged here for checking.',
    bands: [band(-Infinity, Infinity, 0, 0, 'see the entry angle')],
  },
  twists: {
    id: 'twists', stage: 'flight', label: 'Twists completed', unit: 'rev',
    faultSize: 'the measured twist minus the announced twists, revolutions',
    rule: 'A twist greater or less than announced by 90° or more at the water is a failed dive (rules: referee).',
    convention: 'Under 90°, a twist that is short or over is deducted by convention (about ½–2 points).',
    bands: [band(0, 0.125, 0, 0, 'complete'), band(0.125, 0.25, 0.5, 2, 'twist short or over')],
  },
  'opening-height': {
    id: 'opening-height', stage: 'flight', label: 'Height of the opening above the water', unit: 'm',
    faultSize: 'the time from the opening to the water, seconds (the line-up a judge sees)',
    rule: 'The dive ends with a straight body at the entry (rules: entry).',
    convention: 'Coming out of the somersault early enough to show a line is convention: about a sixth of a second or more is enough.',
    bands: [band(-Infinity, 0.08, 2, 1, 'opened at the water'), band(0.08, 0.15, 1, 0.5, 'late opening'), band(0.15, Infinity, 0, 0, 'lined up')],
  },
  'entry-angle': {
    id: 'entry-angle', stage: 'entry', label: 'Entry angle from vertical', unit: '°',
    faultSize: 'the body line\'s angle from vertical at water contact, degrees (+ over-rotated, − short)',
    rule: 'The entry shall be vertical, or nearly so (rules: entry).',
    convention: 'The angle at which judges deduct, and how much, is convention.',
    bands: [band(0, 6, 0, 0, 'vertical'), band(6, 15, 0.5, 1, 'slightly short or over'), band(15, 30, 1, 2, 'short or over'), band(30, 60, 2, 3, 'well short or over'), band(60, Infinity, 3, 5, 'flat')],
  },
  'body-line': {
    id: 'body-line', stage: 'entry', label: 'Body line at entry', unit: '°',
    faultSize: 'the larger of the hips\' and the knees\' bend away from straight at water contact, degrees',
    rule: 'The body is straight at the entry (rules: entry).',
    convention: 'The bend at which judges deduct, and how much, is convention.',
    bands: [band(0, 12, 0, 0, 'straight'), band(12, 25, 0.5, 1, 'piked or arched'), band(25, Infinity, 1, 2, 'clearly bent')],
  },
  splash: {
    id: 'splash', stage: 'entry', label: 'Splash', unit: 'splash 0–10',
    faultSize: 'the measured white water after the entry, on the app\'s 0–10 scale (about 2 for a rip entry, 8 or more for a crash)',
    rule: 'The entry is judged with its splash (rules: entry).',
    convention: 'The splash sizes and points are convention.',
    bands: [band(0, 3, 0, 0, 'rip entry'), band(3, 5, 0.5, 1, 'some splash'), band(5, 8, 1, 2, 'large splash'), band(8, Infinity, 2, 3, 'crash')],
  },
};

/**
 * The held position a dive calls for, as the angle the checklist measures (pike: the fold at the
 * hips between shoulders and ankles; tuck: the mean of the hip and knee angles), degrees. A
 * convention, not a rule: a somersaulting dive is judged against a closed pike (chest on the
 * thighs) or a tight tuck, while a plain dive (at most half a somersault: a forward, back, reverse
 * or inward dive) is shown in an open pike or tuck, the hands at the feet or shins. The angles are
 * those of an elite diver's positions in the project's dive simulator (training/sim/body.ts).
 */
export const HELD_POSITION_DEG = {
  pike: 30,
  tuck: 40,
  plainDive: 55,
} as const;

/** The angle of the held position this dive calls for (HELD_POSITION_DEG), or null when the rules judge no held position (straight, free). */
export function heldPositionAngle(dive: DiveNumber): number | null {
  if (dive.position !== 'B' && dive.position !== 'C') return null;
  if (dive.halfSomersaults <= 1) return HELD_POSITION_DEG.plainDive;
  return dive.position === 'B' ? HELD_POSITION_DEG.pike : HELD_POSITION_DEG.tuck;
}

/** Which items a dive is judged on: tightness only in tuck and pike, knees not in tuck, balance only from an armstand, twists only when there are any. */
export function itemApplies(id: ExecutionItemId, dive: DiveNumber): boolean {
  switch (id) {
    case 'tightness':
      return dive.position === 'B' || dive.position === 'C';
    case 'knees':
      return dive.position !== 'C';
    case 'balance':
      return dive.armstand;
    case 'twists':
      return dive.twisting;
    default:
      return true;
  }
}

/** The fault size a rule's bands are read on, from the measured value (see each rule's `faultSize`). */
export function faultSizeOf(id: ExecutionItemId, value: number, context: { dive: DiveNumber; height: Height; lineUpSeconds?: number | null }): number {
  switch (id) {
    case 'take-off-height':
      return Math.max(0, 1 - value / USUAL_RISE_M[context.height]);
    case 'entry-angle':
    case 'take-off-lean':
      return Math.abs(value);
    case 'somersaults':
      return value - context.dive.somersaults;
    case 'twists':
      return Math.abs(value - context.dive.twists);
    case 'opening-height':
      return context.lineUpSeconds ?? Number.NaN;
    default:
      return value;
  }
}

export interface ItemDeduction {
  points: number;
  band: DeductionBand;
  /** Set where the rules take the dive out of a judge's hands (failed dive): then `points` is 0 and this says why. */
  refereeCall: string | null;
}

/** The band a fault size falls in and the points it costs (linear inside the band). */
export function deductionFor(id: ExecutionItemId, size: number): ItemDeduction | null {
  if (!Number.isFinite(size)) return null;
  const rule = EXECUTION_RULES[id];
  if (id === 'twists' && size >= 0.25) return { points: 0, band: band(0.25, Infinity, 0, 0, 'twist off by 90° or more'), refereeCall: 'a twist off by 90° or more is a failed dive (referee)' };
  if (id === 'somersaults' && Math.abs(size) >= 0.5) return { points: 0, band: rule.bands[0] as DeductionBand, refereeCall: 'a rotation half a somersault or more from the announced one would be a different dive, failed (referee): check the clip' };
  const found = rule.bands.find((b) => size >= b.from && size < b.to) ?? rule.bands[rule.bands.length - 1];
  if (!found) return null;
  const [low, high] = found.points;
  const span = found.to - found.from;
  const t = Number.isFinite(span) && span > 0 ? Math.min(1, Math.max(0, (size - found.from) / span)) : 0;
  return { points: Math.round((low + (high - low) * t) * 100) / 100, band: found, refereeCall: null };
}

/**
 * The award the measured faults leave: 10 minus the deductions, within 0–10, unrounded. The score
 * takes this one: it stands for a panel's awards, whose mean moves continuously, where one judge's
 * half points would turn a hundredth of a deduction into half an award point of score (the 407C
 * sample beside itself: 7.03 and 6.34 before rounding, 7.0 and 6.0 after, 4.8 points of score
 * apart). Only reliable items count; callers pass their points.
 */
export function expectedAward(points: readonly number[]): number {
  const total = points.reduce((a, b) => a + b, 0);
  return Math.min(10, Math.max(0, 10 - total));
}

/** The award a judge would give for the measured faults: `expectedAward` to the nearest half point. */
export function awardFromDeductions(points: readonly number[]): number {
  return Math.floor(expectedAward(points) * 2 + 0.5) / 2;
}

/**
 * What a panel deducts for that one camera's 2-D pose cannot measure — the arms and hands, pointed
 * or flexed feet, the head, how cleanly the hands meet the water — taken off the award from
 * measured faults as one fixed allowance, award points. Convention, not rule: no rule sets it. It
 * was fitted as ¾ on the award rounded down to the half point, the quarter point that best matched
 * the panel's median award on 80 simulated *training* dives (seed 11, `npm run check:faults --
 * --measured --seed 11 --count 80`: MAE 1.281 without it, 1.062 with it, 1.069 with ½, 1.094 with
 * 1). Rounding down takes a quarter point on average, so on the unrounded award the same fit is 1,
 * and 1 rounded to the nearest half point gives exactly the awards ¾ rounded down gave. On the
 * unrounded award blended into the score, 1 and 1⅛ matched best on 100 training dives (seed 11,
 * 2026-12-05: blended award MAE 0.741 and 0.739, against 0.744 with the half-point award). It is
 * fitted on simulated judges, not real ones (README, What a judge would deduct).
 */
export const UNSEEN_FAULTS_ALLOWANCE = 1;

/** Two awards further apart than this are flagged side by side. */
export const AWARD_DISAGREEMENT = 1;
