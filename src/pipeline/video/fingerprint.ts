/**
 * A clip's identity by content, not by name: SHA-256 over its size and three 4 MiB windows (start,
 * middle, end). A renamed or re-downloaded copy has the same fingerprint; another clip, even of the
 * same size, does not. Windows instead of the whole file keep a 4K minute to 12 MiB of reading.
 * Framework-free (Web Crypto, in browsers, workers and Node).
 */
const WINDOW = 4 * 1024 * 1024;

export async function clipFingerprint(blob: Blob): Promise<string> {
  const size = blob.size;
  const starts = size <= 3 * WINDOW ? [0] : [0, Math.floor(size / 2 - WINDOW / 2), size - WINDOW];
  const parts: BlobPart[] = [String(size)];
  for (const start of starts) parts.push(blob.slice(start, size <= 3 * WINDOW ? size : start + WINDOW));
  const bytes = await new Blob(parts).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
