/**
 * Which faults a pack misses: its error on each simulated test dive (predicted award sum − 3 × the
 * noise-free award) regressed on every fault's true deduction at once. A slope of 0 means the pack
 * takes that fault fully into account, 1 that it ignores it; the share is the part of the error
 * variance the missed part makes, and "SRCC if seen" what the pack would score with that fault's
 * missed part taken out (other faults left as they are).
 */
import { leastSquares } from './observer.ts';
import { spearman } from './metrics.ts';

export interface FaultClip {
  dd: number;
  officialScore: number;
  predictedScore: number;
  /** 3 × the simulator's noise-free award. */
  trueAwardSum: number;
  /** Per-judge points of each fault, by fault name. */
  deductions: Readonly<Record<string, number>>;
}

export interface FaultCost {
  fault: string;
  /** Fraction of the fault's deduction the pack does not take off (0: fully seen). */
  missed: number;
  /** Share of the error variance that missed part makes, 0..1. */
  share: number;
  /** Standard deviation of the fault's deduction over the dives (award-sum points). */
  spread: number;
  srccIfSeen: number;
}

export function faultCosts(clips: readonly FaultClip[]): { srcc: number; errorSd: number; faults: FaultCost[] } {
  const names = [...new Set(clips.flatMap((c) => Object.keys(c.deductions)))].filter((name) => {
    const values = clips.map((c) => c.deductions[name] ?? 0);
    return Math.max(...values) > Math.min(...values); // a fault that never varies cannot be regressed on
  });
  const error = clips.map((c) => c.predictedScore / c.dd - c.trueAwardSum);
  const weights = leastSquares(clips.map((c) => [1, ...names.map((n) => 3 * (c.deductions[n] ?? 0))]), error);
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const variance = (v: readonly number[]) => mean(v.map((x) => x * x)) - mean(v) ** 2;
  const errorVariance = variance(error);
  const official = clips.map((c) => c.officialScore);
  const faults = names.map((fault, k): FaultCost => {
    const points = clips.map((c) => 3 * (c.deductions[fault] ?? 0));
    const m = mean(points), slope = weights[k + 1] as number;
    const seen = clips.map((c, i) => (c.predictedScore / c.dd - slope * ((points[i] as number) - m)) * c.dd);
    return { fault, missed: slope, share: errorVariance > 0 ? (slope * slope * variance(points)) / errorVariance : 0, spread: Math.sqrt(variance(points)), srccIfSeen: spearman(seen, official) };
  });
  return { srcc: spearman(clips.map((c) => c.predictedScore), official), errorSd: Math.sqrt(errorVariance), faults };
}
