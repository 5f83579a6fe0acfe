/**
 * The diver's pose for the current clip: computed once per clip and backend in the pose worker
 * (progress, cancel), kept in memory per clip so switching back is instant.
 */
import { create } from 'zustand';
import type { BackendId } from '../pipeline/pose/backends/types.ts';
import { framesWithoutDiver, type PackedPoseSequence } from '../pipeline/pose/packed.ts';
import type { OtherPeopleCheck } from '../pipeline/pose/types.ts';
import type { PoseModelRuns } from '../pipeline/pose/poseStage.ts';
import type { ClipCameraPath } from '../pipeline/splash/cameraPath.ts';
import type { ClipTailFrames } from '../pipeline/splash/clipSplash.ts';
import { WorkerJobError, type JobHandle } from '../workers/client.ts';
import { runClipPoses, warmUpPoseWorkers, type ClipPoseResult } from '../workers/posePool.ts';
import type { LoadedClip } from './clipStore.ts';
import { useSettingsStore } from './settingsStore.ts';
import { throttleLatest } from './throttle.ts';

export interface PoseProgress {
  done: number;
  total: number;
  stage: string;
}

interface PoseState {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  progress: PoseProgress | null;
  sequence: PackedPoseSequence | null;
  /** The camera path the pose pass measured on its decode of the clip (null: the analysis measures it). */
  cameraPath: ClipCameraPath | null;
  /** Runs of frames where no diver was found. */
  gaps: Array<{ start: number; end: number }>;
  error: string | null;
  /** Clip URL the current sequence belongs to. */
  clipUrl: string | null;
  msPerFrame: number | null;
  /** Decoding's share of the pose time, milliseconds (summed over the workers). */
  decodeMs: number | null;
  /** Measuring the camera path on the pose pass's decode, milliseconds (summed over the workers). */
  cameraMs: number | null;
  /** Pose workers that ran the clip at once, and the segments it was split into. */
  workers: { workers: number; segments: number; device: 'webgpu' | 'wasm'; modelRuns: PoseModelRuns; segmentMs: number[]; framesDecoded: number; fedByOneDecode: boolean; tailMs: number } | null;
  /** Frames checked for a second person of the diver's size and where one was seen (null: not checked, or the judge picked the diver). */
  otherPeople: OtherPeopleCheck | null;
  /** Where the judge clicked the diver to follow (frame pixels, first frame), for the current clip. */
  follow: { x: number; y: number } | null;
  /** The next click on the video picks the diver. */
  picking: boolean;
  /**
   * The sequence is a saved pose that comes with its saved analysis (a reopened or relinked
   * analysis): finishing it must not start a new analysis, which would race the saved one in.
   */
  savedWithAnalysis: boolean;
  /** Runs the pose stage; `follow` picks the diver (null: let the stage choose), omitted: keep the clip's current pick. */
  runPose(clip: LoadedClip, options?: { follow?: { x: number; y: number } | null }): Promise<void>;
  setPicking(picking: boolean): void;
  /** Show a saved pose (a reopened analysis), for the given clip URL or none. */
  restore(sequence: PackedPoseSequence, clipUrl: string | null, withAnalysis: boolean): void;
  cancel(): void;
  reset(): void;
}

let running: JobHandle<ClipPoseResult> | null = null;
/** The pose pass's progress reaches the page at most this often (`throttle.ts` says why). */
const PROGRESS_INTERVAL_MS = 200;

const cache = new Map<string, { sequence: PackedPoseSequence; otherPeople: OtherPeopleCheck | null; cameraPath: ClipCameraPath | null }>();
/** Saved poses waiting for their clip to load (a reopened analysis): used instead of running the model. */
const seeds = new WeakMap<Blob, { sequence: PackedPoseSequence; withAnalysis: boolean }>();

/**
 * The next runPose for this exact file takes this saved pose instead of running the pose model.
 * `withAnalysis`: the save brings its analysis too, so the pose finishing starts none.
 */
export function seedPoseForFile(file: Blob, sequence: PackedPoseSequence, withAnalysis: boolean): void {
  seeds.set(file, { sequence, withAnalysis });
}

/**
 * Starts the pose workers and loads the user's pose model ahead of the first clip (the app calls it
 * once idle): the first analysis does not wait for it, and a clip opened after the network went still finds the diver.
 */
export function warmUpPose(): Promise<void> {
  const settings = useSettingsStore.getState();
  return warmUpPoseWorkers(settings.poseBackend, settings.inferenceProvider).catch(() => undefined);
}

/**
 * The last pose pass's tail frames (the clip's last frames as decoded, for the splash), for the
 * analysis that follows it: kept outside the store and the pose cache (tens of megabytes), handed over once.
 */
let lastTail: { sequence: PackedPoseSequence; tail: ClipTailFrames } | null = null;

/** The tail the pose pass kept with this very sequence, once (its buffers move to the scoring worker). */
export function takeSplashTail(sequence: PackedPoseSequence): ClipTailFrames | null {
  if (lastTail?.sequence !== sequence) return null;
  const { tail } = lastTail;
  lastTail = null;
  return tail;
}

