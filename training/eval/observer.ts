/**
 * Upper bounds for a model that reads the take-off from the measured geometry: an observer that sees
 * every fault perfectly except the board faults (take-off height, board distance, too far out), whose
 * points it predicts from the measured rise and clearance with a fit made on the training split. No
 * model fed the same geometry can beat it by more than chance, so it says whether a target is
 * reachable before anything is trained.
 */
import { spearman } from './metrics.ts';

export interface ObserverClip {
  diveNumber: string;
  dd: number;
  officialScore: number;
  /** 3 × the simulator's noise-free award. */
  trueAwardSum: number;
  /** Points the judges' model takes for the board faults (per judge). */
  boardDeductions: number;
}

export interface MeasuredTakeOff {
  /** Metres. */
  rise: number;
  /** Body lengths beyond the board's edge. */
  clearance: number;
}

/** Least squares with a tiny ridge (keeps a feature that never varies from breaking the solve). */
export function leastSquares(rows: readonly (readonly number[])[], targets: readonly number[]): number[] {
  const p = rows[0]?.length ?? 0;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  rows.forEach((x, i) => {
    for (let r = 0; r < p; r++) {
      (a[r] as number[])[p] = ((a[r] as number[])[p] as number) + (x[r] as number) * (targets[i] as number);
      for (let c = 0; c < p; c++) (a[r] as number[])[c] = ((a[r] as number[])[c] as number) + (x[r] as number) * (x[c] as number);
    }
  });
  for (let r = 0; r < p; r++) (a[r] as number[])[r] = ((a[r] as number[])[r] as number) + 1e-9 * rows.length;
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[pivot] as number[])[c] as number)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    const d = (a[c] as number[])[c] as number;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const k = ((a[r] as number[])[c] as number) / d;
      for (let q = c; q <= p; q++) (a[r] as number[])[q] = ((a[r] as number[])[q] as number) - k * ((a[c] as number[])[q] as number);
    }
  }
  return a.map((row, i) => (row[p] as number) / (row[i] as number));
}

/**
 * Hinge features of the judges' rules (sim/judges.ts): points grow below a safe clearance, and when
 * the rise falls short of what the dive usually gets (`usualRise`: its mean on the training split).
 */
export function boardFaultFeatures(g: MeasuredTakeOff | null, usualRise: number): number[] {
  if (!g) return [1, 0, 0, 0, 0, 0, 0];
  const ratio = usualRise > 0 ? g.rise / usualRise : 1;
  const c = g.clearance;
  return [1, Math.max(0, 0.2 - c), Math.max(0, 0.1 - c), Math.max(0, -c), Math.max(0, 1 - ratio), Math.max(0, 0.9 - ratio), Math.max(0, 0.8 - ratio)];
}

/** SRCC with the official score of the noise-free awards whose board deductions are replaced by `predicted`. */
export function observerSrcc(clips: readonly ObserverClip[], predicted: readonly number[]): number {
  return spearman(
    clips.map((c, i) => (c.trueAwardSum + 3 * (c.boardDeductions - (predicted[i] as number))) * c.dd),
    clips.map((c) => c.officialScore),
  );
}

/**
 * The bound: board-fault points fitted on `train` from each clip's measured geometry, applied to
 * `test`. A clip whose take-off could not be measured gets the features of an unmeasured one.
 */
export function geometryObserverBound(
  train: ReadonlyArray<{ clip: ObserverClip; geometry: MeasuredTakeOff | null }>,
  test: ReadonlyArray<{ clip: ObserverClip; geometry: MeasuredTakeOff | null }>,
): number {
  const rises = new Map<string, number[]>();
  for (const t of train) if (t.geometry) rises.set(t.clip.diveNumber, [...(rises.get(t.clip.diveNumber) ?? []), t.geometry.rise]);
  const usual = (dive: string): number => {
    const r = rises.get(dive);
    return r ? r.reduce((s, v) => s + v, 0) / r.length : 0;
  };
  const features = (t: { clip: ObserverClip; geometry: MeasuredTakeOff | null }) => boardFaultFeatures(t.geometry, usual(t.clip.diveNumber));
  const weights = leastSquares(train.map(features), train.map((t) => t.clip.boardDeductions));
  const predicted = test.map((t) => features(t).reduce((s, v, k) => s + v * (weights[k] as number), 0));
  return observerSrcc(test.map((t) => t.clip), predicted);
}
