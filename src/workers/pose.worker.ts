/// <reference lib="webworker" />
/**
 * Owns the pose runtimes. Decodes the clip itself (WebCodecs through mediabunny, frame by frame
 * in presentation order), runs the pose stage and sends the whole sequence back packed as
 * transferables. Backends are created lazily, one instance each, warmed up before use.
 */
import { createBackend } from '../pipeline/pose/backends/registry.ts';
import type { BackendId, PoseBackend } from '../pipeline/pose/backends/types.ts';
import { packPoseSequence, transferablesOf, type PackedPoseSequence } from '../pipeline/pose/packed.ts';
import { PoseStage, PoseStageCancelled, type PoseStageConfig, type StageFrame } from '../pipeline/pose/poseStage.ts';
import { decodeClipFrames } from './decode.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface PoseWorkerInit {
  backend: BackendId;
  /** App base URL (ends with '/'), where vendor/ and models/ are served. */
  assetBase: string;
}

export type PoseJob =
  | { kind: 'clip'; backend: BackendId; file: Blob; fps: number; width: number; height: number; frameCount: number; config?: Partial<PoseStageConfig> }
  | { kind: 'images'; backend: BackendId; images: ImageBitmap[]; fps: number; config?: Partial<PoseStageConfig> };

export interface PoseJobResult {
  sequence: PackedPoseSequence;
  msPerFrame: number;
  backendLoadMs: number;
  /** Time spent decoding and drawing frames (part of the pose time). */
  decodeMs: number;
}

const backends = new Map<BackendId, Promise<PoseBackend>>();
let assetBase = '/';

function backendFor(id: BackendId): Promise<PoseBackend> {
  let pending = backends.get(id);
  if (!pending) {
    pending = (async () => {
      const backend = createBackend(id);
      await backend.init(assetBase);
      return backend;
    })();
    pending.catch(() => backends.delete(id));
    backends.set(id, pending);
  }
  return pending;
}

async function* clipFrames(file: Blob, width: number, height: number): AsyncGenerator<StageFrame> {
  for await (const frame of decodeClipFrames(file, { width, height })) yield { index: frame.index, image: frame.canvas, width, height };
}

/** Passes frames through, adding the time spent producing each one to `clock.ms`. */
async function* timed<T>(frames: AsyncGenerator<T>, clock: { ms: number }): AsyncGenerator<T> {
  for (;;) {
    const started = performance.now();
    const next = await frames.next();
    clock.ms += performance.now() - started;
    if (next.done) return;
    yield next.value;
  }
}

async function* imageFrames(images: ImageBitmap[]): AsyncGenerator<StageFrame> {
  for (const [index, image] of images.entries()) {
    yield { index, image, width: image.width, height: image.height };
    image.close();
  }
}

serveWorker<PoseWorkerInit, PoseJob, PoseJobResult>(self, {
  async init(options) {
    assetBase = options.assetBase;
    const started = performance.now();
    await backendFor(options.backend);
    return { backend: options.backend, loadMs: Math.round(performance.now() - started) };
  },
  async run(job, context) {
    const loadStart = performance.now();
    context.progress(0, 1, 'Loading pose model');
    const backend = await backendFor(job.backend);
    const backendLoadMs = performance.now() - loadStart;
    const stage = new PoseStage(backend, job.config);
    const total = job.kind === 'clip' ? job.frameCount : job.images.length;
    const decode = { ms: 0 };
    const frames = timed(job.kind === 'clip' ? clipFrames(job.file, job.width, job.height) : imageFrames(job.images), decode);
    const meta = job.kind === 'clip'
      ? { fps: job.fps, width: job.width, height: job.height }
      : { fps: job.fps, width: job.images[0]?.width ?? 0, height: job.images[0]?.height ?? 0 };
    const started = performance.now();
    const sequence = await stage.run(frames, meta, {
      onFrame: (done) => context.progress(done, total, 'Finding the diver'),
      isCancelled: () => context.cancelled,
    });
    const packed = packPoseSequence(sequence);
    return {
      result: { sequence: packed, msPerFrame: (performance.now() - started) / Math.max(1, sequence.frames.length), backendLoadMs, decodeMs: decode.ms },
      transfer: transferablesOf(packed),
    };
  },
  toError(error) {
    if (error instanceof PoseStageCancelled) return { code: 'cancelled', message: 'Cancelled.' };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { code: 'pose-failed', message: 'Pose estimation failed on this clip.', detail };
  },
});
