/// <reference lib="webworker" />
/**
 * Owns the pose runtimes. Decodes the clip itself (WebCodecs through mediabunny, frame by frame
 * in presentation order), runs the pose stage over one segment of it (the whole clip, or the part
 * segments.ts gives this worker) and sends the per-frame result back packed as transferables; the
 * page joins the segments and post-processes them (posePool.ts). Backends are created lazily, one
 * instance each, warmed up before use.
 */
import { createBackend } from '../pipeline/pose/backends/registry.ts';
import type { BackendId, PoseBackend } from '../pipeline/pose/backends/types.ts';
import { packPoseSequence, transferablesOf, type PackedPoseSequence } from '../pipeline/pose/packed.ts';
import { PoseStage, PoseStageCancelled, finishPoseFrames, type PoseModelRuns, type PoseStageConfig, type SceneOnTheWay, type StageFrame } from '../pipeline/pose/poseStage.ts';
import type { DetectedSegment, PoseSegmentPlan, StageView } from '../pipeline/pose/segments.ts';
import { contentBox } from '../pipeline/video/contentBox.ts';
import { pictureToRgba } from '../pipeline/video/picture.ts';
import { mayStartShot } from '../pipeline/video/shots.ts';
import { ClipCameraPathTracker, cameraPathSize } from '../pipeline/splash/cameraPath.ts';
import { ClipTailKeeper, transferablesOfTail, type ClipTailFrames } from '../pipeline/splash/clipSplash.ts';
import type { OtherPeopleCheck } from '../pipeline/pose/types.ts';
import { decodeClipFrames, drawFrames, type DecodeCounter } from './decode.ts';
import { fedSamples } from './frameFeed.ts';
import { serveWorker } from './host.ts';
import { POSE_FAILED_ON_GPU } from './protocol.ts';
import { chooseDevice, type ComputeDevice } from './gpu.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface PoseWorkerInit {
  backend: BackendId;
  /** The Model runtime setting: WebGPU for the tfjs pose models when asked, or for 'auto' on a real GPU. */
  device: 'auto' | ComputeDevice;
  /** App base URL (ends with '/'), where vendor/ and models/ are served. */
  assetBase: string;
}

export type PoseJob =
  | { kind: 'clip'; backend: BackendId; file: Blob; fps: number; width: number; height: number; frameCount: number; config?: Partial<PoseStageConfig>; /** The diver the judge clicked (frame pixels, first frame). */ follow?: { x: number; y: number } | null; /** The part of the clip to run (default: all of it). */ segment?: PoseSegmentPlan; /** The page's one decode of the clip sends this part's frames here (frameFeed.ts); without it the worker decodes `file` itself. */ feed?: MessagePort }
  | { kind: 'images'; backend: BackendId; images: ImageBitmap[]; fps: number; config?: Partial<PoseStageConfig> };

interface PoseJobTimings {
  /** Milliseconds a frame run (warm-up frames included), decoding included. */
  msPerFrame: number;
  /** Frames this job ran, warm-up included. */
  framesRun: number;
  backendLoadMs: number;
  /** Time spent decoding and drawing frames (part of the pose time). */
  decodeMs: number;
  /** Time spent measuring the camera path on the decoded frames (part of the pose time). */
  cameraMs: number;
  /** Time spent copying the clip's last frames for the splash (part of the pose time). */
  tailMs: number;
  /** Frames the decoder gave this job, the lead-in before its segment included. */
  framesDecoded: number;
  /** Where the pose models ran. */
  device: ComputeDevice;
  /** Pose-model runs by purpose (warm-up frames included). */
  modelRuns: PoseModelRuns;
}

export type PoseJobResult =
  /**
   * A clip job: its segment, raw, for the page to join and post-process (segments.ts); the segment
   * that runs to the clip's end also keeps its last frames for the splash (null where it could not).
   */
  | ({ kind: 'segment'; segment: DetectedSegment; splashTail: ClipTailFrames | null } & PoseJobTimings)
  /** An image-sequence job (the pose benchmark): post-processed here. */
  | ({ kind: 'sequence'; sequence: PackedPoseSequence; otherPeople: OtherPeopleCheck | null } & PoseJobTimings);

const backends = new Map<BackendId, Promise<PoseBackend>>();
/** Each backend's optional warm-ups (PoseBackend.warmUpSizes), running once it is ready. */
const sizeWarmUps = new Map<BackendId, Promise<void>>();
/** Set by the first job: the optional warm-ups stop before their next size. */
let jobCame = false;
let assetBase = '/';
let device: ComputeDevice = 'wasm';

