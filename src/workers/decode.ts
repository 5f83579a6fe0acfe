/// <reference lib="webworker" />
/**
 * Decoding a clip inside a worker (WebCodecs through mediabunny), frame by frame in presentation
 * order, onto one OffscreenCanvas that is reused for every frame (no per-frame allocation). The
 * pose worker runs the pose model on it; the scoring worker reads crops and splash pixels from it.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, VideoSampleSink, type VideoSample } from 'mediabunny';
import { pictureToRgba, yuvMatrixOf, type DecodedPicture } from '../pipeline/video/picture.ts';
import { PRESENTATION_EPSILON, presentedTimeline, type VideoTrack } from '../pipeline/video/clipInfo.ts';

export interface DecodedFrame {
  /** Frame index in presentation order. */
  index: number;
  canvas: OffscreenCanvas;
  context: OffscreenCanvasRenderingContext2D;
  width: number;
  height: number;
  /** The decoder's own planes of this frame (valid until the next frame), or null where it was drawn instead. */
  picture: DecodedPicture | null;
}

export interface DecodeOptions {
  /** Size the frames are drawn at (the clip's own size, or smaller for measurements). */
  width: number;
  height: number;
  /** Frames before this index are not drawn; they are decoded from the key frame before it (from the start where there is none). */
  from?: number;
  /** Draw and yield frame 0 even when `from` is later (the pose pass reads the clip's black bars on it). */
  withFirst?: boolean;
  /** Stop after this frame index. */
  to?: number;
  /** The caller reads pixels back (getImageData): keep the canvas in CPU memory. */
  readPixels?: boolean;
  /** Also read each frame's planes (`DecodedFrame.picture`): the pose pass measures the camera path on them. */
  planes?: boolean;
  /** Counts every frame the decoder gave, drawn or not (what the benchmark reports as decoding work). */
  counter?: DecodeCounter;
}

export interface DecodeCounter {
  frames: number;
}

export async function* decodeClipFrames(file: Blob, options: DecodeOptions): AsyncGenerator<DecodedFrame> {
  const range = { from: options.from ?? 0, to: options.to ?? Number.POSITIVE_INFINITY, withFirst: options.withFirst ?? false };
  yield* drawFrames((use) => presentedSamples(file, range, use, options.counter), options);
}

/** Hands each sample to `use` (open until `use` returns) and yields its presentation index after. */
export type SampleSource = (use: (sample: Sample, index: number) => Promise<void>) => AsyncGenerator<number>;

/**
 * Each sample drawn on one reused canvas (and its planes read, when asked), yielded in the order
 * the source gives them: the clip's own decode (decodeClipFrames) or the page's feed
 * (frameFeed.ts), so a fed frame is drawn exactly as a decoded one.
 */
export async function* drawFrames(samples: SampleSource, options: Pick<DecodeOptions, 'width' | 'height' | 'readPixels' | 'planes'>): AsyncGenerator<DecodedFrame> {
  const { width, height } = options;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: options.readPixels ?? false });
  if (!context) throw new Error('2D canvas unavailable');
  const readPlanes = planeReader();
  let image: ImageData | null = null;
  let picture: DecodedPicture | null = null;
  const draw = async (sample: Sample): Promise<void> => {
    picture = options.planes || sample.displayWidth > width || sample.displayHeight > height ? await readPlanes(sample) : null;
    if (picture && (sample.displayWidth > width || sample.displayHeight > height)) {
      // Shrunk from the decoder's own planes (pictureToRgba), not drawn: Chromium's canvas draws a
      // 4K VideoFrame through full-size intermediate copies, which held 400 MB more at peak over a
      // 4K clip (check:hostile's 4K row). At the clip's own size drawing is faster (measured in
      // bench:score: the pose pass's decoding took 2.2× as long through pictureToRgba).
      image ??= new ImageData(width, height);
      pictureToRgba(picture, width, height, image.data);
      context.putImageData(image, 0, 0);
      return;
    }
    sample.draw(context, 0, 0, width, height);
  };
  for await (const index of samples(draw)) {
    yield { index, canvas, context, width, height, picture };
  }
}