function cacheKey(clip: LoadedClip, backend: BackendId, device: string, follow: { x: number; y: number } | null): string {
  return `${clip.url}|${backend}|${device}|${follow ? `${Math.round(follow.x)},${Math.round(follow.y)}` : 'auto'}`;
}

export const usePoseStore = create<PoseState>()((set, get) => ({
  status: 'idle',
  progress: null,
  sequence: null,
  cameraPath: null,
  gaps: [],
  error: null,
  clipUrl: null,
  msPerFrame: null,
  decodeMs: null,
  cameraMs: null,
  workers: null,
  otherPeople: null,
  follow: null,
  picking: false,
  savedWithAnalysis: false,

  async runPose(clip, options) {
    const backend = useSettingsStore.getState().poseBackend;
    const device = useSettingsStore.getState().inferenceProvider;
    running?.cancel();
    lastTail = null;
    const follow = options?.follow !== undefined ? options.follow : get().clipUrl === clip.url ? get().follow : null;
    const key = cacheKey(clip, backend, device, follow);
    // A saved pose stands for the automatic pass only (a pick of the diver runs the model), once:
    // afterwards the cache holds it.
    const seeded = follow === null ? seeds.get(clip.file) : undefined;
    if (seeded) {
      seeds.delete(clip.file);
      cache.set(key, { sequence: seeded.sequence, otherPeople: null, cameraPath: null });
    }
    const cached = cache.get(key);
    if (cached) {
      set({ status: 'done', savedWithAnalysis: !!seeded?.withAnalysis && seeded.sequence === cached.sequence, sequence: cached.sequence, cameraPath: cached.cameraPath, otherPeople: cached.otherPeople, follow, picking: false, gaps: framesWithoutDiver(cached.sequence), error: null, clipUrl: clip.url, progress: null });
      return;
    }
    set({ status: 'running', savedWithAnalysis: false, progress: { done: 0, total: clip.info.frameCount, stage: 'Starting' }, sequence: null, cameraPath: null, otherPeople: null, follow, picking: false, gaps: [], error: null, clipUrl: clip.url });
    const file = clip.file;
    const progress = throttleLatest((done: number, total: number, stage: string) => { if (running === job) set({ progress: { done, total, stage } }); }, PROGRESS_INTERVAL_MS);
    const job = runClipPoses(
      { backend, device, file, fps: clip.info.fps, width: clip.info.width, height: clip.info.height, frameCount: clip.info.frameCount, follow },
      progress.call,
    );
    running = job;
    try {
      const result = await job.promise;
      if (running !== job) return;
      cache.set(key, { sequence: result.sequence, otherPeople: result.otherPeople, cameraPath: result.cameraPath });
      // Before the store says done: an automatic analysis starts from that very update and takes it.
      lastTail = result.splashTail ? { sequence: result.sequence, tail: result.splashTail } : null;
      set({ status: 'done', sequence: result.sequence, cameraPath: result.cameraPath, otherPeople: result.otherPeople, gaps: framesWithoutDiver(result.sequence), progress: null, msPerFrame: result.msPerFrame, decodeMs: result.decodeMs, cameraMs: result.cameraMs, workers: { workers: result.workers, segments: result.segments, device: result.device, modelRuns: result.modelRuns, segmentMs: result.segmentMs, framesDecoded: result.framesDecoded, fedByOneDecode: result.fedByOneDecode, tailMs: result.tailMs } });
    } catch (error) {
      if (running !== job) return;
      if (error instanceof WorkerJobError && error.cancelled) set({ status: 'cancelled', progress: null });
      else {
        const message = error instanceof WorkerJobError ? `${error.message}${error.detail ? ` (${error.detail})` : ''}` : String(error);
        set({ status: 'error', progress: null, error: message });
      }
    } finally {
      progress.cancel();
      if (running === job) running = null;
    }
  },

  cancel() {
    running?.cancel();
  },

  setPicking(picking) {
    set({ picking });
  },

  restore(sequence, clipUrl, withAnalysis) {
    running?.cancel();
    running = null;
    set({ status: 'done', savedWithAnalysis: withAnalysis, sequence, cameraPath: null, otherPeople: null, follow: null, picking: false, gaps: framesWithoutDiver(sequence), error: null, clipUrl, progress: null, msPerFrame: null, decodeMs: null, cameraMs: null, workers: null });
  },

  reset() {
    running?.cancel();
    lastTail = null;
    running = null;
    set({ status: 'idle', savedWithAnalysis: false, progress: null, sequence: null, cameraPath: null, otherPeople: null, follow: null, picking: false, gaps: [], error: null, clipUrl: null, msPerFrame: null, decodeMs: null, cameraMs: null, workers: null });
  },
}));

/** Forget cached poses of a clip whose object URL was revoked. */
export function dropPoseCache(clipUrl: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${clipUrl}|`)) cache.delete(key);
}