/** A ready backend, once no optional warm-up of it is running any more (one model run at a time). */
async function backendFor(id: BackendId): Promise<PoseBackend> {
  const backend = await startBackend(id);
  await sizeWarmUps.get(id);
  return backend;
}

function startBackend(id: BackendId): Promise<PoseBackend> {
  let pending = backends.get(id);
  if (!pending) {
    pending = (async () => {
      const backend = createBackend(id, device);
      await backend.init(assetBase);
      // Not waited for by init: a page that opens a clip at once should not wait for sizes it may
      // not need. One that fails is left for the clip's own run to meet and report.
      sizeWarmUps.set(id, backend.warmUpSizes?.(() => jobCame).catch(() => undefined) ?? Promise.resolve());
      return backend;
    })();
    pending.catch(() => backends.delete(id));
    backends.set(id, pending);
  }
  return pending;
}

/**
 * What is measured while the pose pass decodes, so the analysis decodes nothing again: the camera
 * path (null tracker: not measurable on this decode) and the clip's last frames for the splash.
 */
interface MeasuredOnTheWay {
  /** First frame pushed: 0, or the frame before a later segment's first kept frame (the tie, joinCameraPaths). */
  first: number;
  tracker: ClipCameraPathTracker | null;
  /** Only in the segment that runs to the clip's end. */
  tail: ClipTailKeeper | null;
  ms: number;
  tailMs: number;
  decoded: DecodeCounter;
}

/**
 * Longest side the pose stage looks at. The pose models see 256-pixel crops of the diver, so a 4K
 * frame gives them nothing a 1920-pixel one does not; drawing it at full size would only hold four
 * times the pixels (33 MB a canvas) in the worker.
 */
export const POSE_FRAME_MAX_SIDE = 1920;

/**
 * The clip's frames for the pose stage, drawn at most POSE_FRAME_MAX_SIDE on the long side: the
 * picture inside any black bars (contentBox.ts, found on the first frame), so a pillarboxed or
 * padded clip shows the model the diver at the size an unpadded one does. `view` receives the box
 * (in drawn pixels) and scale; joints are mapped back to frame pixels afterwards.
 */
