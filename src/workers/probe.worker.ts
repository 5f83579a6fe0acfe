/// <reference lib="webworker" />
/**
 * Demuxes dropped files off the main thread, so a large clip never freezes the page.
 */
import { probeClip, type ClipInfo } from '../pipeline/video/clipInfo.ts';
import { ClipError } from '../pipeline/video/errors.ts';
import { serveWorker } from './host.ts';

export interface ProbeInput {
  file: File;
}

declare const self: DedicatedWorkerGlobalScope;

serveWorker<Record<string, never>, ProbeInput, ClipInfo>(self, {
  async init() {
    return { worker: 'probe' };
  },
  async run({ file }, context) {
    context.progress(0, 1, 'Reading container');
    const result = await probeClip(file, file.name);
    context.progress(1, 1, 'Reading container');
    return { result };
  },
  toError(error) {
    if (error instanceof ClipError) return { code: error.kind, message: error.message, detail: error.detail };
    return { code: 'unexpected', message: 'The file could not be read.', detail: error instanceof Error ? error.message : String(error) };
  },
});
