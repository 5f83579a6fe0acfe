/**
 * A small read-only window hook for automation (the score benchmark, end-to-end tests, power
 * users in the console): `window.divejudge.analysis()` returns the current analysis as plain JSON;
 * `setPoseWorkerLimit(n)` caps the pose workers (the benchmark times one against two);
 * `poseWorkersWarm()` says whether the idle warm-up has loaded the pose models.
 */
import { poseWorkersWarm, setPoseWorkerLimit } from '../workers/posePool.ts';
import { useAnalysisStore } from '../state/analysisStore.ts';
import { usePackStore } from '../state/packStore.ts';
import { usePoseStore } from '../state/poseStore.ts';
import { useClipStore } from '../state/clipStore.ts';
import { useDiveStore } from '../state/diveStore.ts';
import { executionFaultsJson, type ExecutionFaultJson } from '../pipeline/analysis/execution.ts';
import { checklistOnPage } from '../state/checklistOnPage.ts';

export interface AnalysisSnapshot {
  status: string;
  /** The clip on screen, and why there is no score when there is none. */
  clipName: string | null;
  notice: string | null;
  pack: { id: string; version: string; trainedOn: string; provider: string } | null;
  frameIndices: number[] | null;
  transitions: { takeOffEnd: number; entryStart: number } | null;
  modelTransitions: { takeOffEnd: number; entryStart: number } | null;
  boundaries: [number, number] | null;
  exemplars: number[] | null;
  summary: unknown;
  splash: unknown;
  timings: unknown;
  poseMsPerFrame: number | null;
  poseDecodeMs: number | null;
  /** Pose workers that ran the clip at once, and the segments it was split into (src/pipeline/pose/segments.ts). */
  poseWorkers: { workers: number; segments: number; device: string; modelRuns: { follow: number; retry: number; search: number; otherPeople: number }; segmentMs: number[]; framesDecoded: number; fedByOneDecode: boolean; tailMs: number } | null;
  /** The camera path measured in the pose pass (summed over the workers); null when the analysis measured it. */
  poseCameraMs: number | null;
  /** navigator.hardwareConcurrency: the cores the pose workers are counted from. */
  hardwareConcurrency: number | null;
  inputs: { poses: number[]; splash: number[]; sceneTrack?: number[]; resampled?: Array<{ poses: number[]; splash: number[]; sceneTrack?: number[] }> } | null;
  /** The execution checklist of the analysis on screen (as the panel shows it), and its award. */
  executionFaults: ExecutionFaultJson[] | null;
  awardFromFaults: number | null;
  /** How many times slower than real time the analysed frames play, and the slow-motion replay left out (src/pipeline/aqa/replays.ts). */
  timeScale: { slowdown: number | null; replay: { start: number; end: number; slowdown: number; view?: 'underwater' } | null } | null;
}

export function analysisSnapshot(): AnalysisSnapshot {
  const a = useAnalysisStore.getState();
  const dive = useDiveStore.getState().dive;
  const checklist = checklistOnPage(usePoseStore.getState().sequence, a.transitions, a.encoded, dive);
  const pack = usePackStore.getState().active;
  return {
    status: a.status,
    clipName: useClipStore.getState().clip?.info.name ?? null,
    notice: a.notice ?? a.error,
    pack: pack ? { id: pack.manifest.id, version: pack.manifest.version, trainedOn: pack.manifest.trainedOn.kind, provider: pack.provider } : null,
    frameIndices: a.encoded?.frameIndices ?? null,
    transitions: a.transitions,
    modelTransitions: a.modelTransitions,
    boundaries: a.score?.boundaries ?? null,
    exemplars: a.score?.exemplars ?? null,
    summary: a.summary,
    splash: a.encoded?.splash ?? null,
    timings: a.timings,
    poseMsPerFrame: usePoseStore.getState().msPerFrame,
    poseDecodeMs: usePoseStore.getState().decodeMs,
    poseWorkers: usePoseStore.getState().workers,
    poseCameraMs: usePoseStore.getState().cameraMs,
    hardwareConcurrency: typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : null,
    inputs: a.encoded
      ? {
          poses: Array.from(a.encoded.inputs.poses),
          splash: Array.from(a.encoded.inputs.splash),
          ...(a.encoded.inputs.sceneTrack ? { sceneTrack: Array.from(a.encoded.inputs.sceneTrack) } : {}),
          ...(a.encoded.inputs.resampled ? { resampled: a.encoded.inputs.resampled.map((r) => ({ poses: Array.from(r.poses), splash: Array.from(r.splash), ...(r.sceneTrack ? { sceneTrack: Array.from(r.sceneTrack) } : {}) })) } : {}),
        }
      : null,
    executionFaults: checklist ? executionFaultsJson(checklist) : null,
    awardFromFaults: checklist?.award ?? null,
    timeScale: a.encoded ? { slowdown: a.encoded.slowdown, replay: a.encoded.replay } : null,
  };
}

export interface PoseSnapshot {
  status: string;
  /** The clip on screen, and whether this pose belongs to it. */
  clipName: string | null;
  forClip: boolean;
  frameCount: number;
  /** The pose stage's configuration (backend and options): what a cached pose is keyed by. */
  config: string | null;
  /** frameCount × 16 × 3 (x, y pixels, confidence) */
  joints: number[];
  /** frameCount × 4 (x1, y1, x2, y2; NaN without a box): with the joints, what the scoring worker is given. */
  boxes: number[];
  width: number;
  height: number;
  fps: number;
  detected: number[];
  /** frameCount × 16: 1 where the pose stage interpolated the joint. */
  repaired: number[];
  msPerFrame: number | null;
  /** Frames checked for a second person of the diver's size and where one was seen; the point the judge picked. */
  otherPeople: { checked: number; frames: number[] } | null;
  follow: { x: number; y: number } | null;
}

/** The pose stage's result for the clip on screen (the in-clip detection check reads it). */
export function poseSnapshot(): PoseSnapshot {
  const p = usePoseStore.getState();
  const s = p.sequence;
  const clip = useClipStore.getState().clip;
  return { status: p.status, clipName: clip?.info.name ?? null, forClip: !!clip && p.clipUrl === clip.url, frameCount: s?.frameCount ?? 0, config: s?.config ?? null, joints: s ? Array.from(s.joints) : [], boxes: s ? Array.from(s.boxes) : [], width: s?.width ?? 0, height: s?.height ?? 0, fps: s?.fps ?? 0, detected: s ? Array.from(s.detected) : [], repaired: s ? Array.from(s.repaired) : [], msPerFrame: p.msPerFrame, otherPeople: p.otherPeople, follow: p.follow };
}

export function installAutomationHook(): void {
  // as unknown as: the test hook is a global of our own, which Window's type does not have.
  (window as unknown as { divejudge: unknown }).divejudge = { analysis: analysisSnapshot, pose: poseSnapshot, setPoseWorkerLimit, poseWorkersWarm };
}
