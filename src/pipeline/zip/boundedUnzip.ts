/**
 * Reading a zip a user hands in (a model pack, an exemplar library) without letting it decide how
 * much memory it takes. The central directory is listed first, nothing inflated; the caller says
 * which entries it wants and the most bytes each may have (from the pack's manifest, say); entries
 * it does not want are never inflated; an entry whose declared size is above its limit is refused
 * before inflating; and inflation streams in small chunks and stops the moment an entry produces
 * more than it declared, so a "zip bomb" (a few MB that inflate to gigabytes) costs at most one
 * chunk's output. Framework-free (fflate).
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

export interface ZipEntryInfo {
  name: string;
  /** Bytes in the archive. */
  compressedSize: number;
  /** Bytes the central directory says it inflates to. */
  declaredSize: number;
}

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

/** Compressed bytes pushed at a time: a chunk of zeros inflates to ~1000× its size, so this bounds the overshoot to ~16 MB. */
const CHUNK = 16 * 1024;

/** The entries of a zip from its central directory, without inflating any. Throws what fflate says of a broken zip. */
export function listZip(bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  unzipSync(bytes, {
    filter: (file) => {
      entries.push({ name: file.name, compressedSize: file.size, declaredSize: file.originalSize });
      return false;
    },
  });
  return entries;
}

/**
 * The wanted entries, inflated. `limitOf(entry)` gives the most bytes an entry may have, or null to
 * leave it out. An entry that declares or produces more is refused with its name and sizes.
 */
export function boundedUnzip(bytes: Uint8Array, limitOf: (entry: ZipEntryInfo) => number | null): Record<string, Uint8Array> {
  const limits = new Map<string, number>();
  for (const entry of listZip(bytes)) {
    if (entry.name.endsWith('/')) continue;
    const limit = limitOf(entry);
    if (limit === null) continue;
    if (entry.declaredSize > limit) throw new ZipLimitError(`${entry.name} says it holds ${entry.declaredSize} bytes, more than the ${limit} it may (refused before inflating)`);
    limits.set(entry.name, Math.min(limit, entry.declaredSize));
  }
  const out: Record<string, Uint8Array> = {};
  let failure: ZipLimitError | null = null;
  const unzip = new Unzip((file) => {
    const limit = limits.get(file.name);
    if (limit === undefined) return; // not wanted: never started, never inflated
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new ZipLimitError(`${file.name} is damaged (${error.message})`);
        return;
      }
      size += chunk.length;
      if (size > limit) {
        failure = new ZipLimitError(`${file.name} inflates to more than the ${limit} bytes it declared (a zip bomb?); stopped there`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out[file.name] = concat(chunks, size);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let offset = 0; offset < bytes.length && !failure; offset += CHUNK) unzip.push(bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK)), offset + CHUNK >= bytes.length);
  if (failure) throw failure;
  for (const name of limits.keys()) if (!(name in out)) throw new ZipLimitError(`${name} could not be read from the zip`);
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
