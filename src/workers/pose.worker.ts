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
import { contentBox, type ContentBox } from '../pipeline/video/contentBox.ts';
import type { OtherPeopleCheck, PoseSequence } from '../pipeline/pose/types.ts';
import { decodeClipFrames } from './decode.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface PoseWorkerInit {
  backend: BackendId;
  /** App base URL (ends with '/'), where vendor/ and models/ are served. */
  assetBase: string;
}

export type PoseJob =
  | { kind: 'clip'; backend: BackendId; file: Blob; fps: number; width: number; height: number; frameCount: number; config?: Partial<PoseStageConfig>; /** The diver the judge clicked (frame pixels, first frame). */ follow?: { x: number; y: number } | null }
  | { kind: 'images'; backend: BackendId; images: ImageBitmap[]; fps: number; config?: Partial<PoseStageConfig> };

export interface PoseJobResult {
  sequence: PackedPoseSequence;
  msPerFrame: number;
  backendLoadMs: number;
  /** Time spent decoding and drawing frames (part of the pose time). */
  decodeMs: number;
  /** Frames checked for a second person of the diver's size, and where one was seen (null when the judge picked the diver). */
  otherPeople: OtherPeopleCheck | null;
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

/**
 * Longest side the pose stage looks at. The pose models see 256-pixel crops of the diver, so a 4K
 * frame gives them nothing a 1920-pixel one does not; drawing it at full size would only hold four
 * times the pixels (33 MB a canvas) in the worker.
 */
export const POSE_FRAME_MAX_SIDE = 1920;

/** Where the pose stage's pixels sit in the frame: frame = (stage + offset) ÷ scale. */
interface StageView {
  box: ContentBox | null;
  /** Stage pixels per frame pixel (≤ 1). */
  scale: number;
}

/**
 * The clip's frames for the pose stage, drawn at most POSE_FRAME_MAX_SIDE on the long side: the
 * picture inside any black bars (contentBox.ts, found on the first frame), so a pillarboxed or
 * padded clip shows the model the diver at the size an unpadded one does. `view` receives the box
 * (in drawn pixels) and scale; joints are mapped back to frame pixels afterwards.
 */
async function* clipFrames(file: Blob, frameWidth: number, frameHeight: number, view: StageView): AsyncGenerator<StageFrame> {
  const width = Math.max(1, Math.round(frameWidth * view.scale)), height = Math.max(1, Math.round(frameHeight * view.scale));
  let inner: { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } | null = null;
  for await (const frame of decodeClipFrames(file, { width, height })) {
    if (view.box === null) {
      const box = contentBox(frame.context.getImageData(0, 0, width, height));
      view.box = box;
      if (box.width < width || box.height < height) {
        const canvas = new OffscreenCanvas(box.width, box.height);
        const context = canvas.getContext('2d');
        if (context) inner = { canvas, context };
      }
    }
    const box = view.box;
    if (!inner) {
      yield { index: frame.index, image: frame.canvas, width, height };
      continue;
    }
    inner.context.drawImage(frame.canvas, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
    yield { index: frame.index, image: inner.canvas, width: box.width, height: box.height };
  }
}

/** Joints, boxes and the followed point found by the stage, moved back to frame pixels. */
function toFramePixels(sequence: PoseSequence, view: StageView, width: number, height: number): PoseSequence {
  const dx = view.box?.x ?? 0, dy = view.box?.y ?? 0, k = 1 / view.scale;
  if (dx === 0 && dy === 0 && k === 1 && sequence.width === width && sequence.height === height) return sequence;
  const x = (v: number) => (v + dx) * k, y = (v: number) => (v + dy) * k;
  for (const frame of sequence.frames) {
    for (let j = 0; j < frame.joints.length; j += 3) {
      frame.joints[j] = x(frame.joints[j] ?? 0);
      frame.joints[j + 1] = y(frame.joints[j + 1] ?? 0);
    }
    if (frame.box) frame.box = { x1: x(frame.box.x1), y1: y(frame.box.y1), x2: x(frame.box.x2), y2: y(frame.box.y2) };
  }
  return { ...sequence, width, height, ...(sequence.followed ? { followed: { x: x(sequence.followed.x), y: y(sequence.followed.y) } } : {}) };
}

/** Passes frames through, adding the time spent producing each one to `clock.ms`. */
async function* timed<T>(frames: AsyncGenerator<T>, clock: { ms: number }): AsyncGenerator<T> {
  try {
    for (;;) {
      const started = performance.now();
      const next = await frames.next();
      clock.ms += performance.now() - started;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stopped early (cancel): end the decoder's iteration too, so its queued frames are closed
    // rather than left to the garbage collector.
    await frames.return(undefined);
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
    const view: StageView = { box: null, scale: job.kind === 'clip' ? Math.min(1, POSE_FRAME_MAX_SIDE / Math.max(job.width, job.height)) : 1 };
    const source = job.kind === 'clip' ? clipFrames(job.file, job.width, job.height, view) : imageFrames(job.images);
    // The first frame fixes the content box, and with it the size the stage works at.
    const first = await source.next();
    const frames = timed(
      (async function* () {
        try {
          if (!first.done) yield first.value;
          yield* source;
        } finally {
          await source.return(undefined);
        }
      })(),
      decode,
    );
    const meta = job.kind === 'clip'
      ? { fps: job.fps, width: view.box?.width ?? Math.round(job.width * view.scale), height: view.box?.height ?? Math.round(job.height * view.scale) }
      : { fps: job.fps, width: job.images[0]?.width ?? 0, height: job.images[0]?.height ?? 0 };
    const started = performance.now();
    const inset = view.box ?? { x: 0, y: 0 };
    const follow = job.kind === 'clip' && job.follow ? { x: job.follow.x * view.scale - inset.x, y: job.follow.y * view.scale - inset.y } : null;
    const found = await stage.run(frames, meta, {
      onFrame: (done) => context.progress(done, total, 'Finding the diver'),
      isCancelled: () => context.cancelled,
    }, follow);
    const sequence = job.kind === 'clip' ? toFramePixels(found, view, job.width, job.height) : found;
    const packed = packPoseSequence(sequence);
    return {
      result: { sequence: packed, msPerFrame: (performance.now() - started) / Math.max(1, sequence.frames.length), backendLoadMs, decodeMs: decode.ms, otherPeople: found.otherPeople ?? null },
      transfer: transferablesOf(packed),
    };
  },
  toError(error) {
    if (error instanceof PoseStageCancelled) return { code: 'cancelled', message: 'Cancelled.' };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { code: 'pose-failed', message: 'Pose estimation failed on this clip.', detail };
  },
});
