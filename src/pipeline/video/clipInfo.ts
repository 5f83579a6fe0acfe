/**
 * Reading what a clip is from its container, not from assumptions: codec, size, frame rate,
 * frame count. Mediabunny demuxes MP4/MOV, WebM/Matroska and more in pure TypeScript, so the
 * same code runs in a Web Worker and in Node tests.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input } from 'mediabunny';
import { ClipError } from './errors.ts';
import { snapFrameRate } from './frameTiming.ts';

export type VideoCodecName = 'avc' | 'hevc' | 'vp8' | 'vp9' | 'av1' | 'other';

export interface ClipInfo {
  name: string;
  sizeBytes: number;
  /** Container as the demuxer names it, e.g. "MP4", "WebM", "QuickTime File Format". */
  container: string;
  mimeType: string;
  codec: VideoCodecName;
  /** WebCodecs codec string, e.g. "avc1.64001e", when the container says. */
  codecString: string | null;
  width: number;
  height: number;
  /** Frames per second as measured from the packet timestamps, snapped to a standard rate. */
  fps: number;
  frameCount: number;
  durationSeconds: number;
  /** Timestamp of the first frame in seconds (usually 0). */
  startTime: number;
}

export const CODEC_LABELS: Record<VideoCodecName, string> = {
  avc: 'H.264',
  hevc: 'HEVC (H.265)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  other: 'an unknown codec',
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Demuxes `file` and returns its ClipInfo, or throws a ClipError saying what is wrong.
 * Reads the last frame's bytes too, so a file cut short after its index is caught here
 * rather than when the judge scrubs to the end.
 */
export async function probeClip(file: Blob, name: string): Promise<ClipInfo> {
  if (file.size === 0) {
    throw new ClipError('empty-file', name, `“${name}” is empty (0 bytes). Nothing was loaded.`);
  }
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) });
  try {
    let container: string;
    let mimeType: string;
    try {
      if (!(await input.canRead())) {
        throw new ClipError('not-a-video', name, `“${name}” is not a video file this app can read (MP4, MOV, WebM or MKV).`);
      }
      container = (await input.getFormat()).name;
      mimeType = await input.getMimeType();
    } catch (error) {
      if (error instanceof ClipError) throw error;
      throw new ClipError('corrupt', name, `“${name}” looks like a video but its container is damaged.`, describe(error));
    }

    let track;
    try {
      track = await input.getPrimaryVideoTrack();
    } catch (error) {
      throw new ClipError('corrupt', name, `“${name}” is damaged or incomplete: its index could not be read.`, describe(error));
    }
    if (!track) {
      // An MP4 cut before its index (moov) demuxes to no tracks at all: that is damage, not audio-only.
      const anyTracks = await input.getTracks().then((t) => t.length > 0, () => false);
      if (!anyTracks) {
        throw new ClipError('corrupt', name, `“${name}” is damaged or incomplete: it has no readable track index. Was the download or copy cut short?`);
      }
      throw new ClipError('no-video-track', name, `“${name}” has no video track (audio only?).`);
    }

    try {
      const codecRaw = track.codec;
      const codec: VideoCodecName =
        codecRaw === 'avc' || codecRaw === 'hevc' || codecRaw === 'vp8' || codecRaw === 'vp9' || codecRaw === 'av1' ? codecRaw : 'other';
      const timestamps = presentedTimestamps(await packetTimestamps(track));
      if (timestamps.length === 0) {
        throw new ClipError('corrupt', name, `“${name}” contains no video frames.`);
      }
      const fps = snapFrameRate(measureFrameRate(timestamps, await track.computeDuration()));
      const startTime = timestamps[0] ?? 0;

      await assertLastFramePresent(track, name, file.size);

      return {
        name,
        sizeBytes: file.size,
        container,
        mimeType,
        codec,
        codecString: await track.getCodecParameterString(),
        width: track.displayWidth,
        height: track.displayHeight,
        fps,
        frameCount: timestamps.length,
        durationSeconds: timestamps.length / fps,
        startTime: Math.max(0, startTime),
      };
    } catch (error) {
      if (error instanceof ClipError) throw error;
      throw new ClipError('corrupt', name, `“${name}” is damaged or incomplete.`, describe(error));
    }
  } finally {
    input.dispose();
  }
}

export type VideoTrack = NonNullable<Awaited<ReturnType<Input['getPrimaryVideoTrack']>>>;

/** Presentation timestamps of every frame, sorted (decode order differs with B-frames). */
async function packetTimestamps(track: VideoTrack): Promise<number[]> {
  const sink = new EncodedPacketSink(track);
  const timestamps: number[] = [];
  for await (const packet of sink.packets(undefined, undefined, { metadataOnly: true })) {
    timestamps.push(packet.timestamp);
  }
  return timestamps.sort((a, b) => a - b);
}

/** The timestamps of the frames a viewer sees, in presentation order (a trimmed clip's lead-in left out). */
export async function presentedTimeline(track: VideoTrack): Promise<number[]> {
  return presentedTimestamps(await packetTimestamps(track));
}

/**
 * The frames a viewer sees. A clip trimmed without re-encoding (`ffmpeg -ss … -c copy`, phone and
 * editor trims) keeps the coded frames from the keyframe before the cut and an edit list that
 * starts presentation at the cut: those leading frames get negative timestamps and no player shows
 * them. Counting, timing and analysing only the frames at or after 0 keeps frame i the frame shown
 * at i. A clip whose every timestamp is negative (no edit list, odd muxer) keeps them all.
 */
export function presentedTimestamps(sortedTimestamps: readonly number[]): number[] {
  const presented = sortedTimestamps.filter((t) => t >= -PRESENTATION_EPSILON);
  return presented.length > 0 ? presented : [...sortedTimestamps];
}

/** Timestamps within this of 0 count as presented (container rounding). */
export const PRESENTATION_EPSILON = 1e-6;

/**
 * Frames per second from the span between first and last frame; containers that store
 * millisecond timestamps (WebM) round each one, and the span averages that out.
 */
export function measureFrameRate(sortedTimestamps: readonly number[], trackEnd: number): number {
  const n = sortedTimestamps.length;
  const first = sortedTimestamps[0] ?? 0;
  const last = sortedTimestamps[n - 1] ?? 0;
  if (n >= 2 && last > first) return (n - 1) / (last - first);
  return n / Math.max(1e-6, trackEnd - first);
}

async function assertLastFramePresent(
  track: VideoTrack,
  name: string,
  fileSize: number,
): Promise<void> {
  const sink = new EncodedPacketSink(track);
  let last;
  try {
    // Metadata-only lookup first: it knows the byte range without reading it.
    last = await sink.getPacket(Infinity, { metadataOnly: true });
    if (last) {
      const full = await sink.getPacket(last.timestamp);
      if (!full || full.byteLength === 0) throw new Error('last frame has no data');
    }
  } catch (error) {
    throw new ClipError(
      'corrupt',
      name,
      `“${name}” is incomplete: the file ends before its last frame (${(fileSize / 1024).toFixed(0)} KiB on disk). Was the download or copy cut short?`,
      describe(error),
    );
  }
  if (!last) {
    throw new ClipError('corrupt', name, `“${name}” contains no video frames.`);
  }
}
