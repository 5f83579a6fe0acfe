/** Saves a blob as a file the browser downloads (nothing leaves the machine). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; free ours a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stem from a clip name and dive: "sim-407C-10m_407C". */
export function exportStem(clipName: string, diveCode: string): string {
  const base = clipName.replace(/\.[a-z0-9]+$/i, '').replace(/[^a-z0-9._-]+/gi, '-').slice(0, 60);
  return `${base || 'dive'}${diveCode ? `_${diveCode}` : ''}`;
}
