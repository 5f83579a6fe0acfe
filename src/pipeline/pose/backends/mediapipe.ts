/**
 * MediaPipe Tasks PoseLandmarker from the `.task` bundles built out of @mediapipe/pose
 * (models/pose/). IMAGE mode on crops: its VIDEO (tracking) mode measured 7–9 PCKh points
 * worse on dives, and the pose stage does its own tracking.
 */
import { FilesetResolver, PoseLandmarker } from '@mediapipe/tasks-vision';
import { blazePoseToMpii } from './keypointMaps.ts';
import { BACKENDS, type BackendPerson, type PoseBackend } from './types.ts';

type Variant = 'lite' | 'full' | 'heavy';

const MULTI_POSE_COUNT = 4;

/** The wasm module factory, kept: tasks-vision clears the global after each graph is created. */
let moduleFactory: unknown = null;

export class MediaPipeBackend implements PoseBackend {
  readonly info;
  /** One landmarker per pose count: 1 for the diver's crop, several for the whole-frame search. */
  private readonly landmarkers = new Map<number, Promise<PoseLandmarker>>();
  private assetBase = '';

  constructor(private readonly variant: Variant) {
    this.info = BACKENDS[`mediapipe-${variant}`];
  }

  async init(assetBase: string): Promise<void> {
    this.assetBase = assetBase;
    const warm = new ImageData(this.info.inputSize, this.info.inputSize);
    await this.estimate(warm, 1);
    await this.estimate(warm, MULTI_POSE_COUNT);
  }

  private landmarker(numPoses: number): Promise<PoseLandmarker> {
    let pending = this.landmarkers.get(numPoses);
    if (!pending) {
      pending = (async () => {
        // The ES-module build of the wasm loader: module workers cannot importScripts the classic one.
        const fileset = await FilesetResolver.forVisionTasks(`${this.assetBase}vendor/tasks-vision/wasm`, true);
        const scope = globalThis as { ModuleFactory?: unknown };
        if (moduleFactory) scope.ModuleFactory = moduleFactory;
        else {
          const loader = (await import(/* @vite-ignore */ fileset.wasmLoaderPath)) as { default: unknown };
          moduleFactory = loader.default;
          scope.ModuleFactory = moduleFactory;
        }
        return PoseLandmarker.createFromOptions(fileset, {
          baseOptions: { modelAssetPath: `${this.assetBase}models/pose/pose_landmarker_${this.variant}.task`, delegate: 'CPU' },
          runningMode: 'IMAGE',
          numPoses,
          minPoseDetectionConfidence: 0.2,
          minPosePresenceConfidence: 0.2,
          minTrackingConfidence: 0.2,
        });
      })();
      pending.catch(() => this.landmarkers.delete(numPoses));
      this.landmarkers.set(numPoses, pending);
    }
    return pending;
  }

  async estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]> {
    const landmarker = await this.landmarker(maxPeople > 1 ? MULTI_POSE_COUNT : 1);
    const result = landmarker.detect(input);
    return result.landmarks.slice(0, maxPeople).map((landmarks) => {
      const keypoints = landmarks.map((l) => ({ x: l.x * input.width, y: l.y * input.height, score: l.visibility ?? 0 }));
      const joints = blazePoseToMpii(keypoints);
      let sum = 0;
      for (let j = 0; j < joints.length; j += 3) sum += joints[j + 2] ?? 0;
      return { joints, score: sum / (joints.length / 3) };
    });
  }

  dispose(): void {
    for (const pending of this.landmarkers.values()) void pending.then((l) => l.close());
    this.landmarkers.clear();
  }
}
