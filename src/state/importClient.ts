/**
 * The import worker (src/workers/import.worker.ts), one per page, started when the page is idle
 * so an import works after the network goes.
 */
import { WorkerClient } from '../workers/client.ts';
import type { ImportJob, ImportResult } from '../workers/import.worker.ts';

let client: WorkerClient<Record<string, never>, ImportJob, ImportResult> | null = null;

export function importClient(): WorkerClient<Record<string, never>, ImportJob, ImportResult> {
  client ??= new WorkerClient(() => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' }), {});
  return client;
}

export function warmUpImport(): Promise<void> {
  return importClient().start().catch(() => undefined);
}
