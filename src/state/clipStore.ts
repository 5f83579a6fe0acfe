/**
 * The clip being judged. Loading a new file is all-or-nothing: the current clip stays loaded
 * and usable until the new one has been demuxed and its first frame decoded. The latest request
 * wins: a load that finishes after a newer one was asked for is dropped (a reopened analysis that
 * is slow to read never replaces the clip the user has just opened).
 */
import { create } from 'zustand';
import type { ClipInfo } from '../pipeline/video/clipInfo.ts';
import { assertBrowserCanDecode } from '../pipeline/video/browserDecode.ts';
import { ClipError, type ClipErrorData } from '../pipeline/video/errors.ts';
import { clipFingerprint } from '../pipeline/video/fingerprint.ts';
import { WorkerClient, WorkerJobError } from '../workers/client.ts';
import type { ProbeInput } from '../workers/probe.worker.ts';

export interface LoadedClip {
  info: ClipInfo;
  /** Object URL the player reads; revoked when another clip replaces this one. */
  url: string;
  origin: 'file' | 'sample';
  /** The file itself: workers read it directly (a File crosses threads without copying its bytes). */
  file: Blob;
  /** Its identity by content (src/pipeline/video/fingerprint.ts): a renamed copy is the same clip. */
  fingerprint: string;
}

interface ClipState {
  clip: LoadedClip | null;
  /** Name of the file being loaded, while it is. */
  loading: string | null;
  error: ClipErrorData | null;
  /** Bumped on every successful load so views can reset. */
  generation: number;
  loadFile(file: File, origin?: LoadedClip['origin']): Promise<boolean>;
  loadSample(url: string, fileName: string): Promise<boolean>;
  dismissError(): void;
  /** No clip on screen (a reopened analysis whose clip the browser did not keep). */
  unload(): void;
}

/** Counts every load and unload asked for; a load applies only while it is the latest. */
let latestRequest = 0;

/** The number of clip loads and unloads asked for so far: callers compare it to see whether another one came in meanwhile. */
export function clipRequestCount(): number {
  return latestRequest;
}

let probeClient: WorkerClient<Record<string, never>, ProbeInput, ClipInfo> | null = null;
function probeWorker(): WorkerClient<Record<string, never>, ProbeInput, ClipInfo> {
  probeClient ??= new WorkerClient(
    () => new Worker(new URL('../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'probe' }),
    {},
  );
  return probeClient;
}
function probe(file: File): Promise<ClipInfo> {
  return probeWorker().run({ file }).promise;
}

/** Starts the clip reader ahead of the first clip (the app calls it once idle), so opening a clip works after the network goes. */
export function warmUpProbe(): Promise<void> {
  return probeWorker().start().catch(() => undefined);
}

function toErrorData(error: unknown, fileName: string): ClipErrorData {
  if (error instanceof ClipError) return error.toData();
  if (error instanceof WorkerJobError) {
    const known = ['empty-file', 'not-a-video', 'corrupt', 'no-video-track', 'unsupported-codec', 'decode-failed'] as const;
    const kind = known.find((k) => k === error.code) ?? 'corrupt';
    return { kind, fileName, message: error.message, detail: error.detail };
  }
  return { kind: 'corrupt', fileName, message: `“${fileName}” could not be loaded.`, detail: error instanceof Error ? error.message : String(error) };
}

/** Revokes a replaced clip's URL once its <video> has let go (revoking under a live element logs a load error). */
function revokeLater(url: string): void {
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

export const useClipStore = create<ClipState>()((set, get) => ({
  clip: null,
  loading: null,
  error: null,
  generation: 0,

  async loadFile(file, origin = 'file') {
    const request = ++latestRequest;
    set({ loading: file.name });
    let url: string | null = null;
    try {
      const info = await probe(file);
      url = URL.createObjectURL(file);
      await assertBrowserCanDecode(info, url);
      const fingerprint = await clipFingerprint(file);
      if (request !== latestRequest) {
        URL.revokeObjectURL(url);
        return false;
      }
      const previous = get().clip;
      set({ clip: { info, url, origin, file, fingerprint }, loading: null, error: null, generation: get().generation + 1 });
      if (previous) revokeLater(previous.url);
      return true;
    } catch (error) {
      if (url) URL.revokeObjectURL(url);
      if (request === latestRequest) set({ loading: null, error: toErrorData(error, file.name) });
      return false;
    }
  },

  async loadSample(url, fileName) {
    const request = ++latestRequest;
    set({ loading: fileName });
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      if (request !== latestRequest) return false;
      return await get().loadFile(new File([blob], fileName, { type: blob.type || 'video/mp4' }), 'sample');
    } catch (error) {
      if (request === latestRequest) set({ loading: null, error: { kind: 'corrupt', fileName, message: `The sample “${fileName}” could not be fetched from the app.`, detail: String(error) } });
      return false;
    }
  },

  dismissError() {
    set({ error: null });
  },

  unload() {
    latestRequest++;
    const previous = get().clip;
    if (!previous) return;
    set({ clip: null, generation: get().generation + 1 });
    revokeLater(previous.url);
  },
}));
