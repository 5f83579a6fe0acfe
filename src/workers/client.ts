/**
 * Typed client over a worker that speaks protocol.ts: lazy start, one `init` (with warm-up done
 * in the worker before it answers `ready`), then jobs as promises with progress and cancel.
 */
import { CANCELLED, type WorkerErrorData, type WorkerRequest, type WorkerResponse } from './protocol.ts';

export class WorkerJobError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  constructor(error: WorkerErrorData) {
    super(error.message);
    this.name = 'WorkerJobError';
    this.code = error.code;
    this.detail = error.detail;
  }
  get cancelled(): boolean {
    return this.code === CANCELLED;
  }
}

export interface JobHandle<Result> {
  promise: Promise<Result>;
  cancel(): void;
}

interface PendingJob<Result> {
  resolve(result: Result): void;
  reject(error: WorkerJobError): void;
  onProgress: ((done: number, total: number, stage: string) => void) | undefined;
}

export class WorkerClient<Init, Input, Result> {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextJobId = 1;
  private readonly jobs = new Map<number, PendingJob<Result>>();

  constructor(
    private readonly createWorker: () => Worker,
    private readonly initOptions: Init,
  ) {}

  /** Starts the worker and waits for `ready`; later calls reuse the same instance. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = this.createWorker();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerResponse<Result>>) => {
        const message = event.data;
        if (message.type === 'ready') {
          resolve();
          return;
        }
        if (message.type === 'error' && message.jobId === null) {
          reject(new WorkerJobError(message.error));
          this.reset();
          return;
        }
        this.dispatch(message);
      };
      worker.onerror = (event) => {
        // A worker that cannot even start while offline is the network, not a crash: say so.
        const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
        const message = offline ? 'A background task could not start: this browser is offline and that part of DiveJudge had not been loaded yet. Reconnect and try again; nothing was lost.' : 'A background task stopped unexpectedly.';
        const error = new WorkerJobError({ code: 'worker-crashed', message, detail: event.message });
        reject(error);
        for (const job of this.jobs.values()) job.reject(error);
        this.jobs.clear();
        this.reset();
      };
    });
    this.post({ type: 'init', options: this.initOptions });
    return this.ready;
  }

  run(input: Input, options: { transfer?: Transferable[]; onProgress?: (done: number, total: number, stage: string) => void } = {}): JobHandle<Result> {
    const jobId = this.nextJobId++;
    const promise = this.start().then(
      () =>
        new Promise<Result>((resolve, reject) => {
          this.jobs.set(jobId, { resolve, reject, onProgress: options.onProgress });
          this.post({ type: 'run', jobId, input }, options.transfer ?? []);
        }),
    );
    return {
      promise,
      cancel: () => {
        const job = this.jobs.get(jobId);
        if (!job) return;
        this.post({ type: 'cancel', jobId });
        this.jobs.delete(jobId);
        job.reject(new WorkerJobError({ code: CANCELLED, message: 'Cancelled.' }));
      },
    };
  }

  terminate(): void {
    for (const job of this.jobs.values()) job.reject(new WorkerJobError({ code: CANCELLED, message: 'Cancelled.' }));
    this.jobs.clear();
    this.reset();
  }

  private reset(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  private post(message: WorkerRequest<Init, Input>, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private dispatch(message: Exclude<WorkerResponse<Result>, { type: 'ready' }>): void {
    if (message.jobId === null) return;
    const job = this.jobs.get(message.jobId);
    if (!job) return; // cancelled or finished already
    if (message.type === 'progress') {
      job.onProgress?.(message.done, message.total, message.stage);
    } else if (message.type === 'result') {
      this.jobs.delete(message.jobId);
      job.resolve(message.result);
    } else {
      this.jobs.delete(message.jobId);
      job.reject(new WorkerJobError(message.error));
    }
  }
}
