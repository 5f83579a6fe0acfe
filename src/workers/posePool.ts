/**
 * The page's side of the pose pass: a clip is split into segments (src/pipeline/pose/segments.ts),
 * each run by a pose worker, as many at once as the machine has cores for, then joined and
 * post-processed here. The split never depends on the worker count, so the poses do not either.
 */
import type { BackendId } from '../pipeline/pose/backends/types.ts';
import type { PackedPoseSequence } from '../pipeline/pose/packed.ts';
import { addModelRuns, NO_MODEL_RUNS, type PoseModelRuns, type PoseStageConfig } from '../pipeline/pose/poseStage.ts';
import { finishPoseSegments, planPoseSegments, type DetectedSegment } from '../pipeline/pose/segments.ts';
import type { OtherPeopleCheck } from '../pipeline/pose/types.ts';
import type { ClipCameraPath } from '../pipeline/splash/cameraPath.ts';
import type { ClipTailFrames } from '../pipeline/splash/clipSplash.ts';
import { WorkerClient, WorkerJobError, type JobHandle } from './client.ts';
import { CANCELLED, POSE_FAILED_ON_GPU } from './protocol.ts';
import type { PoseJob, PoseJobResult, PoseWorkerInit } from './pose.worker.ts';
import type { ComputeDevice } from './gpu.ts';
import { FEED_AHEAD, canFeedFrames, fedPartsFit, startFrameFeed, type FrameFeed } from './frameFeed.ts';

type PoseClient = WorkerClient<PoseWorkerInit, PoseJob, PoseJobResult>;

let clients: PoseClient[] = [];
/** The Model runtime setting the workers were started with (a change starts new ones). */
let clientsDevice: PoseDeviceSetting = 'auto';
let workerLimit: number | null = null;

export type PoseDeviceSetting = PoseWorkerInit['device'];

/** Pose workers to run at once: one per core the browser reports, at most one per segment (2). */
export function poseWorkerCount(segments: number): number {
  const cores = workerLimit ?? (typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1);
  return Math.max(1, Math.min(segments, cores));
}

/** Caps the pose workers (the benchmark measures one against two); null: one per core. */
export function setPoseWorkerLimit(limit: number | null): void {
  workerLimit = limit;
}

function clientAt(index: number, backend: BackendId, device: PoseDeviceSetting): PoseClient {
  if (device !== clientsDevice) {
    for (const c of clients) c.terminate();
    clients = [];
    clientsDevice = device;
  }
  let client = clients[index];
  if (!client) {
    client = new WorkerClient<PoseWorkerInit, PoseJob, PoseJobResult>(
      () => new Worker(new URL('./pose.worker.ts', import.meta.url), { type: 'module', name: `pose-${index + 1}` }),
      { backend, device, assetBase: new URL(import.meta.env.BASE_URL, location.href).href },
    );
    clients[index] = client;
  }
  return client;
}

let warmedUp = false;

/** Whether the pose workers of the last warm-up have their models loaded (the benchmark waits for it). */
export function poseWorkersWarm(): boolean {
  return warmedUp;
}

/** Starts the pose workers a clip will use and loads the pose model in each, ahead of the first clip. */
export function warmUpPoseWorkers(backend: BackendId, device: PoseDeviceSetting): Promise<void> {
  const count = poseWorkerCount(2);
  return Promise.all(Array.from({ length: count }, (_, i) => clientAt(i, backend, device).start())).then(() => {
    warmedUp = true;
  });
}

export interface ClipPoseRequest {
  backend: BackendId;
  device: PoseDeviceSetting;
  file: Blob;
  fps: number;
  width: number;
  height: number;
  frameCount: number;
  follow: { x: number; y: number } | null;
  config?: Partial<PoseStageConfig>;
}

export interface ClipPoseResult {
  sequence: PackedPoseSequence;
  otherPeople: OtherPeopleCheck | null;
  /** The camera path measured on the pose pass's decode (null where a frame could not be read as planes). */
  cameraPath: ClipCameraPath | null;
  /** Wall-clock milliseconds per frame of the clip, every worker together. */
  msPerFrame: number;
  /** Decoding and drawing, summed over the workers. */
  decodeMs: number;
  /** Measuring the camera path on the decoded frames, summed over the workers. */
  cameraMs: number;
  /** Keeping the clip's last frames for the splash, summed over the workers. */
  tailMs: number;
  /** The clip's last frames as decoded, kept on the way for the splash (null where they could not be). */
  splashTail: ClipTailFrames | null;
  /** Frames the decoders gave, summed over the page's one decode and the workers' own (a segment's lead-in included). */
  framesDecoded: number;
  /** The page decoded the clip once and sent each pose worker its frames (frameFeed.ts); false: each worker decoded its part. */
  fedByOneDecode: boolean;
  workers: number;
  segments: number;
  /** Where the pose models ran. */
  device: ComputeDevice;
  /** Pose-model runs by purpose, summed over the segments (warm-up frames included). */
  modelRuns: PoseModelRuns;
  /** Each segment's own time in its worker, milliseconds: how evenly the halves shared the work. */
  segmentMs: number[];
}

/** Set once the pose models failed on WebGPU in this page: later clips go straight to WASM. */
let gpuPosesFailed = false;

