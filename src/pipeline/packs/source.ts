/**
 * Where a model pack's bytes come from: the app's own origin (the bundled default), a folder the
 * user picked, or a zip. All end as `PackFiles` (name → bytes), which `validatePack` checks
 * before anything is loaded, so a broken pack never replaces a working one.
 */
import { unzipSync } from 'fflate';
import { MANIFEST_FILE, type PackFiles } from '../aqa/pack.ts';

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

/** A zip of the pack: its files at the top level or inside one folder. */
export function packFromZip(bytes: Uint8Array, name: string): PackSource {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new PackSourceError(`zip ${name}: not a readable zip (${error instanceof Error ? error.message : String(error)}).`);
  }
  const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
  const manifestPath = names.find((n) => n === MANIFEST_FILE || n.endsWith(`/${MANIFEST_FILE}`));
  const prefix = manifestPath ? manifestPath.slice(0, manifestPath.length - MANIFEST_FILE.length) : '';
  const files: PackFiles = {};
  for (const n of names) {
    if (!n.startsWith(prefix) || n.includes('__MACOSX')) continue;
    const entry = entries[n];
    if (entry) files[n.slice(prefix.length)] = entry;
  }
  const origin = `zip ${name}`;
  return { manifestJson: parseManifest(files[MANIFEST_FILE], origin), files, origin };
}
