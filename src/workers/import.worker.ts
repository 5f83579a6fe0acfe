/// <reference lib="webworker" />
/**
 * Reads the files a user imports off the main thread: an analysis JSON (parsed and checked by its
 * schema) and an exemplar library zip (read bounded, see boundedUnzip), so a large or hostile file
 * never freezes the page (a model pack is read by the scoring worker itself, packs/source.ts). What comes back is checked data; big byte arrays
 * move as transferables.
 */
import { ExemplarInputError, readLibraryZip, type LibraryFile } from '../pipeline/analysis/library.ts';
import { AnalysisFileError, parseAnalysisRecord, type AnalysisRecord } from '../pipeline/analysis/record.ts';
import { LIMITS } from '../pipeline/analysis/schema.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ImportJob = { kind: 'analysis'; file: File } | { kind: 'library'; file: File };

export type ImportResult =
  | { kind: 'analysis'; record: AnalysisRecord }
  | { kind: 'library'; library: LibraryFile; clips: Record<string, Uint8Array> };

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

serveWorker<Record<string, never>, ImportJob, ImportResult>(self, {
  async init() {
    return { worker: 'import' };
  },
  async run(job, context) {
    const { file } = job;
    context.progress(0, 1, `Reading ${file.name}`);
    if (job.kind === 'analysis') {
      // Refused before reading: larger than any analysis of a real clip.
      if (file.size > LIMITS.fileBytes) throw new AnalysisFileError(`${file.name} is ${mb(file.size)}: larger than any DiveJudge analysis (at most ${mb(LIMITS.fileBytes)}), so it was not read.`);
      return { result: { kind: 'analysis', record: parseAnalysisRecord(await file.text(), file.name) } };
    }
    const { library, clips } = readLibraryZip(new Uint8Array(await file.arrayBuffer()), file.name);
    return { result: { kind: 'library', library, clips }, transfer: Object.values(clips).map((c) => c.buffer as ArrayBuffer) };
  },
  toError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnalysisFileError || error instanceof ExemplarInputError) return { code: 'bad-file', message };
    return { code: 'unexpected', message: `The file could not be read: ${message}`, detail: error instanceof Error ? error.stack : undefined };
  },
});
