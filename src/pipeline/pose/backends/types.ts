/** One interface over every pose runtime; the worker picks one by id. */
export type BackendId =
  | 'mediapipe-lite' | 'mediapipe-full' | 'mediapipe-heavy'
  | 'movenet-lightning' | 'movenet-thunder' | 'movenet-multipose'
  | 'blazepose-lite' | 'blazepose-full' | 'blazepose-heavy'
  | 'mediapipe-lite+blazepose-full'
  | 'blazepose-full>mediapipe-lite';

export interface BackendInfo {
  id: BackendId;
  label: string;
  runtime: 'mediapipe-tasks' | 'tfjs' | 'ensemble' | 'fallback';
  /**
   * Crop side as a multiple of the diver box (from last frame's joints), measured by bench:pose on
   * real dives: MediaPipe 5× (4× 67, 5× 72, 8× 70 PCKh), MoveNet Thunder 2× (1.3× 48, 2× 53, 6× 44).
   */
  cropMargin: number;
  /** Side of the square canvas the backend is given. */
  inputSize: number;
  /** Whether one call can return several people (used for the first, full-frame search). */
  multiPerson: boolean;
  /**
   * Where it finds the diver best (bench:pose): a crop that follows the diver, or the whole frame
   * every time (multi-person models only; MediaPipe whole-frame scored 71 vs 72–74 following).
   */
  preferredSearch: 'follow' | 'full-frame';
}

/** A person found in the backend's input canvas: MPII-16 joints in input pixels. */
export interface BackendPerson {
  joints: Float32Array;
  score: number;
}

export interface PoseBackend {
  readonly info: BackendInfo;
  /** Where its models run once initialised ('webgpu' or 'wasm'); absent: WASM/CPU. */
  readonly device?: 'webgpu' | 'wasm';
  /** Loads weights from the app's own origin and runs a warm-up inference. */
  init(assetBase: string): Promise<void>;
  /**
   * After init, the warm-ups only some clips need (a first picture of a new size sets up its own
   * kernels), one size at a time, stopping before the next once `stop()` says a clip is waiting:
   * a clip opened as the page opens then waits for none it does not need. Absent: init did it all.
   */
  warmUpSizes?(stop: () => boolean): Promise<void>;
  estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]>;
  /**
   * Runs `task` on a backend that remembers nothing from earlier calls, and puts back what it
   * remembered afterwards (BlazePose on tfjs carries the last person's region from one call to the
   * next): a side search must neither be steered by the diver's crop nor steer the next one.
   * Absent where the backend keeps no state between calls.
   */
  isolated?<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` from what the backend remembers, as a plain call would, and puts back what it
   * remembered before unless `keep` takes the answer: a second read of a frame that is not used
   * must not steer the next frame's. Absent where the backend keeps no state between calls.
   */
  tentative?<T>(task: () => Promise<T>, keep: (result: T) => boolean): Promise<T>;
  /**
   * Forgets what earlier calls left behind, so a clip (or a segment of one) starts afresh: without
   * it BlazePose on tfjs began a clip in the region where the previous clip's diver ended, and the
   * same clip scored differently depending on what had been analysed before it.
   */
  forget?(): void;
  /**
   * Rounds what the last call left behind for the next (BlazePose on tfjs: the region its landmarks
   * put the person in) to the crop grid (crop.ts, CROP_GRID), so a difference in the last digits
   * of one answer does not move the next. Absent where the backend keeps no state between calls.
   */
  snapMemory?(): void;
  dispose(): void;
}

export const BACKENDS: Record<BackendId, BackendInfo> = {
  'mediapipe-lite': { id: 'mediapipe-lite', label: 'MediaPipe Pose lite', runtime: 'mediapipe-tasks', cropMargin: 5, inputSize: 256, multiPerson: true, preferredSearch: 'follow' },
  'mediapipe-full': { id: 'mediapipe-full', label: 'MediaPipe Pose full', runtime: 'mediapipe-tasks', cropMargin: 5, inputSize: 256, multiPerson: true, preferredSearch: 'follow' },
  'mediapipe-heavy': { id: 'mediapipe-heavy', label: 'MediaPipe Pose heavy', runtime: 'mediapipe-tasks', cropMargin: 5, inputSize: 256, multiPerson: true, preferredSearch: 'follow' },
  'movenet-lightning': { id: 'movenet-lightning', label: 'MoveNet Lightning', runtime: 'tfjs', cropMargin: 2, inputSize: 192, multiPerson: false, preferredSearch: 'follow' },
  'movenet-thunder': { id: 'movenet-thunder', label: 'MoveNet Thunder', runtime: 'tfjs', cropMargin: 2, inputSize: 256, multiPerson: false, preferredSearch: 'follow' },
  'movenet-multipose': { id: 'movenet-multipose', label: 'MoveNet MultiPose', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: true, preferredSearch: 'full-frame' },
  'blazepose-lite': { id: 'blazepose-lite', label: 'BlazePose (tfjs) lite', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false, preferredSearch: 'follow' },
  'blazepose-full': { id: 'blazepose-full', label: 'BlazePose (tfjs) full', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false, preferredSearch: 'follow' },
  'blazepose-heavy': { id: 'blazepose-heavy', label: 'BlazePose (tfjs) heavy', runtime: 'tfjs', cropMargin: 3, inputSize: 256, multiPerson: false, preferredSearch: 'follow' },
  'mediapipe-lite+blazepose-full': { id: 'mediapipe-lite+blazepose-full', label: 'MediaPipe lite + BlazePose full (ensemble)', runtime: 'ensemble', cropMargin: 4, inputSize: 256, multiPerson: true, preferredSearch: 'follow' },
  'blazepose-full>mediapipe-lite': { id: 'blazepose-full>mediapipe-lite', label: 'BlazePose full, MediaPipe lite where it loses the diver', runtime: 'fallback', cropMargin: 3, inputSize: 256, multiPerson: false, preferredSearch: 'follow' },
};
