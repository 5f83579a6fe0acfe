/**
 * Evaluation with the tfjs model, following the app's path: encode → predicted stage boundaries →
 * stage features → compare against N exemplars of the same dive from the training split (their
 * stages from the annotated boundaries, as in the pack's bank) → vote (eq. 28). A training-time
 * guide: it compares on the likeliest split only, where the app averages the likeliest
 * STAGE_SPLITS_AVERAGED (packScorer.ts; the exported pack's own evaluation, packEval.ts, does).
 */
import { boundariesFromProbabilities, boundariesToFrames, resampleMatrix, selectExemplars, stageIoU, vote } from '@divejudge/core';
import type { ExemplarRecord } from '@divejudge/core';
import type { Clip } from '../train/data.ts';
import type { ClipStages, ModelSession } from '../train/session.ts';
import { aqaMetrics, spearman } from './metrics.ts';
import type { AqaMetrics } from './metrics.ts';

export function exemplarRecordOf(clip: Clip, source: string): ExemplarRecord {
  return {
    id: clip.id,
    diveNumber: clip.diveNumber,
    height: clip.height,
    dd: clip.dd,
    awards: clip.awards,
    officialScore: clip.officialScore,
    awardSum: clip.awardSum,
    splashScore: clip.splashScore,
    source,
    transitions: clip.boundaries,
  };
}

export interface Prediction {
  id: string;
  truth: number;
  predicted: number;
  spread: number;
  iou: number;
  boundaries: [number, number];
}

export interface Evaluation {
  metrics: AqaMetrics;
  predictions: Prediction[];
  /** SRCC between the noise-free award (simulator truth) × DD and the official score, on the same clips. */
  ceiling: number | null;
  /** The same vote with every relative score 0 (the exemplars' mean × DD): what the model must beat. */
  baseline: AqaMetrics;
  seconds: number;
}

/** Stage features of the training clips with their annotated boundaries: the exemplar bank. */
export async function bankStages(session: ModelSession, train: readonly Clip[], batchSize: number): Promise<ClipStages[]> {
  const T = session.config.model.frames, L = session.config.model.stageLength;
  const encoded = await session.encodeClips(train, batchSize);
  return session.stageClips(encoded.map((e) => e.frameFeatures), train.map((c) => resampleMatrix(c.boundaries, T, L)), batchSize);
}

export async function evaluateTf(session: ModelSession, train: readonly Clip[], test: readonly Clip[], voteN: number, batchSize = 16): Promise<Evaluation> {
  const started = Date.now();
  const T = session.config.model.frames, L = session.config.model.stageLength;
  const bank = await bankStages(session, train, batchSize);
  const records = train.map((c) => exemplarRecordOf(c, c.id));
  const encoded = await session.encodeClips(test, batchSize);
  const boundaries = encoded.map((e) => boundariesFromProbabilities(e.probs, T));
  const stages = await session.stageClips(encoded.map((e) => e.frameFeatures), boundaries.map((b) => resampleMatrix(b, T, L)), batchSize);
  const predictions: Prediction[] = [];
  const baselinePredictions: number[] = [];
  for (let i = 0; i < test.length; i++) {
    const clip = test[i] as Clip;
    const chosen = selectExemplars(records, clip.diveNumber, clip.height, voteN);
    const { relative } = await session.compareWith(stages[i] as ClipStages, chosen.map((k) => bank[k] as ClipStages));
    const awardSums = chosen.map((k) => (records[k] as ExemplarRecord).awardSum);
    const v = vote(awardSums, relative, clip.dd);
    baselinePredictions.push(vote(awardSums, new Float32Array(awardSums.length), clip.dd).officialScore);
    const b = boundaries[i] as [number, number];
    predictions.push({ id: clip.id, truth: clip.officialScore, predicted: v.officialScore, spread: v.spread * clip.dd, iou: stageIoU(boundariesToFrames(b, clip.frameIndices), clip.transitions, clip.frameCount), boundaries: b });
  }
  const metrics = aqaMetrics(predictions.map((p) => p.truth), predictions.map((p) => p.predicted), predictions.map((p) => p.iou));
  const baseline = aqaMetrics(predictions.map((p) => p.truth), baselinePredictions, predictions.map((p) => p.iou));
  return { metrics, predictions, ceiling: simulatorCeiling(test), baseline, seconds: (Date.now() - started) / 1000 };
}

/**
 * SRCC of a perfect observer who sees every fault except where the diver is relative to the board
 * (take-off height and distance from the board): its deductions are replaced by their mean. A model
 * that only sees diver-centred crops and crop-normalised poses cannot beat it by much.
 */
export function cropObserverCeiling(clips: readonly Clip[]): number | null {
  const withTruth = clips.filter((c) => c.trueAwardSum !== null && c.boardDeductions !== null);
  if (withTruth.length < 2) return null;
  const mean = withTruth.reduce((s, c) => s + (c.boardDeductions as number), 0) / withTruth.length;
  return spearman(withTruth.map((c) => ((c.trueAwardSum as number) + 3 * ((c.boardDeductions as number) - mean)) * c.dd), withTruth.map((c) => c.officialScore));
}

/** SRCC(noise-free quality × DD, official score): the best any model can do on simulated dives. */
export function simulatorCeiling(clips: readonly Clip[]): number | null {
  const withTruth = clips.filter((c) => c.trueAwardSum !== null);
  if (withTruth.length < 2) return null;
  return spearman(withTruth.map((c) => (c.trueAwardSum as number) * c.dd), withTruth.map((c) => c.officialScore));
}
