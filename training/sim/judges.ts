/**
 * A judging panel. Each judge looks at what the dive showed in each stage — take-off, flight, entry —
 * turns each visible fault into a deduction the way the rules' guidance describes (lean and height
 * at take-off, safe distance; tightness of position, knees, feet, arms, the opening, the twist; entry
 * angle, line and splash), perceives every fault with some error, adds a personal bias, and awards
 * 10 minus the deductions, to the half point. The official score is the domain's panel arithmetic
 * (drop the extremes, sum, × DD).
 */
import { panelBreakdown } from '@divejudge/core';
import type { Random } from './random.ts';

/** What a judge can see of the dive: measured from the simulated motion, not the fault parameters. */
export interface Observations {
  // take-off
  /** Lean at take-off minus the nominal lean for the direction, degrees. */
  takeOffLeanErrorDeg: number;
  /** CoM rise above take-off as a fraction of the rise this dive normally gets from this board. */
  heightRatio: number;
  /** Closest horizontal distance of the body to the board edge while below the board top, metres. */
  boardClearanceM: number;
  /** Horizontal distance of the entry point from the board edge, metres. */
  entryDistanceM: number;
  armstandWobbleDeg: number;
  // flight
  positionLooseness: number;
  kneeBendDeg: number;
  feetApartM: number;
  flexedFeet: number;
  armError: number;
  /** Time held in the straight line before contact, seconds. */
  lineUpS: number;
  /** The line-up this height asks for, seconds. */
  lineUpNominalS: number;
  /** Twist over (+) or short (−) at contact, degrees. */
  twistErrorDeg: number;
  // entry
  /** Body line at contact off vertical, degrees: + over-rotated, − short. */
  entryAngleDeg: number;
  alignmentDeg: number;
  splashMagnitude: number;
}

export type Stage = 'takeOff' | 'flight' | 'entry';

export interface Deduction {
  stage: Stage;
  fault: string;
  /** Observed size in the fault's unit. */
  size: number;
  points: number;
}

/** Deductions a judge with perfect perception would make (the per-stage truth). */
export function trueDeductions(o: Observations): Deduction[] {
  return deductionsFor(o, () => 1);
}

function deductionsFor(o: Observations, perceive: (fault: string) => number): Deduction[] {
  const out: Deduction[] = [];
  const add = (stage: Stage, fault: string, size: number, points: number) => {
    out.push({ stage, fault, size, points: Math.max(0, points) });
  };
  const p = perceive;
  // Take-off: control, height, safe distance.
  const lean = Math.abs(o.takeOffLeanErrorDeg) * p('lean');
  add('takeOff', 'lean', o.takeOffLeanErrorDeg, Math.min(1.6, Math.max(0, lean - 2.5) * 0.065));
  add('takeOff', 'height', o.heightRatio, Math.min(2, Math.max(0, 0.975 - o.heightRatio) * 7.5 * p('height')));
  const clearance = o.boardClearanceM;
  add('takeOff', 'board distance', clearance, clearance < 0.15 ? Math.min(3.5, (0.15 - clearance) * 6 * p('close')) : 0);
  add('takeOff', 'too far out', o.entryDistanceM, o.entryDistanceM > 3.2 ? Math.min(1.5, (o.entryDistanceM - 3.2) * 0.8 * p('far')) : 0);
  add('takeOff', 'handstand', o.armstandWobbleDeg, o.armstandWobbleDeg * 0.12 * p('wobble'));
  // Flight: position, legs, feet, arms, opening, twist.
  add('flight', 'position', o.positionLooseness, o.positionLooseness * 1.7 * p('position'));
  add('flight', 'knees', o.kneeBendDeg, Math.max(0, o.kneeBendDeg - 3) * 0.045 * p('knees'));
  add('flight', 'feet apart', o.feetApartM, Math.max(0, o.feetApartM - 0.02) * 4 * p('feet'));
  add('flight', 'feet flexed', o.flexedFeet, o.flexedFeet * 0.5 * p('toes'));
  add('flight', 'arms', o.armError, o.armError * 0.8 * p('arms'));
  const late = o.lineUpNominalS * 0.5 - o.lineUpS;
  add('flight', 'opening', o.lineUpS, late > 0 ? Math.min(1.5, late * 7 * p('opening')) : 0);
  const twist = Math.abs(o.twistErrorDeg) * p('twist');
  add('flight', 'twist', o.twistErrorDeg, twist <= 90 ? Math.max(0, twist - 8) * 0.013 : 1.1 + Math.min(3, (twist - 90) * 0.03));
  // Entry: angle, line, splash.
  const angle = Math.abs(o.entryAngleDeg) * p('angle');
  add('entry', 'entry angle', o.entryAngleDeg, Math.min(5, Math.max(0, angle - 3) * 0.07));
  add('entry', 'alignment', o.alignmentDeg, Math.max(0, Math.abs(o.alignmentDeg) - 4) * 0.035 * p('line'));
  add('entry', 'splash', o.splashMagnitude, Math.min(3, o.splashMagnitude * 1.05 * p('splash')));
  return out;
}