/**
 * Runs the pose pass of one clip over the pose workers; progress counts the clip's frames done.
 * Where the pose models fail on WebGPU (a card or driver tfjs's kernels do not suit; only the
 * software adapter could be tested here), the clip is run again on WASM rather than left without a diver.
 */
export function runClipPoses(request: ClipPoseRequest, onProgress: (done: number, total: number, stage: string) => void): JobHandle<ClipPoseResult> {
  let current = runClipPosesOn({ ...request, device: gpuPosesFailed ? 'wasm' : request.device }, onProgress);
  let cancelled = false;
  const promise = current.promise.catch((error: unknown) => {
    if (cancelled || !(error instanceof WorkerJobError) || error.code !== POSE_FAILED_ON_GPU) throw error;
    gpuPosesFailed = true;
    console.warn(`The pose models failed on WebGPU (${error.detail ?? error.message}); finding the diver on WASM instead.`);
    current = runClipPosesOn({ ...request, device: 'wasm' }, onProgress);
    return current.promise;
  });
  return {
    promise,
    cancel: () => {
      cancelled = true;
      current.cancel();
    },
  };
}

function runClipPosesOn(request: ClipPoseRequest, onProgress: (done: number, total: number, stage: string) => void): JobHandle<ClipPoseResult> {
  const plans = planPoseSegments(request.frameCount, request.fps, request.follow !== null);
  const workers = poseWorkerCount(plans.length);
  const done = plans.map(() => 0);
  const handles: Array<JobHandle<PoseJobResult>> = [];
  let cancelled = false;
  const started = performance.now();
  const report = (stage: string) => onProgress(done.reduce((a, b) => a + b, 0), request.frameCount, stage);
  // Every part running at once: the page decodes the clip once for all of them (frameFeed.ts).
  const ports = plans.length > 1 && workers >= plans.length && canFeedFrames() && fedPartsFit(request.width, request.height, plans.map((p) => p.from))
    ? plans.map(() => new MessageChannel())
    : null;
  const feed: FrameFeed | null = ports
    ? startFrameFeed(request.file, plans.map((plan, i) => ({
      port: (ports[i] as MessageChannel).port1,
      from: plan.from,
      to: plan.to ?? request.frameCount - 1,
      withFirst: true,
      ahead: i === plans.length - 1 ? FEED_AHEAD : null,
    })))
    : null;
  const runSegment = (segmentIndex: number, workerIndex: number): Promise<PoseJobResult> => {
    if (cancelled) return Promise.reject(new WorkerJobError({ code: CANCELLED, message: 'Cancelled.' }));
    const plan = plans[segmentIndex] as (typeof plans)[number];
    const feedPort = ports?.[segmentIndex]?.port2;
    const handle = clientAt(workerIndex, request.backend, request.device).run(
      { kind: 'clip', backend: request.backend, file: request.file, fps: request.fps, width: request.width, height: request.height, frameCount: request.frameCount, follow: request.follow, segment: plan, ...(request.config ? { config: request.config } : {}), ...(feedPort ? { feed: feedPort } : {}) },
      { onProgress: (n, _total, stage) => { done[segmentIndex] = n; report(stage); }, ...(feedPort ? { transfer: [feedPort] } : {}) },
    );
    handles.push(handle);
    return handle.promise;
  };
  // Worker w runs segments w, w + workers, …: with fewer workers than segments, one after another.
  const lanes = Array.from({ length: workers }, async (_, w) => {
    const results: Array<{ index: number; result: PoseJobResult }> = [];
    for (let s = w; s < plans.length; s += workers) results.push({ index: s, result: await runSegment(s, w) });
    return results;
  });
  const promise = Promise.all(lanes).then((laneResults) => {
    const results = laneResults.flat().sort((a, b) => a.index - b.index).map((r) => r.result);
    const segments: DetectedSegment[] = results.map((r) => {
      if (r.kind !== 'segment') throw new Error('the pose worker answered a clip with an image sequence');
      return r.segment;
    });
    const finished = finishPoseSegments(segments, request);
    const lastResult = results.at(-1);
    return {
      ...finished,
      msPerFrame: (performance.now() - started) / Math.max(1, finished.sequence.frameCount),
      decodeMs: results.reduce((sum, r) => sum + r.decodeMs, 0),
      cameraMs: results.reduce((sum, r) => sum + r.cameraMs, 0),
      tailMs: results.reduce((sum, r) => sum + r.tailMs, 0),
      splashTail: lastResult?.kind === 'segment' ? lastResult.splashTail : null,
      framesDecoded: results.reduce((sum, r) => sum + r.framesDecoded, feed?.counter.frames ?? 0),
      fedByOneDecode: feed !== null,
      workers,
      segments: plans.length,
      device: results[0]?.device ?? 'wasm',
      modelRuns: results.reduce((sum, r) => addModelRuns(sum, r.modelRuns), NO_MODEL_RUNS),
      segmentMs: results.map((r) => r.msPerFrame * r.framesRun),
    };
  });
  // One segment failing fails the clip: stop the others.
  promise.catch(() => {
    feed?.stop();
    for (const h of handles) h.cancel();
  });
  return {
    promise,
    cancel: () => {
      cancelled = true;
      feed?.stop();
      for (const h of handles) h.cancel();
    },
  };
}
