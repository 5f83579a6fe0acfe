/**
 * Where a model pack's bytes come from: the app's own origin (the bundled default), a folder the
 * user picked, or a zip. All end as `PackFiles` (name → bytes), which `validatePack` checks
 * before anything is loaded, so a broken pack never replaces a working one.
 */
import { MANIFEST_FILE, type PackFiles } from '../aqa/pack.ts';
import { boundedUnzip, listZip, ZipLimitError } from '../zip/boundedUnzip.ts';

export class PackSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackSourceError';
  }
}

export interface PackSource {
  manifestJson: unknown;
  files: PackFiles;
  /** Where it came from, for messages: a URL, "folder my-pack", "zip my-pack.zip". */
  origin: string;
}

function parseManifest(bytes: Uint8Array | undefined, origin: string): unknown {
  if (!bytes) throw new PackSourceError(`${origin}: no ${MANIFEST_FILE} — this is not a DiveJudge model pack.`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new PackSourceError(`${origin}: ${MANIFEST_FILE} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** A pack served over HTTP: manifest.json first, then every file it lists. */
export async function fetchPack(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<PackSource> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const manifestResponse = await fetchImpl(`${base}${MANIFEST_FILE}`);
  if (!manifestResponse.ok) throw new PackSourceError(`${base}${MANIFEST_FILE}: HTTP ${manifestResponse.status}.`);
  const manifestBytes = new Uint8Array(await manifestResponse.arrayBuffer());
  const manifestJson = parseManifest(manifestBytes, base);
  const listed = (manifestJson as { files?: Record<string, unknown> }).files;
  const files: PackFiles = { [MANIFEST_FILE]: manifestBytes };
  if (listed && typeof listed === 'object') {
    await Promise.all(
      Object.keys(listed).map(async (name) => {
        if (name.includes('..') || name.startsWith('/')) throw new PackSourceError(`${base}: file name "${name}" is not allowed.`);
        const response = await fetchImpl(`${base}${name}`);
        if (!response.ok) throw new PackSourceError(`${name}: HTTP ${response.status} — the pack is incomplete.`);
        files[name] = new Uint8Array(await response.arrayBuffer());
      }),
    );
  }
  return { manifestJson, files, origin: base };
}

/** Files from a folder the user picked (`webkitRelativePath` "pack/manifest.json"), or loose files. */
export async function packFromFiles(fileList: ArrayLike<File>): Promise<PackSource> {
  const files: PackFiles = {};
  let folder = '';
  for (const file of Array.from(fileList)) {
    const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    const parts = path.split('/');
    folder ||= parts.length > 1 ? (parts[0] ?? '') : '';
    // Keep paths relative to the pack folder.
    const name = parts.length > 1 ? parts.slice(1).join('/') : path;
    files[name] = new Uint8Array(await file.arrayBuffer());
  }
  const origin = `folder ${folder || '(files)'}`;
  return { manifestJson: parseManifest(files[MANIFEST_FILE], origin), files, origin };
}

/** Where a pack the user chose comes from, in words ("zip p.zip", "folder my-pack"), without reading it. */
export function userPackOrigin(fileList: ArrayLike<File>): string {
  const list = Array.from(fileList);
  const first = list[0];
  if (!first) return 'no files';
  if (list.length === 1 && /\.zip$/i.test(first.name)) return `zip ${first.name}`;
  const folder = ((first as File & { webkitRelativePath?: string }).webkitRelativePath || '').split('/');
  return `folder ${folder.length > 1 ? folder[0] : '(files)'}`;
}

/**
 * A pack the user chose, as files: one zip (bounded: the manifest first, only listed files) or a
 * folder's files. Run in the scoring worker, so the page never holds or copies the pack's bytes.
 */
export async function packFromUserFiles(fileList: ArrayLike<File>): Promise<PackSource> {
  const list = Array.from(fileList);
  const first = list[0];
  if (!first) throw new PackSourceError('No files were chosen.');
  if (list.length === 1 && /\.zip$/i.test(first.name)) {
    if (first.size > PACK_LIMITS.totalBytes) throw new PackSourceError(`zip ${first.name} is ${(first.size / 2 ** 20).toFixed(0)} MB, more than a model pack may be (${PACK_LIMITS.totalBytes / 2 ** 20} MB); it was not read.`);
    return packFromZip(new Uint8Array(await first.arrayBuffer()), first.name);
  }
  return packFromFiles(list);
}

/** The most a pack's manifest may be, and all its files together: the bundled packs are a few MB. */
export const PACK_LIMITS = { manifestBytes: 1024 * 1024, totalBytes: 512 * 1024 * 1024 } as const;

/**
 * A zip of the pack: its files at the top level or inside one folder. The manifest is read first;
 * only the files it lists are inflated, each no larger than the size it declares (boundedUnzip), so
 * a small zip that inflates to gigabytes is refused before it costs the memory.
 */
export function packFromZip(bytes: Uint8Array, name: string): PackSource {
  const origin = `zip ${name}`;
  try {
    const names = listZip(bytes).map((e) => e.name).filter((n) => !n.endsWith('/') && !n.includes('__MACOSX'));
    const manifestPath = names.find((n) => n === MANIFEST_FILE || n.endsWith(`/${MANIFEST_FILE}`));
    if (!manifestPath) return { manifestJson: parseManifest(undefined, origin), files: {}, origin };
    const prefix = manifestPath.slice(0, manifestPath.length - MANIFEST_FILE.length);
    const manifestBytes = boundedUnzip(bytes, (e) => (e.name === manifestPath ? PACK_LIMITS.manifestBytes : null))[manifestPath];
    const manifestJson = parseManifest(manifestBytes, origin);
    // Each listed file may be as large as the manifest says (validatePack checks the exact size and hash after).
    const listed = typeof manifestJson === 'object' && manifestJson !== null && 'files' in manifestJson && typeof manifestJson.files === 'object' && manifestJson.files !== null ? (manifestJson.files as Record<string, unknown>) : {};
    const declared = new Map<string, number>();
    for (const [file, entry] of Object.entries(listed)) {
      const size = typeof entry === 'object' && entry !== null && 'bytes' in entry && typeof entry.bytes === 'number' && entry.bytes >= 0 ? entry.bytes : 0;
      declared.set(prefix + file, size);
    }
    const total = [...declared.values()].reduce((a, b) => a + b, 0);
    if (total > PACK_LIMITS.totalBytes) throw new PackSourceError(`${origin}: its manifest lists ${(total / 2 ** 20).toFixed(0)} MB of files, more than a model pack may be (${PACK_LIMITS.totalBytes / 2 ** 20} MB); nothing was inflated.`);
    const entries = boundedUnzip(bytes, (e) => declared.get(e.name) ?? null);
    const files: PackFiles = { [MANIFEST_FILE]: manifestBytes as Uint8Array };
    for (const [path, content] of Object.entries(entries)) files[path.slice(prefix.length)] = content;
    return { manifestJson, files, origin };
  } catch (error) {
    if (error instanceof PackSourceError) throw error;
    if (error instanceof ZipLimitError) throw new PackSourceError(`${origin}: ${error.message}.`);
    throw new PackSourceError(`${origin}: not a readable zip (${error instanceof Error ? error.message : String(error)}).`);
  }
}