/** Per-stage deduction sums. */
export function stageTotals(deductions: readonly Deduction[]): Record<Stage, number> {
  const totals: Record<Stage, number> = { takeOff: 0, flight: 0, entry: 0 };
  for (const d of deductions) totals[d.stage] += d.points;
  return totals;
}

/**
 * Total fault size in "one-point" units: each observed fault's distance from ideal divided by the size
 * that typically costs one point, summed. Linear (no thresholds), so it ranks dives by how much went wrong.
 */
export function faultSize(o: Observations): number {
  return (
    Math.abs(o.takeOffLeanErrorDeg) / 15 +
    Math.max(0, 1 - o.heightRatio) / 0.13 +
    Math.max(0, 0.4 - o.boardClearanceM) / 0.3 +
    Math.max(0, o.entryDistanceM - 2.8) / 1.2 +
    o.armstandWobbleDeg / 8 +
    o.positionLooseness / 0.6 +
    o.kneeBendDeg / 22 +
    o.feetApartM / 0.25 +
    o.flexedFeet / 2 +
    o.armError / 1.25 +
    Math.max(0, o.lineUpNominalS - o.lineUpS) / 0.3 +
    Math.abs(o.twistErrorDeg) / 75 +
    Math.abs(o.entryAngleDeg) / 14 +
    Math.abs(o.alignmentDeg) / 28 +
    o.splashMagnitude / 0.95
  );
}

export interface Judge {
  /** Added to every deduction sum this judge makes (positive: harsh). */
  bias: number;
  /** Spread of the judge's perception of each fault, relative. */
  perception: number;
  /** Spread of the judge's final award before rounding, points. */
  noise: number;
}

export function samplePanel(random: Random, size: 5 | 7): Judge[] {
  return Array.from({ length: size }, () => ({
    bias: random.normal(0, 0.18),
    perception: Math.abs(random.normal(0.16, 0.04)),
    noise: Math.abs(random.normal(0.2, 0.05)),
  }));
}

export interface JudgingResult {
  panelSize: 5 | 7;
  /** Award of each judge, 0–10 in half points. */
  awards: number[];
  /** Each judge's deduction sum per stage (before rounding). */
  judgeStageDeductions: Record<Stage, number>[];
  countedIndices: number[];
  dd: number;
  /** Official points: counted awards × DD (domain panel arithmetic). */
  officialScore: number;
  /** Deductions with perfect perception, and their per-stage totals. */
  deductions: Deduction[];
  stageDeductions: Record<Stage, number>;
  /** Per-stage quality 0–1: 1 − deductions/3, clamped (3 points is a failed stage). */
  stageQuality: Record<Stage, number>;
  /** 10 − all true deductions (unrounded, clamped 0–10): the award a perfect judge would give. */
  trueAward: number;
  faultSize: number;
}

/** A flawless dive still rarely gets 10: judges keep a little back. */
const RESERVE = 0.8;

export function judgeDive(observations: Observations, dd: number, panel: readonly Judge[], random: Random): JudgingResult {
  const size = panel.length;
  if (size !== 5 && size !== 7) throw new RangeError(`a panel has 5 or 7 judges, got ${size}`);
  const awards: number[] = [];
  const judgeStageDeductions: Record<Stage, number>[] = [];
  for (const judge of panel) {
    const seen = deductionsFor(observations, () => Math.max(0, 1 + random.normal(0, judge.perception)));
    const totals = stageTotals(seen);
    judgeStageDeductions.push(totals);
    const raw = 10 - RESERVE - totals.takeOff - totals.flight - totals.entry - judge.bias + random.normal(0, judge.noise);
    awards.push(Math.min(10, Math.max(0, Math.round(raw * 2) / 2)));
  }
  const breakdown = panelBreakdown(awards, { dd });
  const deductions = trueDeductions(observations);
  const stageDeductions = stageTotals(deductions);
  const quality = (d: number) => Math.min(1, Math.max(0, 1 - d / 3));
  return {
    panelSize: size,
    awards,
    judgeStageDeductions,
    countedIndices: [...breakdown.countedIndices],
    dd,
    officialScore: breakdown.points,
    deductions,
    stageDeductions,
    stageQuality: { takeOff: quality(stageDeductions.takeOff), flight: quality(stageDeductions.flight), entry: quality(stageDeductions.entry) },
    trueAward: Math.min(10, Math.max(0, 10 - RESERVE - stageDeductions.takeOff - stageDeductions.flight - stageDeductions.entry)),
    faultSize: faultSize(observations),
  };
}

/** Spearman rank correlation (average ranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length < 2) throw new RangeError('spearman needs two equal-length lists of 2+ values');
  const ranks = (v: readonly number[]): number[] => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length).fill(0);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
      const avg = (i + j) / 2 + 1;
      for (let k = i; k <= j; k++) r[order[k]?.[1] ?? 0] = avg;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a), rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = (ra[i] ?? 0) - mean, y = (rb[i] ?? 0) - mean;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db);
}
