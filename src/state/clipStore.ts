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
import type { ConvertJob, ConvertResult } from '../workers/convert.worker.ts';
import { isAvi } from '../pipeline/video/avi.ts';

export interface LoadedClip {
  info: ClipInfo;
  /** Object URL the player reads; revoked when another clip replaces this one. */
  url: string;
  origin: 'file' | 'sample';
  /** The file itself: workers read it directly (a File crosses threads without copying its bytes). */
  file: Blob;
  /** Its identity by content (src/pipeline/video/fingerprint.ts): a renamed copy is the same clip. */
  fingerprint: string;
  /** Set when the footage was converted to MP4 on opening (an AVI, a folder of frames): what it was. */
  convertedFrom?: string;
}

/** Footage being converted to MP4 before it opens (src/workers/convert.worker.ts). */
export interface Conversion {
  name: string;
  done: number;
  total: number;
}

interface ClipState {
  clip: LoadedClip | null;
  /** Name of the file being loaded, while it is. */
  loading: string | null;
  error: ClipErrorData | null;
  converting: Conversion | null;
  /** Bumped on every successful load so views can reset. */
  generation: number;
  loadFile(file: File, origin?: LoadedClip['origin']): Promise<boolean>;
  /** A folder of JPG/PNG frames (one dive) at `fps`, converted to MP4 and opened. */
  loadFrames(files: File[], fps: number, name: string): Promise<boolean>;
  /** Stops a conversion; the clip on screen stays. */
  cancelConversion(): void;
  /** Pictures chosen as one dive's frames, waiting for the user to confirm their frame rate. */
  pendingFrames: { files: File[]; name: string } | null;
  /** Offers a folder's (or a drop's) JPG/PNG files as frames; anything else in it is ignored, none at all is an error. */
  offerFrames(files: File[], name: string): void;
  dismissFrames(): void;
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

let convertClient: WorkerClient<Record<string, never>, ConvertJob, ConvertResult> | null = null;
let runningConversion: { cancel(): void } | null = null;
async function convert(job: ConvertJob, name: string, onProgress: (conversion: Conversion) => void): Promise<ConvertResult> {
  convertClient ??= new WorkerClient(() => new Worker(new URL('../workers/convert.worker.ts', import.meta.url), { type: 'module', name: 'convert' }), {});
  const handle = convertClient.run(job, { onProgress: (done, total) => onProgress({ name, done, total }) });
  runningConversion = handle;
  try {
    return await handle.promise;
  } finally {
    if (runningConversion === handle) runningConversion = null;
  }
}

/** The default frame rate offered for a folder of frames (FineDiving's frames are 25 fps). */
export const DEFAULT_FRAMES_FPS = 25;

export function isFramePicture(file: File): boolean {
  return /^image\/(jpeg|png)$/.test(file.type) || /\.(jpe?g|png)$/i.test(file.name);
}

/** Whether the file starts as an AVI does; a file that cannot be read is left to the probe, which says why. */
async function isAviFile(file: Blob): Promise<boolean> {
  try {
    return isAvi(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
  } catch {
    return false;
  }
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

export const useClipStore = create<ClipState & { convertAndLoad(job: ConvertJob, name: string): Promise<boolean> }>()((set, get) => {
  /** Probes and opens `file`; all-or-nothing, the latest request wins. */
  const open = async (file: File, origin: LoadedClip['origin'], convertedFrom?: string, request = ++latestRequest): Promise<boolean> => {
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
      set({ clip: { info, url, origin, file, fingerprint, ...(convertedFrom ? { convertedFrom } : {}) }, loading: null, error: null, generation: get().generation + 1 });
      if (previous) revokeLater(previous.url);
      return true;
    } catch (error) {
      if (url) URL.revokeObjectURL(url);
      if (request === latestRequest) set({ loading: null, error: toErrorData(error, file.name) });
      return false;
    }
  };
  return {
  clip: null,
  loading: null,
  error: null,
  converting: null,
  generation: 0,

  async loadFile(file, origin = 'file') {
    // The veil goes up at once, in the same task as the user's choice, not after the format sniff:
    // until it is up the page still shows the previous clip as if it were the one asked for.
    const request = ++latestRequest;
    set({ loading: file.name });
    if (await isAviFile(file)) return request === latestRequest ? get().convertAndLoad({ kind: 'avi', file }, file.name) : false;
    return open(file, origin, undefined, request);
  },

  async loadFrames(files, fps, name) {
    return get().convertAndLoad({ kind: 'frames', files, fps, name }, name);
  },

  async convertAndLoad(job, name) {
    const request = ++latestRequest;
    set({ loading: name, converting: { name, done: 0, total: 0 } });
    let converted: ConvertResult;
    try {
      converted = await convert(job, name, (conversion) => {
        if (request === latestRequest) set({ converting: conversion });
      });
    } catch (error) {
      if (request === latestRequest) {
        const cancelled = error instanceof WorkerJobError && error.cancelled;
        set({ loading: null, converting: null, error: cancelled ? null : toErrorData(error, name) });
      }
      return false;
    }
    if (request !== latestRequest) return false;
    set({ converting: null });
    return open(converted.file, 'file', converted.from, request);
  },

  cancelConversion() {
    runningConversion?.cancel();
  },

  pendingFrames: null,
  offerFrames(files, name) {
    const pictures = files.filter(isFramePicture);
    if (pictures.length === 0) {
      set({ pendingFrames: null, error: { kind: 'not-a-video', fileName: name, message: `“${name}” holds no JPG or PNG frames (${files.length} file${files.length === 1 ? '' : 's'} of other kinds). Choose a folder with one dive's frames, or a video file.`, detail: undefined } });
      return;
    }
    set({ pendingFrames: { files: pictures, name } });
  },
  dismissFrames() {
    set({ pendingFrames: null });
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
  };
});
