/// <reference lib="webworker" />
/**
 * Decoding a clip inside a worker (WebCodecs through mediabunny), frame by frame in presentation
 * order, onto one OffscreenCanvas that is reused for every frame (no per-frame allocation). The
 * pose worker runs the pose model on it; the scoring worker reads crops and splash pixels from it.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, VideoSampleSink } from 'mediabunny';
import { PRESENTATION_EPSILON, presentedTimestamps } from '../pipeline/video/clipInfo.ts';

export interface DecodedFrame {
  /** Frame index in presentation order. */
  index: number;
  canvas: OffscreenCanvas;
  context: OffscreenCanvasRenderingContext2D;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Size the frames are drawn at (the clip's own size, or smaller for measurements). */
  width: number;
  height: number;
  /** Frames before this index are decoded (a decoder cannot skip them) but not drawn. */
  from?: number;
  /** Stop after this frame index. */
  to?: number;
  /** The caller reads pixels back (getImageData): keep the canvas in CPU memory. */
  readPixels?: boolean;
}

export async function* decodeClipFrames(file: Blob, options: DecodeOptions): AsyncGenerator<DecodedFrame> {
  const { width, height } = options;
  const from = options.from ?? 0;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('no video track');
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: options.readPixels ?? false });
    if (!context) throw new Error('2D canvas unavailable');
    // Only the frames a viewer sees (clipInfo.ts presentedTimestamps): the lead-in of a trimmed clip is decoded, never counted.
    const firstPresented = await firstPresentedTimestamp(track);
    let index = 0;
    for await (const sample of new VideoSampleSink(track).samples()) {
      if (sample.timestamp < firstPresented - PRESENTATION_EPSILON) {
        sample.close();
        continue;
      }
      const current = index++;
      try {
        if (current < from) continue;
        if (current > to) break;
        sample.draw(context, 0, 0, width, height);
      } finally {
        sample.close();
      }
      yield { index: current, canvas, context, width, height };
    }
  } finally {
    input.dispose();
  }
}

/** A size no wider than `maxWidth` with the clip's aspect ratio (measurements need no more). */
export function scaledSize(width: number, height: number, maxWidth: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxWidth / width);
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)), scale };
}

type VideoTrack = NonNullable<Awaited<ReturnType<Input['getPrimaryVideoTrack']>>>;

/** The timestamp of the first frame shown: 0 for a trimmed clip with a lead-in, else its first frame's. */
async function firstPresentedTimestamp(track: VideoTrack): Promise<number> {
  const timestamps: number[] = [];
  for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) timestamps.push(packet.timestamp);
  timestamps.sort((a, b) => a - b);
  return presentedTimestamps(timestamps)[0] ?? 0;
}