/**
 * Reads a sample's planes as `VideoFrame.copyTo` writes them, into one buffer reused for every
 * frame; null for a layout pictureToRgba does not read (high bit depth, rotated, unknown).
 */
function planeReader(): (sample: Sample) => Promise<DecodedPicture | null> {
  let buffer = new Uint8Array(0);
  return async (sample) => {
    const layout = sample.rotation === 0 && !sample.flip ? planeLayout(sample.format) : null;
    if (!layout) return null;
    const size = sample.allocationSize();
    if (buffer.length < size) buffer = new Uint8Array(size);
    return layout(buffer, await sample.copyTo(buffer), sample);
  };
}

/**
 * The clip's frames as the decoder's own planes (`VideoFrame.copyTo`), for the analysis pipeline
 * (src/pipeline/aqa/clipAnalysis.ts), which scales and converts them itself so that Node, reading
 * ffmpeg's planes, measures the same numbers. Frames in a layout the pipeline does not read
 * (high bit depth, rotated, unknown) are drawn on a canvas instead. One buffer serves every frame.
 */
export async function* decodeClipPictures(file: Blob, range: { from?: number; to?: number }): AsyncGenerator<{ index: number; picture: DecodedPicture }> {
  const readPlanes = planeReader();
  let canvas: OffscreenCanvas | null = null;
  let picture: DecodedPicture | null = null;
  const read = async (sample: Sample): Promise<void> => {
    picture = await readPlanes(sample);
    if (picture) return;
    const width = sample.displayWidth, height = sample.displayHeight;
    if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('2D canvas unavailable');
    sample.draw(context, 0, 0, width, height);
    picture = { kind: 'rgba', width, height, data: context.getImageData(0, 0, width, height).data, order: 'rgba', stride: width * 4 };
  };
  for await (const index of presentedSamples(file, { from: range.from ?? 0, to: range.to ?? Number.POSITIVE_INFINITY, withFirst: false }, read)) {
    if (picture) yield { index, picture };
  }
}

export type Sample = VideoSample;
type PictureOf = (buffer: Uint8Array, planes: readonly { offset: number; stride: number }[], sample: Sample) => DecodedPicture;

/** How to read the planes `copyTo` writes for a pixel format, or null for formats read through a canvas. */
function planeLayout(format: Sample['format']): PictureOf | null {
  const yuv = (shiftX: 0 | 1, shiftY: 0 | 1, interleaved: boolean): PictureOf => (buffer, planes, sample) => {
    const [y, u, v] = planes;
    if (!y || !u || (!interleaved && !v)) throw new Error(`decoder gave ${planes.length} planes for ${String(sample.format)}`);
    return {
      kind: 'yuv',
      width: sample.visibleRect.width,
      height: sample.visibleRect.height,
      y: { data: buffer, offset: y.offset, stride: y.stride, step: 1 },
      u: { data: buffer, offset: u.offset, stride: u.stride, step: interleaved ? 2 : 1 },
      v: interleaved ? { data: buffer, offset: u.offset + 1, stride: u.stride, step: 2 } : { data: buffer, offset: (v as { offset: number }).offset, stride: (v as { stride: number }).stride, step: 1 },
      chromaShiftX: shiftX,
      chromaShiftY: shiftY,
      fullRange: sample.colorSpace.fullRange ?? false,
      matrix: yuvMatrixOf(sample.colorSpace.matrix),
    };
  };
  const rgba = (order: 'rgba' | 'bgra'): PictureOf => (buffer, planes, sample) => ({ kind: 'rgba', width: sample.visibleRect.width, height: sample.visibleRect.height, data: buffer.subarray(planes[0]?.offset ?? 0), order, stride: planes[0]?.stride ?? sample.visibleRect.width * 4 });
  switch (format) {
    case 'I420':
    case 'I420A':
      return yuv(1, 1, false);
    case 'I422':
    case 'I422A':
      return yuv(1, 0, false);
    case 'I444':
    case 'I444A':
      return yuv(0, 0, false);
    case 'NV12':
      return yuv(1, 1, true);
    case 'RGBA':
    case 'RGBX':
      return rgba('rgba');
    case 'BGRA':
    case 'BGRX':
      return rgba('bgra');
    default:
      return null;
  }
}