async function* clipFrames(file: Blob, feed: MessagePort | undefined, frameWidth: number, frameHeight: number, view: StageView, segment: PoseSegmentPlan, camera: MeasuredOnTheWay): AsyncGenerator<StageFrame> {
  const width = Math.max(1, Math.round(frameWidth * view.scale)), height = Math.max(1, Math.round(frameHeight * view.scale));
  let inner: { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } | null = null;
  const pathSize = cameraPathSize(frameWidth, frameHeight);
  let pathBuffer: Uint8ClampedArray | undefined;
  const planes = camera.tracker !== null || camera.tail !== null;
  // Frame 0 always: every segment reads the black bars on the same frame (a feed sends it too).
  const decoded = feed
    ? drawFrames(fedSamples(feed), { width, height, planes })
    : decodeClipFrames(file, { width, height, from: segment.from, withFirst: true, planes, counter: camera.decoded, ...(segment.to !== undefined ? { to: segment.to } : {}) });
  for await (const frame of decoded) {
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
    if (frame.index < segment.from) continue;
    if (frame.index >= camera.first && camera.tracker) {
      // The camera path on this decode (the scene track's, measured as clipAnalysis.ts measures it).
      const started = performance.now();
      if (frame.picture) {
        const small = pictureToRgba(frame.picture, pathSize.width, pathSize.height, pathBuffer);
        pathBuffer = small.data;
        camera.tracker.push(small);
      } else camera.tracker = null; // drawn, not decoded to planes: the analysis decodes the clip for it
      camera.ms += performance.now() - started;
    }
    if (camera.tail) {
      // The splash's frames: the planes clipAnalysis.ts's measureSplashOfClip would otherwise decode.
      const started = performance.now();
      const picture = frame.picture;
      if (picture) camera.tail.push(frame.index, picture);
      else camera.tail.abandon();
      camera.tailMs += performance.now() - started;
    }
    if (!inner) {
      yield { index: frame.index, image: frame.canvas, width, height };
      continue;
    }
    inner.context.drawImage(frame.canvas, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
    yield { index: frame.index, image: inner.canvas, width: box.width, height: box.height };
  }
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
    device = await chooseDevice(options.device);
    const started = performance.now();
    await startBackend(options.backend);
    return { backend: options.backend, loadMs: Math.round(performance.now() - started) };
  },
  async run(job, context) {
    jobCame = true;
    const loadStart = performance.now();
    context.progress(0, 1, 'Loading pose model');
    const backend = await backendFor(job.backend);
    const backendLoadMs = performance.now() - loadStart;
    const stage = new PoseStage(backend, job.config);
    const segment: PoseSegmentPlan = job.kind === 'clip' ? job.segment ?? { from: 0, keepFrom: 0 } : { from: 0, keepFrom: 0 };
    const lastFrame = job.kind === 'clip' ? Math.min(job.frameCount - 1, segment.to ?? Number.POSITIVE_INFINITY) : job.images.length - 1;
    const warmUp = segment.keepFrom - segment.from;
    const total = lastFrame - segment.keepFrom + 1;
    const decode = { ms: 0 };
    const view: StageView = { box: null, scale: job.kind === 'clip' ? Math.min(1, POSE_FRAME_MAX_SIDE / Math.max(job.width, job.height)) : 1 };
    const camera: MeasuredOnTheWay = {
      first: Math.max(0, segment.keepFrom - 1),
      tracker: job.kind === 'clip' ? new ClipCameraPathTracker(job.width) : null,
      tail: job.kind === 'clip' && segment.to === undefined ? new ClipTailKeeper() : null,
      ms: 0,
      tailMs: 0,
      decoded: { frames: 0 },
    };
    const source = job.kind === 'clip' ? clipFrames(job.file, job.feed, job.width, job.height, view, segment, camera) : imageFrames(job.images);
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
    const hooks = {
      // Progress counts the kept frames: the warm-up is this worker's overhead, not the clip's.
      onFrame: (done: number) => context.progress(Math.max(0, done - warmUp), total, 'Finding the diver'),
      isCancelled: () => context.cancelled,
    };
    // From the camera path measured on the way: where a point of the stage's picture lies in the
    // scene (a diver lost into the water is looked for less), and where a new shot may start (the
    // diver is looked for afresh).
    const scene: SceneOnTheWay | null = job.kind === 'clip'
      ? {
          fps: job.fps,
          toScene: (f: number, x: number, y: number) => camera.tracker && f >= camera.first ? camera.tracker.sceneOf(f - camera.first, (x + inset.x) / view.scale, (y + inset.y) / view.scale) : null,
          mayStartShot: (f: number) => camera.tracker !== null && f > camera.first && mayStartShot(camera.tracker.pairResiduals, f - camera.first),
        }
      : null;
    const detected = await stage.detect(frames, hooks, follow, segment.keepFrom, scene);
    const framesRun = detected.raw.length + warmUp;
    const timings: PoseJobTimings = { msPerFrame: (performance.now() - started) / Math.max(1, framesRun), framesRun, backendLoadMs, decodeMs: decode.ms - camera.ms - camera.tailMs, cameraMs: camera.ms, tailMs: camera.tailMs, framesDecoded: camera.decoded.frames, device: backend.device ?? 'wasm', modelRuns: detected.modelRuns };
    if (job.kind === 'images') {
      const sequence = packPoseSequence(finishPoseFrames(detected.raw, stage.postprocessConfig, stage.configLabel, meta, { otherPeople: detected.otherPeople }));
      return { result: { kind: 'sequence', sequence, otherPeople: detected.otherPeople, ...timings }, transfer: transferablesOf(sequence) };
    }
    const raw = packPoseSequence({ ...meta, config: stage.configLabel, frames: detected.raw });
    const cameraPath = camera.tracker && camera.tracker.length > 0 ? { first: camera.first, path: camera.tracker.result() } : null;
    const result: DetectedSegment = { plan: segment, frames: raw, otherPeople: detected.otherPeople, followed: follow, view, postprocess: stage.postprocessConfig, cameraPath };
    const splashTail = camera.tail?.result() ?? null;
    return { result: { kind: 'segment', segment: result, splashTail, ...timings }, transfer: [...transferablesOf(raw), ...(splashTail ? transferablesOfTail(splashTail) : [])] };
  },
  toError(error) {
    if (error instanceof PoseStageCancelled) return { code: 'cancelled', message: 'Cancelled.' };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { code: device === 'webgpu' ? POSE_FAILED_ON_GPU : 'pose-failed', message: 'Pose estimation failed on this clip.', detail };
  },
});
