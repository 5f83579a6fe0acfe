/** One interface over every pose runtime; the worker picks one by id. */
export type BackendId =
  | 'mediapipe-lite' | 'mediapipe-full' | 'mediapipe-heavy'
  | 'movenet-lightning' | 'movenet-thunder' | 'movenet-multipose'
  | 'blazepose-lite' | 'blazepose-full' | 'blazepose-heavy';

export interface BackendInfo {
  id: BackendId;
  label: string;
  runtime: 'mediapipe-tasks' | 'tfjs';
  /** Crop side as a multiple of the diver box side (measured: BlazePose family wants context, MoveNet a tight crop). */
  cropMargin: number;
  /** Side of the square canvas the backend is given. */
  inputSize: number;
  /** Whether one call can return several people (used for the first, full-frame search). */
  multiPerson: boolean;
}

/** A person found in the backend's input canvas: MPII-16 joints in input pixels. */
export interface BackendPerson {
  joints: Float32Array;
  score: number;
}

export interface PoseBackend {
  readonly info: BackendInfo;
  /** Loads weights from the app's own origin and runs a warm-up inference. */
  init(assetBase: string): Promise<void>;
  estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]>;
  dispose(): void;
}

export const BACKENDS: Record<BackendId, BackendInfo> = {
  'mediapipe-lite': { id: 'mediapipe-lite', label: 'MediaPipe Pose lite', runtime: 'mediapipe-tasks', cropMargin: 3, inputSize: 256, multiPerson: true },
  'mediapipe-full': { id: 'mediapipe-full', label: 'MediaPipe Pose full', runtime: 'mediapipe-tasks', cropMargin: 3, inputSize: 256, multiPerson: true },
  'mediapipe-heavy': { id: 'mediapipe-heavy', label: 'MediaPipe Pose heavy', runtime: 'mediapipe-tasks', cropMargin: 3, inputSize: 256, multiPerson: true },
  'movenet-lightning': { id: 'movenet-lightning', label: 'MoveNet Lightning', runtime: 'tfjs', cropMargin: 1.15, inputSize: 192, multiPerson: false },
  'movenet-thunder': { id: 'movenet-thunder', label: 'MoveNet Thunder', runtime: 'tfjs', cropMargin: 1.15, inputSize: 256, multiPerson: false },
  'movenet-multipose': { id: 'movenet-multipose', label: 'MoveNet MultiPose', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: true },
  'blazepose-lite': { id: 'blazepose-lite', label: 'BlazePose (tfjs) lite', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false },
  'blazepose-full': { id: 'blazepose-full', label: 'BlazePose (tfjs) full', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false },
  'blazepose-heavy': { id: 'blazepose-heavy', label: 'BlazePose (tfjs) heavy', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false },
};