/**
 * Frame indices in presentation order that are `wanted`, up to `to`; `use` reads each sample, which is
 * closed before the index is yielded, so a consumer that stops early (cancel) never leaves a
 * sample open. Only the frames a viewer sees (clipInfo.ts presentedTimestamps): the lead-in of a
 * trimmed clip is decoded, never counted.
 */
export async function* presentedSamples(file: Blob, range: PresentedRange, use: (sample: Sample, index: number) => void | Promise<void>, counter?: DecodeCounter): AsyncGenerator<number> {
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('no video track');
    const timeline = await presentedTimeline(track);
    const sink = new VideoSampleSink(track);
    const seek = await keyFrameBefore(track, timeline, range.from);
    if (seek === null) {
      // From the clip's start: frames before `from` are decoded (a decoder cannot skip them), not used.
      const firstPresented = timeline[0] ?? 0;
      let index = 0;
      for await (const sample of sink.samples()) {
        if (counter) counter.frames++;
        if (sample.timestamp < firstPresented - PRESENTATION_EPSILON) {
          sample.close();
          continue;
        }
        const current = index++;
        try {
          if (current > range.to) break;
          if (current < range.from && !(range.withFirst && current === 0)) continue;
          await use(sample, current);
        } finally {
          sample.close();
        }
        yield current;
      }
      return;
    }
    // A key frame after the start lies before `from`: decode from there, not from the start (the
    // second pose worker's half, the splash). Frame 0, when wanted, is its own short decode.
    if (range.withFirst) {
      for await (const sample of sink.samples(timeline[0], timeline[1])) {
        if (counter) counter.frames++;
        try {
          await use(sample, 0);
        } finally {
          sample.close();
        }
        yield 0;
        break;
      }
    }
    if (counter) counter.frames += range.from - seek; // decoded on the way from the key frame, never handed out
    for await (const sample of sink.samples(timeline[range.from])) {
      if (counter) counter.frames++;
      // Each frame's index from its own timestamp, so a frame the decoder skipped or added cannot shift the rest.
      const current = frameIndexAt(timeline, sample.timestamp);
      try {
        if (current > range.to) break;
        if (current < range.from) continue;
        await use(sample, current);
      } finally {
        sample.close();
      }
      yield current;
    }
  } finally {
    input.dispose();
  }
}

export interface PresentedRange {
  /** First frame wanted (presentation index). */
  from: number;
  /** Last frame wanted. */
  to: number;
  /** Frame 0 too, when `from` is later. */
  withFirst: boolean;
}

/** Key frames closer than this to the start are not worth a second decoder. */
const MIN_SEEK_FRAMES = 8;

/**
 * The index of the key frame a decode reaching frame `from` can start at, when it is far enough
 * after the clip's start to save work (null: decode from the start). Only a key frame that is itself
 * a presented frame counts: the lead-in of a trimmed clip keeps its key frame before the first shown one.
 */
async function keyFrameBefore(track: VideoTrack, timeline: readonly number[], from: number): Promise<number | null> {
  const target = timeline[from];
  if (from < MIN_SEEK_FRAMES || target === undefined) return null;
  const key = await new EncodedPacketSink(track).getKeyPacket(target, { metadataOnly: true });
  if (!key) return null;
  const index = frameIndexAt(timeline, key.timestamp);
  return index >= MIN_SEEK_FRAMES && index <= from && Math.abs((timeline[index] ?? Number.NaN) - key.timestamp) <= PRESENTATION_EPSILON ? index : null;
}

/** The presentation index of the frame at `timestamp` (the nearest one in the timeline). */
function frameIndexAt(timeline: readonly number[], timestamp: number): number {
  let lo = 0, hi = timeline.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((timeline[mid] ?? 0) < timestamp - PRESENTATION_EPSILON) lo = mid + 1;
    else hi = mid;
  }
  const before = lo - 1;
  return before >= 0 && Math.abs((timeline[before] ?? 0) - timestamp) < Math.abs((timeline[lo] ?? 0) - timestamp) ? before : lo;
}

/** A size no wider than `maxWidth` with the clip's aspect ratio (measurements need no more). */
export function scaledSize(width: number, height: number, maxWidth: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxWidth / width);
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)), scale };
}

