/**
 * The analysis on screen as an AnalysisRecord (src/pipeline/analysis/record.ts), gathered from the
 * stores. The pure mappers (clip, pose) live with the record format.
 */
import { clipRecordOf, poseRecordOf, toNumbers, ANALYSIS_FORMAT, type AnalysisRecord, type ClipRecord } from '../pipeline/analysis/record.ts';
import type { ExemplarRecord } from '../pipeline/aqa/pack.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { useClipStore } from './clipStore.ts';
import { useDiveStore } from './diveStore.ts';
import { usePackStore, trainingLabel } from './packStore.ts';
import { usePoseStore } from './poseStore.ts';
import { votingBank } from './votingBank.ts';

/**
 * The current analysis as a record, or null when there is nothing worth saving (no clip analysed).
 * `base` is the saved record being continued (keeps its id, creation date and clip details).
 */
export function currentRecord(base: { id: string; createdAt: string; clip: ClipRecord | null }): AnalysisRecord | null {
  const analysis = useAnalysisStore.getState();
  const clip = useClipStore.getState().clip;
  const pack = usePackStore.getState().active;
  const dive = useDiveStore.getState().dive;
  const pose = usePoseStore.getState();
  const clipRecord = clip ? clipRecordOf(clip) : base.clip;
  if (!clipRecord || !analysis.encoded || !pack) return null;
  const e = analysis.encoded;
  const bank: ExemplarRecord[] = votingBank();
  const score = analysis.score;
  const sequence = pose.sequence && (pose.clipUrl === clip?.url || !clip) ? pose.sequence : null;
  return {
    format: ANALYSIS_FORMAT,
    id: base.id,
    createdAt: base.createdAt,
    updatedAt: new Date().toISOString(),
    clip: clipRecord,
    dive: { code: dive.code, height: dive.height, name: dive.name, dd: dive.dd },
    pack: { id: pack.manifest.id, version: pack.manifest.version, name: pack.manifest.name, key: pack.key, trainedOn: { kind: pack.manifest.trainedOn.kind, name: pack.manifest.trainedOn.name }, label: trainingLabel(pack.manifest) },
    pose: sequence ? poseRecordOf(sequence) : null,
    encoded: {
      frameIndices: [...e.frameIndices],
      boundaries: [e.boundaries[0], e.boundaries[1]],
      transitionProbs: toNumbers(e.transitionProbs),
      poses: toNumbers(e.inputs.poses),
      splash: toNumbers(e.inputs.splash),
      ...(e.inputs.sceneTrack ? { sceneTrack: toNumbers(e.inputs.sceneTrack) } : {}),
      ...(e.inputs.resampled ? { resampled: e.inputs.resampled.map((r) => ({ frameIndices: [...r.frameIndices], poses: toNumbers(r.poses), splash: toNumbers(r.splash), ...(r.sceneTrack ? { sceneTrack: toNumbers(r.sceneTrack) } : {}) })) } : {}),
      ...(e.takeOff ? { takeOff: { ...e.takeOff } } : {}),
      ...(e.cuts.length ? { cuts: [...e.cuts] } : {}),
      ...(e.startsInFlight ? { startsInFlight: true } : {}),
      ...(e.replay ? { replay: { ...e.replay } } : {}),
      ...(e.slowdown !== null ? { slowdown: e.slowdown } : {}),
      splashMeasured: e.splash ? { ...e.splash, trace: toNumbers(e.splash.trace) } : null,
    },
    stages: analysis.transitions && analysis.modelTransitions ? { model: { ...analysis.modelTransitions }, used: { ...analysis.transitions } } : null,
    voting: { mode: analysis.voteMode, n: analysis.voteN, chosen: [...analysis.chosen] },
    score: score
      ? { exemplars: [...score.exemplars], relative: toNumbers(score.relative), stageScores: toNumbers(score.stageScores), relativeSplash: toNumbers(score.relativeSplash), boundaries: [score.boundaries[0], score.boundaries[1]], vote: score.vote, ...(score.stageSplitSpread !== undefined ? { stageSplitSpread: score.stageSplitSpread } : {}) }
      : null,
    summary: analysis.summary,
    voters: score ? score.exemplars.flatMap((i) => (bank[i] ? [bank[i]] : [])) : [],
    timings: analysis.timings ? { poseMs: analysis.timings.poseMs, encodeMs: analysis.timings.encodeMs, splashMs: analysis.timings.splashMs, compareMs: analysis.timings.compareMs, totalMs: analysis.timings.totalMs } : null,
    importedFrom: analysis.importedFrom,
  };
}
