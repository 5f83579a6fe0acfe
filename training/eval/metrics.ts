/** AQA metrics: Spearman's rank correlation (eq. 32), relative L2 (CoRe's definition), AIoU (eq. 34). */

/** Average ranks (ties share the mean rank). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]?.[1] as number] = rank;
    i = j + 1;
  }
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return Number.NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) - ma, y = (b[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : Number.NaN;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

/**
 * Relative L2 distance as CoRe and the paper's tables compute it: mean(((y − ŷ) / (y_max − y_min))²),
 * reported × 100. (The paper's eq. 33 prints an absolute value; its reported magnitudes, ~0.27 × 100
 * for errors of a few points over a ~100-point range, are those of the square.)
 */
export function relativeL2(truth: readonly number[], predicted: readonly number[]): number {
  const range = Math.max(...truth) - Math.min(...truth);
  if (!(range > 0)) return Number.NaN;
  return truth.reduce((s, y, i) => s + (((y - (predicted[i] as number)) / range) ** 2), 0) / truth.length;
}

/** Eq. 34: share of clips whose stage IoU (stages.ts stageIoU) reaches d. */
export function aiou(ious: readonly number[], d: number): number {
  return ious.length === 0 ? Number.NaN : ious.filter((v) => v >= d).length / ious.length;
}

export interface AqaMetrics {
  clips: number;
  srcc: number;
  rl2x100: number;
  aiou50: number;
  aiou75: number;
  /** Mean absolute error of the official score, points. */
  mae: number;
}

export function aqaMetrics(truth: readonly number[], predicted: readonly number[], ious: readonly number[]): AqaMetrics {
  return {
    clips: truth.length,
    srcc: spearman(truth, predicted),
    rl2x100: 100 * relativeL2(truth, predicted),
    aiou50: aiou(ious, 0.5),
    aiou75: aiou(ious, 0.75),
    mae: truth.reduce((s, y, i) => s + Math.abs(y - (predicted[i] as number)), 0) / truth.length,
  };
}
