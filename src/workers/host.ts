/**
 * Worker-side half of protocol.ts: wires `init` to a one-time setup (with warm-up) and `run`
 * to a job function that can report progress and check for cancellation.
 */
import { CANCELLED, type WorkerErrorData, type WorkerRequest, type WorkerResponse } from './protocol.ts';

export interface JobContext {
  progress(done: number, total: number, stage: string): void;
  /** True once the UI cancelled this job; long loops check it between steps. */
  readonly cancelled: boolean;
}

export interface WorkerHandlers<Init, Input, Result> {
  init(options: Init): Promise<Record<string, unknown> | void>;
  run(input: Input, context: JobContext): Promise<{ result: Result; transfer?: Transferable[] }>;
  toError(error: unknown): WorkerErrorData;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

export function serveWorker<Init, Input, Result>(scope: WorkerScope, handlers: WorkerHandlers<Init, Input, Result>): void {
  const cancelled = new Set<number>();
  let initialised: Promise<void> | null = null;
  const send = (message: WorkerResponse<Result>, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

  scope.onmessage = (event: MessageEvent<WorkerRequest<Init, Input>>) => {
    const message = event.data;
    if (message.type === 'init') {
      initialised ??= handlers.init(message.options).then(
        (info) => send(info ? { type: 'ready', info } : { type: 'ready' }),
        (error: unknown) => send({ type: 'error', jobId: null, error: handlers.toError(error) }),
      );
      return;
    }
    if (message.type === 'cancel') {
      cancelled.add(message.jobId);
      return;
    }
    const { jobId } = message;
    const context: JobContext = {
      progress: (done, total, stage) => {
        if (!cancelled.has(jobId)) send({ type: 'progress', jobId, done, total, stage });
      },
      get cancelled() {
        return cancelled.has(jobId);
      },
    };
    handlers
      .run(message.input, context)
      .then(
        ({ result, transfer }) => {
          if (!cancelled.has(jobId)) send({ type: 'result', jobId, result }, transfer ?? []);
        },
        (error: unknown) => {
          if (!cancelled.has(jobId)) send({ type: 'error', jobId, error: handlers.toError(error) });
        },
      )
      .finally(() => cancelled.delete(jobId));
  };
}

export function cancelledError(): WorkerErrorData {
  return { code: CANCELLED, message: 'Cancelled.' };
}
