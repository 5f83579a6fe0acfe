/// <reference lib="webworker" />
/**
 * Owns onnxruntime-web and the active model pack. WebGPU when a real adapter exists, WASM
 * otherwise (a setting can force either). A pack is validated in full before it replaces the
 * active one, so a broken pack never costs the judge a working one. The last encoded clip is
 * kept: changing N, the exemplars or a stage boundary reruns only the comparison.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { PackScorer, type ClipInputs, type ClipScore, type EncodedClip, type InferenceSessionLike } from '../pipeline/aqa/packScorer.ts';
import type { ExemplarRecord, PackManifest } from '../pipeline/aqa/pack.ts';
import { PackSourceError, fetchPack, type PackSource } from '../pipeline/packs/source.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface AqaWorkerInit {
  assetBase: string;
  provider: 'auto' | ExecutionProvider;
}

export type AqaJob =
  | { kind: 'load-pack'; url: string }
  | { kind: 'load-pack-files'; files: Record<string, ArrayBuffer>; origin: string }
  | { kind: 'encode'; inputs: ClipInputs }
  | { kind: 'score'; boundaries: [number, number] | null; exemplars: number[] | null; dive: { diveNumber: string; height: number | null; dd: number }; voteN: number };

export interface PackSummary {
  manifest: PackManifest;
  exemplars: ExemplarRecord[];
  provider: ExecutionProvider;
}

export type AqaJobResult =
  | { kind: 'pack'; pack: PackSummary }
  | { kind: 'encoded'; boundaries: [number, number]; transitionProbs: Float32Array }
  | { kind: 'score'; score: ClipScore };

let provider: ExecutionProvider = 'wasm';
let active: PackScorer | null = null;
let encoded: EncodedClip | null = null;

/** The software (SwiftShader) adapter is ~200× slower than WASM: only a real GPU counts for 'auto'. */
async function chooseProvider(wanted: AqaWorkerInit['provider']): Promise<ExecutionProvider> {
  if (wanted !== 'auto') return wanted;
  interface AdapterInfo { info?: { isFallbackAdapter?: boolean } }
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'wasm';
  const adapter = (await gpu.requestAdapter().catch(() => null)) as AdapterInfo | null;
  return adapter && !adapter.info?.isFallbackAdapter ? 'webgpu' : 'wasm';
}

async function createSession(model: Uint8Array): Promise<InferenceSessionLike> {
  const session = await ort.InferenceSession.create(model, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  return {
    async run(feed) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feed)) tensors[name] = new ort.Tensor('float32', t.data, t.dims);
      const out = await session.run(tensors);
      const result: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (const [name, t] of Object.entries(out)) {
        // Read back (WebGPU tensors live on the GPU), then free the runtime's copy.
        result[name] = { data: (await t.getData()) as Float32Array, dims: [...t.dims] };
        t.dispose();
      }
      for (const t of Object.values(tensors)) t.dispose();
      return result;
    },
    release: () => session.release(),
  };
}

async function activate(source: PackSource): Promise<PackSummary> {
  const next = await PackScorer.open(source, createSession);
  // Warm-up: one encode with empty inputs so the first real clip is not slowed by kernel setup.
  const T = next.manifest.inputs.frames;
  const warm: ClipInputs = {};
  if (next.manifest.inputs.joints) warm.poses = new Float32Array(T * 16 * 3);
  if (next.manifest.inputs.crop) warm.frames = new Float32Array(T * next.manifest.inputs.crop.size ** 2 * 3);
  if (next.manifest.inputs.splash) warm.splash = new Float32Array(T);
  await next.encode(warm);
  const previous = active;
  active = next;
  encoded = null;
  await previous?.release();
  return { manifest: next.manifest, exemplars: next.exemplars, provider };
}

function sourceFromBuffers(buffers: Record<string, ArrayBuffer>, origin: string): PackSource {
  const files = Object.fromEntries(Object.entries(buffers).map(([name, buffer]) => [name, new Uint8Array(buffer)]));
  const manifest = files['manifest.json'];
  if (!manifest) throw new PackSourceError(`${origin}: no manifest.json — this is not a DiveJudge model pack.`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(new TextDecoder().decode(manifest));
  } catch {
    throw new PackSourceError(`${origin}: manifest.json is not valid JSON.`);
  }
  return { manifestJson, files, origin };
}

serveWorker<AqaWorkerInit, AqaJob, AqaJobResult>(self, {
  async init(options) {
    ort.env.wasm.wasmPaths = `${options.assetBase}vendor/ort/`;
    ort.env.wasm.numThreads = 1; // a second thread brought no gain on 2 cores (browser-runtime notes)
    ort.env.logLevel = 'warning';
    provider = await chooseProvider(options.provider);
    return { provider };
  },
  async run(job, context) {
    if (job.kind === 'load-pack' || job.kind === 'load-pack-files') {
      context.progress(0, 2, 'Checking the model pack');
      const source: PackSource = job.kind === 'load-pack' ? await fetchPack(job.url) : sourceFromBuffers(job.files, job.origin);
      context.progress(1, 2, 'Loading the models');
      return { result: { kind: 'pack', pack: await activate(source) } };
    }
    if (!active) throw new Error('No model pack is active.');
    if (job.kind === 'encode') {
      context.progress(0, 1, 'Encoding the dive');
      encoded = await active.encode(job.inputs);
      const result: AqaJobResult = { kind: 'encoded', boundaries: encoded.boundaries, transitionProbs: encoded.transitionProbs.slice() };
      return { result, transfer: [result.transitionProbs.buffer] };
    }
    if (!encoded) throw new Error('Encode the clip before scoring it.');
    const exemplars = job.exemplars ?? active.chooseExemplars(job.dive, job.voteN);
    if (exemplars.length === 0) throw new Error(`The pack has no exemplar of dive ${job.dive.diveNumber} or a similar one.`);
    context.progress(0, 1, `Comparing with ${exemplars.length} exemplars`);
    const score = await active.scoreEncoded(encoded, job.boundaries ?? encoded.boundaries, exemplars, job.dive.dd);
    return { result: { kind: 'score', score } };
  },
  toError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && (error.name === 'PackInvalidError' || error.name === 'PackSourceError')) return { code: 'pack-invalid', message };
    return { code: 'aqa-failed', message: `Scoring failed: ${message}`, detail: error instanceof Error ? error.stack : undefined };
  },
});
