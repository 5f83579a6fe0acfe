/**
 * Stages of a dive (K = 3: take-off, flight, entry) on the model's time axis: from FineDiving
 * labels, from the encoder's transition probabilities, to the interpolation matrices that resample
 * each stage to L samples (the compare graph's `query_resample`), and the stage IoU (AIoU, eq. 34).
 *
 * Boundaries. A dive's two transitions are `b1` = the first model frame of flight and `b2` = the
 * first model frame of entry, 1 ≤ b1 < b2 ≤ T − 1. Stage frames: take-off [0, b1), flight
 * [b1, b2), entry [b2, T). For resampling, stage k covers the continuous span [0, b1], [b1, b2],
 * [b2, T − 1] (neighbouring stages share their boundary frame), sampled at L evenly spaced points.
 *
 * FineDiving's `steps_transit_frames` lists the last frame before every label change: 2 for most
 * dives (take-off | somersaults | entry), 3–4 when twists or a second position add labels inside
 * the flight. Take-off ends at the first transition, entry starts after the last one.
 */

export const STAGE_COUNT = 3;

/** Stage boundaries in original frame indices: last take-off frame, first entry frame. */
export interface FrameTransitions {
  takeOffEnd: number;
  entryStart: number;
}

/** FineDiving `steps_transit_frames` (≥ 1 entries) → take-off end and entry start. */
export function transitionsFromSteps(stepsTransitFrames: readonly number[]): FrameTransitions {
  const first = stepsTransitFrames[0];
  const last = stepsTransitFrames[stepsTransitFrames.length - 1];
  if (first === undefined || last === undefined) throw new Error('steps_transit_frames is empty');
  return { takeOffEnd: first, entryStart: last + 1 };
}

/** Model-axis boundaries [b1, b2] of original-frame transitions, given the sampled frame indices. */
export function boundariesOnModelAxis(transitions: FrameTransitions, frameIndices: readonly number[]): [number, number] {
  const T = frameIndices.length;
  let b1 = frameIndices.findIndex((f) => f > transitions.takeOffEnd);
  let b2 = frameIndices.findIndex((f) => f >= transitions.entryStart);
  if (b1 < 0) b1 = T - 2;
  if (b2 < 0) b2 = T - 1;
  b1 = Math.min(Math.max(b1, 1), T - 2);
  b2 = Math.min(Math.max(b2, b1 + 1), T - 1);
  return [b1, b2];
}

/**
 * Model-axis boundaries → original-frame transitions (for display and AIoU). A boundary b lies
 * between sampled frames b − 1 and b; the estimate is the middle of that gap.
 */
export function boundariesToFrames(boundaries: readonly [number, number], frameIndices: readonly number[]): FrameTransitions {
  const [b1, b2] = boundaries;
  const at = (i: number) => frameIndices[Math.min(Math.max(i, 0), frameIndices.length - 1)] ?? 0;
  return {
    takeOffEnd: Math.floor((at(b1 - 1) + at(b1) - 1) / 2),
    entryStart: Math.ceil((at(b2 - 1) + 1 + at(b2)) / 2),
  };
}

/**
 * Most likely ordered boundaries from the encoder's `transition_probs` [T, 2] (softmax over time
 * per transition): argmax of log p1(b1) + log p2(b2) with 1 ≤ b1 < b2 ≤ T − 1.
 */
export function boundariesFromProbabilities(probs: ArrayLike<number>, T: number): [number, number] {
  return (likelyBoundaries(probs, T, 1)[0] as LikelyBoundaries).boundaries;
}

/**
 * How many of the encoder's likeliest stage splits the score on its own stages averages over
 * (packScorer.ts). A stage one model frame longer or shorter can move a score by several points;
 * the average errs less end to end than the likeliest split alone (README, *Stage splits*).
 */
export const STAGE_SPLITS_AVERAGED = 5;

export interface LikelyBoundaries {
  boundaries: [number, number];
  /** Its share of the probability of the splits returned with it (they sum to 1). */
  weight: number;
}

/**
 * The `count` likeliest ordered boundary pairs, likeliest first, scored by p1(b1)·p2(b2) (the two
 * transitions' softmaxes taken as independent, pairs with b1 ≥ b2 left out). Ties keep the earlier
 * b2, then the earlier b1. Weights are renormalised over the pairs returned.
 */
