/**
 * Page-side half of `npm run bench:pose`: runs the app's own pose worker (the same stage the
 * player uses) on image sequences handed over by the Node script, and returns the sequences.
 */
import type { BackendId } from '../pipeline/pose/backends/types.ts';
import type { PackedPoseSequence } from '../pipeline/pose/packed.ts';
import type { PoseStageConfig } from '../pipeline/pose/poseStage.ts';
import { WorkerClient } from '../workers/client.ts';
import type { PoseJob, PoseJobResult, PoseWorkerInit } from '../workers/pose.worker.ts';

export interface BenchDiveInput {
  dive: string;
  /** JPEG/PNG bytes, base64, in frame order. */
  images: string[];
}

export interface BenchDiveOutput {
  dive: string;
  joints: number[];
  detected: number[];
  msPerFrame: number;
  config: string;
}

const clients = new Map<BackendId, WorkerClient<PoseWorkerInit, PoseJob, PoseJobResult>>();

async function decode(base64: string): Promise<ImageBitmap> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return createImageBitmap(new Blob([bytes]));
}

async function runPoseBench(dives: BenchDiveInput[], backend: BackendId, config: Partial<PoseStageConfig>, fps: number): Promise<BenchDiveOutput[]> {
  let client = clients.get(backend);
  if (!client) {
    client = new WorkerClient<PoseWorkerInit, PoseJob, PoseJobResult>(
      () => new Worker(new URL('../workers/pose.worker.ts', import.meta.url), { type: 'module', name: 'pose-bench' }),
      { backend, assetBase: import.meta.env.BASE_URL, device: 'wasm' },
    );
    clients.set(backend, client);
  }
  await client.start();
  const outputs: BenchDiveOutput[] = [];
  for (const dive of dives) {
    const images = await Promise.all(dive.images.map(decode));
    const result = await client.run({ kind: 'images', backend, images, fps, config }, { transfer: images }).promise;
    if (result.kind !== 'sequence') throw new Error('the pose worker answered images with a clip segment');
    const { sequence, msPerFrame }: { sequence: PackedPoseSequence; msPerFrame: number } = result;
    outputs.push({ dive: dive.dive, joints: Array.from(sequence.joints), detected: Array.from(sequence.detected), msPerFrame, config: sequence.config });
  }
  return outputs;
}

declare global {
  interface Window {
    runPoseBench: typeof runPoseBench;
  }
}
window.runPoseBench = runPoseBench;
document.body.dataset.ready = 'true';

/**
 * The raw model alone (no tracking, no mapping): MediaPipe's 33 landmarks on each whole image, in
 * image pixels. Used to fit the head-top / upper-neck geometry of the MPII mapping.
 */
async function rawMediaPipeLandmarks(images: string[], variant: 'lite' | 'full' | 'heavy'): Promise<number[][]> {
  const { FilesetResolver, PoseLandmarker } = await import('@mediapipe/tasks-vision');
  const fileset = await FilesetResolver.forVisionTasks(`${import.meta.env.BASE_URL}vendor/tasks-vision/wasm`);
  const landmarker = await PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${import.meta.env.BASE_URL}models/pose/pose_landmarker_${variant}.task`, delegate: 'CPU' },
    runningMode: 'IMAGE',
    numPoses: 1,
  });
  const out: number[][] = [];
  for (const base64 of images) {
    const bitmap = await decode(base64);
    const result = landmarker.detect(bitmap);
    out.push((result.landmarks[0] ?? []).flatMap((l) => [l.x * bitmap.width, l.y * bitmap.height, l.visibility ?? 0]));
    bitmap.close();
  }
  landmarker.close();
  return out;
}

declare global {
  interface Window {
    rawMediaPipeLandmarks: typeof rawMediaPipeLandmarks;
  }
}
window.rawMediaPipeLandmarks = rawMediaPipeLandmarks;
