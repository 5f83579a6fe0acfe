/**
 * The worker protocol over a real MessageChannel (the same structured-clone transport a Web
 * Worker uses): init once, progress, results, errors as values, cancellation, transferables.
 */
import { afterEach, expect, test } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { WorkerClient, WorkerJobError } from './client.ts';
import { serveWorker } from './host.ts';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** Wraps one end of a channel in the Worker surface the client needs. */
function channelWorker(setupHost: (scope: { onmessage: ((event: MessageEvent) => void) | null; postMessage(m: unknown, t?: Transferable[]): void }) => void): () => Worker {
  return () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const hostScope = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      postMessage: (m: unknown, t?: Transferable[]) => port2.postMessage(m, (t ?? []) as never),
    };
    port2.on('message', (data: unknown) => hostScope.onmessage?.({ data } as MessageEvent));
    setupHost(hostScope);
    const worker = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      onerror: null,
      postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, (t ?? []) as never),
      terminate: () => port1.close(),
    };
    port1.on('message', (data: unknown) => worker.onmessage?.({ data } as MessageEvent));
    return worker as unknown as Worker; // only the members the client touches
  };
}

test('init runs once with warm-up before jobs; progress and results arrive per job', async () => {
  let inits = 0;
  const client = new WorkerClient<{ scale: number }, { values: Float32Array }, { sum: number; values: Float32Array }>(
    channelWorker((scope) =>
      serveWorker<{ scale: number }, { values: Float32Array }, { sum: number; values: Float32Array }>(scope, {
        async init() {
          inits++;
        },
        async run({ values }, context) {
          let sum = 0;
          for (let i = 0; i < values.length; i++) {
            sum += values[i] ?? 0;
            context.progress(i + 1, values.length, 'summing');
          }
          return { result: { sum, values }, transfer: [values.buffer] };
        },
        toError: (error) => ({ code: 'failed', message: String(error) }),
      }),
    ),
    { scale: 1 },
  );
  const progress: number[] = [];
  const values = new Float32Array([1, 2, 3]);
  const a = client.run({ values }, { transfer: [values.buffer], onProgress: (done) => progress.push(done) });
  const b = client.run({ values: new Float32Array([10]) });
  const resultA = await a.promise;
  expect(values.byteLength).toBe(0); // transferred to the worker, not copied
  expect(resultA.sum).toBe(6);
  expect(Array.from(resultA.values)).toEqual([1, 2, 3]); // and transferred back
  expect((await b.promise).sum).toBe(10);
  expect(progress).toEqual([1, 2, 3]);
  expect(inits).toBe(1);
  client.terminate();
});

test('errors come back as values with a code and message; init failures reject start()', async () => {
  const failing = new WorkerClient<null, string, string>(
    channelWorker((scope) =>
      serveWorker<null, string, string>(scope, {
        async init() {},
        async run(input) {
          throw new Error(`bad input: ${input}`);
        },
        toError: (error) => ({ code: 'bad-input', message: error instanceof Error ? error.message : String(error) }),
      }),
    ),
    null,
  );
  const error = await failing.run('x').promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WorkerJobError);
  expect((error as WorkerJobError).code).toBe('bad-input');
  expect((error as WorkerJobError).message).toBe('bad input: x');
  failing.terminate();

  const brokenInit = new WorkerClient<null, string, string>(
    channelWorker((scope) =>
      serveWorker<null, string, string>(scope, {
        async init() {
          throw new Error('model file missing');
        },
        async run() {
          return { result: 'never' };
        },
        toError: (e) => ({ code: 'model-load-failed', message: e instanceof Error ? e.message : String(e) }),
      }),
    ),
    null,
  );
  const initError = await brokenInit.start().catch((e: unknown) => e);
  expect((initError as WorkerJobError).code).toBe('model-load-failed');
});

test('cancel rejects the job at once and the worker stops reporting it', async () => {
  // Ordered by events, not sleeps: the job reports its first step, the test cancels, the worker
  // sees the cancel between two steps and stops.
  let workerStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (workerStopped = resolve));
  let firstStep!: () => void;
  const started = new Promise<void>((resolve) => (firstStep = resolve));
  let progressAfterCancel = 0;
  let cancelled = false;
  const client = new WorkerClient<null, number, number>(
    channelWorker((scope) =>
      serveWorker<null, number, number>(scope, {
        async init() {},
        async run(steps, context) {
          for (let i = 0; i < steps; i++) {
            if (context.cancelled) {
              workerStopped();
              throw new Error('stopped');
            }
            context.progress(i, steps, 'step');
            await new Promise((r) => setTimeout(r, 1));
          }
          return { result: steps };
        },
        toError: () => ({ code: 'x', message: 'x' }),
      }),
    ),
    null,
  );
  const job = client.run(100_000, {
    onProgress: () => {
      if (cancelled) progressAfterCancel++;
      firstStep();
    },
  });
  await client.start();
  await started;
  job.cancel();
  cancelled = true;
  const error = (await job.promise.catch((e: unknown) => e)) as WorkerJobError;
  expect(error.cancelled).toBe(true);
  await stopped;
  expect(progressAfterCancel).toBe(0);
  expect(await client.run(2).promise).toBe(2);
  client.terminate();
});
