/// <reference lib="webworker" />
/**
 * Owns onnxruntime-web and the active model pack. WebGPU when a real adapter exists, WASM
 * otherwise (a setting can force either). A pack is validated in full before it replaces the
 * active one, so a broken pack never costs the judge a working one. The last encoded clip is
 * kept: changing N, the exemplars or a stage boundary reruns only the comparison.
 */
import type * as OrtWeb from 'onnxruntime-web';
import { PackScorer, type LibraryExemplar, type ClipScore, type EncodedClip } from '../pipeline/aqa/packScorer.ts';
import { ortWebSessionFactory } from '../pipeline/aqa/ortWebSession.ts';
import type { ExemplarRecord, PackManifest } from '../pipeline/aqa/pack.ts';
import type { FrameTransitions } from '../pipeline/aqa/stages.ts';
import { AnalysisCancelled, analyseClip, exemplarFeaturesOfClip, restoreEncodedClip, scoreEncodedClip, warmUpScorer, type AnalysedClip, type ClipPictures, type ClipPoseInput, type ResampledInputs, type ScoreRequest, type SplashSummary } from '../pipeline/aqa/clipAnalysis.ts';
import type { AnalysedTimeScale } from '../pipeline/aqa/replays.ts';
import { decodeClipPictures } from './decode.ts';
import { fetchPack, packFromUserFiles, type PackSource } from '../pipeline/packs/source.ts';
import { serveWorker } from './host.ts';
import { chooseDevice, type ComputeDevice } from './gpu.ts';

export type { AnalysedClip, ClipPoseInput, SplashSummary } from '../pipeline/aqa/clipAnalysis.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ExecutionProvider = ComputeDevice;

export interface AqaWorkerInit {
  assetBase: string;
  provider: 'auto' | ExecutionProvider;
}

export type AqaJob =
  | { kind: 'load-pack'; url: string }
  /** A pack the user chose: their files as they are (cloned by reference), read here. */
  | { kind: 'load-pack-user'; files: File[] }
  | { kind: 'analyze'; file: Blob; pose: ClipPoseInput }
  | ({ kind: 'score' } & ScoreRequest)
  | { kind: 'release-clip' }
  /** Re-encode a saved analysis from its encoder inputs (packs without crops), becoming the current clip. */
  | { kind: 'restore-clip'; poses: Float32Array; splash: Float32Array; sceneTrack?: Float32Array; frameIndices: number[]; resampled?: ResampledInputs[] }
  /** Stage features of a clip for this pack, to add it to the personal library (the current clip is kept). */
  | { kind: 'exemplar-features'; file: Blob | null; pose: ClipPoseInput; splash: SplashSummary | null; transitions: FrameTransitions; time: AnalysedTimeScale }
  /** The user's library exemplars with features for this pack; they vote alongside the pack's. */
  | { kind: 'set-library'; library: LibraryExemplar[] }
  /** A pack exemplar's display pose, for the comparison view. */
  | { kind: 'exemplar-poses'; index: number };

export interface PackSummary {
  manifest: PackManifest;
  exemplars: ExemplarRecord[];
  provider: ExecutionProvider;
  /** Graphs that could not run on the chosen provider and fell back to WASM. */
  providerNote: string | null;
  /** Whether the pack's exemplars come with skeletons the comparison can draw (PackScorer.hasExemplarSkeletons). */
  exemplarSkeletons: boolean;
}

export type AqaJobResult =
  | { kind: 'pack'; pack: PackSummary }
  | { kind: 'analysed'; clip: AnalysedClip }
  | { kind: 'score'; score: ClipScore; compareMs: number }
  | { kind: 'released' }
  | { kind: 'features'; fused: Float32Array; static: Float32Array | null; boundaries: [number, number]; frames: number }
  | { kind: 'library'; count: number }
  | { kind: 'poses'; poses: Int16Array | null; frames: number };

let provider: ExecutionProvider = 'wasm';
let ort: typeof OrtWeb | null = null;

/**
 * onnxruntime-web's build for the provider: WebGPU needs its asyncify build (27 MB of WASM, the
 * WASM provider included for the graphs WebGPU refuses); WASM alone gets the plain build (14 MB),
 * which the page compiles while the pose workers load their models (same kernels, same scores).
 */
function loadOrt(device: ExecutionProvider): Promise<typeof OrtWeb> {
  return device === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm');
}
let active: PackScorer | null = null;
let encoded: EncodedClip | null = null;

