/**
 * The one scoring worker (onnxruntime-web + the active model pack), shared by the pack and
 * analysis stores. Created lazily; recreated when the execution-provider setting changes.
 */
import { WorkerClient } from '../workers/client.ts';
import type { AqaJob, AqaJobResult, AqaWorkerInit } from '../workers/aqa.worker.ts';

export type AqaClient = WorkerClient<AqaWorkerInit, AqaJob, AqaJobResult>;

let client: AqaClient | null = null;
let clientProvider: AqaWorkerInit['provider'] | null = null;

export function aqaClient(provider: AqaWorkerInit['provider']): AqaClient {
  if (client && clientProvider === provider) return client;
  client?.terminate();
  clientProvider = provider;
  client = new WorkerClient<AqaWorkerInit, AqaJob, AqaJobResult>(
    () => new Worker(new URL('../workers/aqa.worker.ts', import.meta.url), { type: 'module', name: 'aqa' }),
    { provider, assetBase: new URL(import.meta.env.BASE_URL, location.href).href },
  );
  return client;
}
