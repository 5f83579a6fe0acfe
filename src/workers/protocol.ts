/**
 * The one message protocol every worker speaks. A worker owns a runtime (demuxer, pose model,
 * onnxruntime session); the UI talks to it only through these messages.
 *
 *   UI → worker:  init (load + warm up, once) · run (a job with an id) · cancel (a job id)
 *   worker → UI:  ready · progress (per job) · result (per job) · error (per job, or init)
 *
 * Big arrays travel as transferables (listed by the sender), never copied per frame.
 */
export interface WorkerErrorData {
  /** Stable code for tests and branching, e.g. 'corrupt', 'cancelled', 'model-load-failed'. */
  code: string;
  /** Written for the user. */
  message: string;
  /** Technical detail for the console or a "details" disclosure. */
  detail?: string | undefined;
}

export type WorkerRequest<Init, Input> =
  | { type: 'init'; options: Init }
  | { type: 'run'; jobId: number; input: Input }
  | { type: 'cancel'; jobId: number };

export type WorkerResponse<Result> =
  | { type: 'ready'; info?: Record<string, unknown> }
  | { type: 'progress'; jobId: number; done: number; total: number; stage: string }
  | { type: 'result'; jobId: number; result: Result }
  | { type: 'error'; jobId: number | null; error: WorkerErrorData };

export const CANCELLED = 'cancelled';

/** A pose pass that failed with its models on WebGPU: the page runs the clip again on WASM (posePool.ts). */
export const POSE_FAILED_ON_GPU = 'pose-failed-webgpu';
