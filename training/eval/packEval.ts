/** Metrics of a model pack on a dataset split, computed through onnxruntime exactly as the app scores. */
import { boundariesToFrames, stageIoU, vote } from '@divejudge/core';
import type { PackRunner } from '../export/packRunner.ts';
import type { ClipInputs } from '../export/packRunner.ts';
import type { Clip } from '../train/data.ts';
import { pixelsToFloats } from '../train/data.ts';
import { Progress } from '../train/progress.ts';
import { aqaMetrics } from './metrics.ts';
import type { AqaMetrics } from './metrics.ts';
import type { Prediction } from './predict.ts';

export function clipInputs(clip: Clip, crop: number | null): ClipInputs {
  let frames: Float32Array | undefined;
  if (crop !== null && clip.pixels) {
    frames = new Float32Array(clip.pixels.length);
    pixelsToFloats(clip.pixels, crop, false, frames, 0);
  }
  return { poses: clip.poses, splash: clip.splash, frames, ...(clip.sceneTrack ? { sceneTrack: clip.sceneTrack } : {}) };
}

export interface PackEvaluation {
  metrics: AqaMetrics;
  /** The same votes with every relative score 0 (the chosen exemplars' mean): what the model adds to. */
  baseline: AqaMetrics;
  predictions: Prediction[];
  msPerClip: number;
}

export async function evaluatePack(runner: PackRunner, clips: readonly Clip[], voteN: number, label = 'eval'): Promise<PackEvaluation> {
  const predictions: Prediction[] = [];
  const baseline: number[] = [];
  const crop = runner.manifest.inputs.crop?.size ?? null;
  const progress = new Progress(label, clips.length);
  const started = performance.now();
  for (const clip of clips) {
    const result = await runner.score(clipInputs(clip, crop), { diveNumber: clip.diveNumber, height: clip.height, dd: clip.dd }, voteN);
    const b = result.encoded.boundaries;
    const sums = result.exemplars.map((k) => runner.exemplars[k]?.awardSum ?? 0);
    baseline.push(vote(sums, new Float32Array(sums.length), clip.dd).officialScore);
    predictions.push({
      id: clip.id,
      truth: clip.officialScore,
      predicted: result.vote.officialScore,
      spread: result.vote.spread * clip.dd,
      iou: stageIoU(boundariesToFrames(b, clip.frameIndices), clip.transitions, clip.frameCount),
      boundaries: b,
    });
    progress.update(predictions.length);
  }
  const msPerClip = (performance.now() - started) / Math.max(1, clips.length);
  progress.done();
  const truth = predictions.map((p) => p.truth), ious = predictions.map((p) => p.iou);
  return { metrics: aqaMetrics(truth, predictions.map((p) => p.predicted), ious), baseline: aqaMetrics(truth, baseline, ious), predictions, msPerClip };
}

/** The packs' predictions averaged clip by clip, when every pack scored the same clips; null otherwise. */
export function ensembleOf(evaluations: ReadonlyArray<{ evaluation: PackEvaluation }>): AqaMetrics | null {
  if (evaluations.length < 2) return null;
  const first = (evaluations[0] as { evaluation: PackEvaluation }).evaluation.predictions;
  const ids = first.map((p) => p.id).join('|');
  if (!evaluations.every((e) => e.evaluation.predictions.map((p) => p.id).join('|') === ids)) return null;
  const mean = first.map((_, i) => evaluations.reduce((s, e) => s + (e.evaluation.predictions[i] as { predicted: number }).predicted, 0) / evaluations.length);
  return aqaMetrics(first.map((p) => p.truth), mean, first.map((p) => p.iou));
}