async function activate(source: PackSource): Promise<PackSummary> {
  /** Graphs the WebGPU execution provider refused, run on WASM instead (named in the pack summary). */
  const webgpuFallbacks: string[] = [];
  if (!ort) throw new Error('the scoring worker was not initialised');
  const createSession = ortWebSessionFactory(ort, provider, (reason) => webgpuFallbacks.push(/GRU/.test(reason) ? 'the encoder (its GRU)' : 'a graph'));
  const next = await PackScorer.open(source, createSession);
  await warmUpScorer(next);
  const previous = active;
  active = next;
  encoded = null;
  await previous?.release();
  return { manifest: next.manifest, exemplars: next.exemplars, provider, providerNote: webgpuFallbacks.length ? `${[...new Set(webgpuFallbacks)].join(', ')} on WASM: unsupported by the WebGPU provider` : null, exemplarSkeletons: next.hasExemplarSkeletons };
}

const picturesOf = (file: Blob): ClipPictures => (range) => decodeClipPictures(file, range);

/** Jobs touch one active pack and one encoded clip: run them one after another, never interleaved. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

serveWorker<AqaWorkerInit, AqaJob, AqaJobResult>(self, {
  async init(options) {
    provider = await chooseDevice(options.provider);
    ort = await loadOrt(provider);
    ort.env.wasm.wasmPaths = `${options.assetBase}vendor/ort/`;
    ort.env.wasm.numThreads = 1; // a second thread brought no gain on 2 cores (README, Browser runtime facts)
    ort.env.logLevel = 'warning';
    return { provider };
  },
  run(job, context) {
    return serial(async () => {
      if (context.cancelled) throw new AnalysisCancelled();
      if (job.kind === 'load-pack' || job.kind === 'load-pack-user') {
        context.progress(0, 2, 'Checking the model pack');
        const source: PackSource = job.kind === 'load-pack' ? await fetchPack(job.url) : await packFromUserFiles(job.files);
        context.progress(1, 2, 'Loading the models');
        return { result: { kind: 'pack', pack: await activate(source) } };
      }
      if (job.kind === 'release-clip') {
        encoded = null;
        return { result: { kind: 'released' } };
      }
      if (!active) throw new Error('No model pack is active.');
      if (job.kind === 'set-library') {
        active.setLibrary(job.library);
        return { result: { kind: 'library', count: job.library.length } };
      }
      if (job.kind === 'exemplar-poses') {
        const found = active.exemplarPoses(job.index);
        return { result: { kind: 'poses', poses: found?.poses ?? null, frames: found?.frames ?? 0 }, transfer: found ? [found.poses.buffer] : [] };
      }
      if (job.kind === 'exemplar-features') {
        const features = await exemplarFeaturesOfClip(active, job.file ? picturesOf(job.file) : null, job.pose, job.splash, job.transitions, job.time, () => context.cancelled);
        const result: AqaJobResult = { kind: 'features', ...features };
        return { result, transfer: [features.fused.buffer, ...(features.static ? [features.static.buffer] : [])] };
      }
      if (job.kind === 'restore-clip') {
        encoded = null;
        const restored = await restoreEncodedClip(active, job);
        encoded = restored.encoded;
        return { result: { kind: 'analysed', clip: restored.clip } };
      }
      if (job.kind === 'analyze') {
        encoded = null;
        const { clip, encoded: result } = await analyseClip(active, picturesOf(job.file), job.pose, { progress: context.progress, isCancelled: () => context.cancelled });
        encoded = result;
        return { result: { kind: 'analysed', clip }, transfer: [clip.transitionProbs.buffer, clip.inputs.poses.buffer, clip.inputs.splash.buffer, ...(clip.inputs.sceneTrack ? [clip.inputs.sceneTrack.buffer] : [])] };
      }
      if (!encoded) throw new Error('Encode the clip before scoring it.');
      const { score, compareMs } = await scoreEncodedClip(active, encoded, job, (n) => context.progress(0, 1, `Comparing with ${n} exemplars`));
      return { result: { kind: 'score', score, compareMs } };
    });
  },
  toError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnalysisCancelled) return { code: 'cancelled', message: 'Cancelled.' };
    if (error instanceof Error && (error.name === 'PackInvalidError' || error.name === 'PackSourceError')) return { code: 'pack-invalid', message };
    return { code: 'aqa-failed', message: `Scoring failed: ${message}`, detail: error instanceof Error ? error.stack : undefined };
  },
});
