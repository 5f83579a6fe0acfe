/// <reference lib="webworker" />
/**
 * Reads the files a user imports off the main thread: an analysis JSON (parsed and checked by its
 * schema), an exemplar library zip and a model pack zip (both read bounded, see boundedUnzip), so a
 * large or hostile file never freezes the page. What comes back is checked data; big byte arrays
 * move as transferables.
 */
import { ExemplarInputError, readLibraryZip, type LibraryFile } from '../pipeline/analysis/library.ts';
import { AnalysisFileError, parseAnalysisRecord, type AnalysisRecord } from '../pipeline/analysis/record.ts';
import { LIMITS } from '../pipeline/analysis/schema.ts';
import { PACK_LIMITS, PackSourceError, packFromZip } from '../pipeline/packs/source.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ImportJob = { kind: 'analysis'; file: File } | { kind: 'library'; file: File } | { kind: 'pack-zip'; file: File };

export type ImportResult =
  | { kind: 'analysis'; record: AnalysisRecord }
  | { kind: 'library'; library: LibraryFile; clips: Record<string, Uint8Array> }
  | { kind: 'pack-zip'; manifestJson: unknown; files: Record<string, ArrayBuffer>; origin: string };

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
    if (job.kind === 'library') {
      const { library, clips } = readLibraryZip(new Uint8Array(await file.arrayBuffer()), file.name);
      return { result: { kind: 'library', library, clips }, transfer: Object.values(clips).map((c) => c.buffer as ArrayBuffer) };
    }
    if (file.size > PACK_LIMITS.totalBytes) throw new PackSourceError(`zip ${file.name} is ${mb(file.size)}, more than a model pack may be (${mb(PACK_LIMITS.totalBytes)}); it was not read.`);
    const source = packFromZip(new Uint8Array(await file.arrayBuffer()), file.name);
    // Each file on a buffer of its own, so all of them can move to the scoring worker.
    const files = Object.fromEntries(Object.entries(source.files).map(([name, bytes]) => [name, bytes.slice().buffer]));
    return { result: { kind: 'pack-zip', manifestJson: source.manifestJson, files, origin: source.origin }, transfer: Object.values(files) };
  },
  toError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnalysisFileError || error instanceof ExemplarInputError || error instanceof PackSourceError) return { code: 'bad-file', message };
    return { code: 'unexpected', message: `The file could not be read: ${message}`, detail: error instanceof Error ? error.stack : undefined };
  },
});