export function likelyBoundaries(probs: ArrayLike<number>, T: number, count: number): LikelyBoundaries[] {
  const log = (v: number | undefined) => Math.log(Math.max(v ?? 0, 1e-12));
  const best: Array<{ boundaries: [number, number]; score: number }> = [];
  for (let b2 = 2; b2 <= T - 1; b2++) {
    const end = log(probs[b2 * 2 + 1]);
    for (let b1 = 1; b1 < b2; b1++) {
      const score = log(probs[b1 * 2]) + end;
      if (best.length === count && score <= (best[count - 1] as { score: number }).score) continue;
      // Strictly better than what it passes: earlier pairs stay ahead of equal ones.
      let at = best.length;
      while (at > 0 && score > (best[at - 1] as { score: number }).score) at--;
      best.splice(at, 0, { boundaries: [b1, b2], score });
      if (best.length > count) best.pop();
    }
  }
  if (best.length === 0) return [{ boundaries: [1, 2], weight: 1 }];
  const top = (best[0] as { score: number }).score;
  const shares = best.map((b) => Math.exp(b.score - top));
  const total = shares.reduce((a, b) => a + b, 0);
  return best.map((b, i) => ({ boundaries: b.boundaries, weight: (shares[i] as number) / total }));
}

/** The spans [start, end] (model-axis, continuous) that stage k is resampled over. */
export function stageSpans(boundaries: readonly [number, number], T: number): Array<[number, number]> {
  const [b1, b2] = boundaries;
  return [[0, b1], [b1, b2], [b2, T - 1]];
}

/**
 * Interpolation matrix [K·L, T]: row k·L + j holds the linear-interpolation weights of sample j of
 * stage k over the T frames, so stageFeatures = matrix × frameFeatures. Used in training (with the
 * true boundaries) and in the app (with predicted or judge-edited ones).
 */
export function resampleMatrix(boundaries: readonly [number, number], T: number, L: number): Float32Array {
  const out = new Float32Array(STAGE_COUNT * L * T);
  stageSpans(boundaries, T).forEach(([start, end], k) => {
    for (let j = 0; j < L; j++) {
      const p = L === 1 ? (start + end) / 2 : start + ((end - start) * j) / (L - 1);
      const i0 = Math.min(Math.floor(p), T - 1), i1 = Math.min(i0 + 1, T - 1);
      const w = p - i0;
      const row = (k * L + j) * T;
      out[row + i0] = (out[row + i0] ?? 0) + (1 - w);
      out[row + i1] = (out[row + i1] ?? 0) + w;
    }
  });
  return out;
}

/** One-hot transition targets [T, 2] for the segmentation loss (eq. 7). */
export function transitionTargets(boundaries: readonly [number, number], T: number): Float32Array {
  const out = new Float32Array(T * 2);
  out[boundaries[0] * 2] = 1;
  out[boundaries[1] * 2 + 1] = 1;
  return out;
}

/** Frame intervals [start, end) of the three stages in original frames. */
export function stageIntervals(transitions: FrameTransitions, frameCount: number): Array<[number, number]> {
  const a = Math.max(0, Math.min(frameCount, transitions.takeOffEnd + 1));
  const b = Math.max(a, Math.min(frameCount, transitions.entryStart));
  return [[0, a], [a, b], [b, frameCount]];
}

/** Mean over the three stages of the IoU of predicted and true frame intervals (eq. 34's IoU_i). */
export function stageIoU(predicted: FrameTransitions, truth: FrameTransitions, frameCount: number): number {
  const p = stageIntervals(predicted, frameCount), t = stageIntervals(truth, frameCount);
  let sum = 0;
  for (let k = 0; k < STAGE_COUNT; k++) {
    const [ps, pe] = p[k] as [number, number], [ts, te] = t[k] as [number, number];
    const inter = Math.max(0, Math.min(pe, te) - Math.max(ps, ts));
    const union = Math.max(pe, te) - Math.min(ps, ts);
    sum += union > 0 ? inter / union : 1;
  }
  return sum / STAGE_COUNT;
}
