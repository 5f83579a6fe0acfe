/// <reference lib="webworker" />
/**
 * Footage `<video>` and the demuxer cannot read, turned into an MP4 the rest of the app reads
 * frame-exactly: an AVI with Motion JPEG (src/pipeline/video/avi.ts finds the frames), or a folder
 * of JPG/PNG frames at a frame rate the user confirmed. Each picture is decoded by the browser's
 * image decoder and encoded once at very high quality (H.264 where this browser encodes it, else
 * VP9/VP8) with frame i at i ÷ fps, so player, pose pass and scene track all see the same frames.
 */
import { BufferTarget, CanvasSource, getFirstEncodableVideoCodec, Mp4OutputFormat, Output, QUALITY_VERY_HIGH } from 'mediabunny';
import { readAvi } from '../pipeline/video/avi.ts';
import { ClipError } from '../pipeline/video/errors.ts';
import { serveWorker } from './host.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ConvertJob =
  | { kind: 'avi'; file: File }
  | { kind: 'frames'; files: File[]; fps: number; name: string };

export interface ConvertResult {
  file: File;
  /** What the footage was, for the clip panel ("AVI, Motion JPEG"). */
  from: string;
}

class ConvertCancelled extends Error {}

/** Frame pictures above this are refused: the pose stage reads 1920 pixels at most and the encoder needs memory per pixel. */
const MAX_SIDE = 4096;
/** A dive is seconds long; a folder of more frames than this is not one dive (and would not fit in memory as one MP4). */
const MAX_FOLDER_FRAMES = 20_000;

async function decodePicture(blob: Blob, what: string, name: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob);
  } catch (error) {
    throw new ClipError('decode-failed', name, `${what} of “${name}” could not be decoded as a picture: it is damaged or not a JPEG/PNG.`, error instanceof Error ? error.message : String(error));
  }
}

async function encode(
  pictures: { count: number; at(index: number): Promise<ImageBitmap> },
  fps: number,
  name: string,
  context: { progress(done: number, total: number, stage: string): void; readonly cancelled: boolean },
): Promise<Blob> {
  const first = await pictures.at(0);
  const { width, height } = first;
  if (width > MAX_SIDE || height > MAX_SIDE) throw new ClipError('unsupported-codec', name, `“${name}” has ${width}×${height} pictures; DiveJudge reads pictures up to ${MAX_SIDE} pixels on a side.`);
  // H.264 and VP9 need even sizes: a picture with an odd side gets one black row or column.
  const canvas = new OffscreenCanvas(width + (width % 2), height + (height % 2));
  const drawing = canvas.getContext('2d');
  if (!drawing) throw new Error('2D canvas unavailable');
  const codec = await getFirstEncodableVideoCodec(['avc', 'vp9', 'vp8'], { width: canvas.width, height: canvas.height });
  if (!codec) throw new ClipError('unsupported-codec', name, `This browser cannot encode video, which DiveJudge needs to read “${name}”. Convert it to H.264 (MP4) and load it again.`);
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
  const source = new CanvasSource(canvas, { codec, bitrate: QUALITY_VERY_HIGH, keyFrameInterval: 1 });
  output.addVideoTrack(source, { frameRate: fps });
  await output.start();
  try {
    let picture: ImageBitmap | null = first;
    for (let i = 0; i < pictures.count; i++) {
      if (context.cancelled) throw new ConvertCancelled();
      picture ??= await pictures.at(i);
      if (picture.width !== width || picture.height !== height) throw new ClipError('corrupt', name, `Frame ${i + 1} of “${name}” is ${picture.width}×${picture.height}, the first is ${width}×${height}: the frames are not one clip.`);
      drawing.fillStyle = '#000';
      drawing.fillRect(0, 0, canvas.width, canvas.height);
      drawing.drawImage(picture, 0, 0);
      picture.close();
      picture = null;
      await source.add(i / fps, 1 / fps);
      context.progress(i + 1, pictures.count, 'Converting frames');
    }
    source.close();
    await output.finalize();
  } catch (error) {
    await output.cancel();
    throw error;
  }
  const buffer = output.target.buffer;
  if (!buffer) throw new Error('the encoder produced no file');
  return new Blob([buffer], { type: 'video/mp4' });
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** File names in the order a person reads them: frame2 before frame10. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

serveWorker<Record<string, never>, ConvertJob, ConvertResult>(self, {
  async init() {
    return { worker: 'convert' };
  },
  async run(job, context) {
    if (job.kind === 'avi') {
      context.progress(0, 1, 'Reading the AVI file');
      const avi = await readAvi(job.file, job.file.name);
      const blob = await encode(
        { count: avi.frames.length, at: (i) => { const f = avi.frames[i] as { offset: number; size: number }; return decodePicture(job.file.slice(f.offset, f.offset + f.size, 'image/jpeg'), `Frame ${i + 1}`, job.file.name); } },
        avi.fps,
        job.file.name,
        context,
      );
      return { result: { file: new File([blob], `${stem(job.file.name)} (from AVI).mp4`, { type: 'video/mp4' }), from: `AVI, Motion JPEG, ${avi.frames.length} frames at ${Math.round(avi.fps * 100) / 100} fps` } };
    }
    if (job.files.length === 0) throw new ClipError('empty-file', job.name, `“${job.name}” holds no JPG or PNG frames.`);
    if (job.files.length > MAX_FOLDER_FRAMES) throw new ClipError('corrupt', job.name, `“${job.name}” holds ${job.files.length} pictures; one dive is at most ${MAX_FOLDER_FRAMES} frames.`);
    if (!(job.fps >= 1 && job.fps <= 1000)) throw new ClipError('corrupt', job.name, `${job.fps} is not a frame rate.`);
    const files = [...job.files].sort((a, b) => naturalOrder(a.name, b.name));
    const blob = await encode({ count: files.length, at: (i) => { const f = files[i] as File; return decodePicture(f, `“${f.name}”`, job.name); } }, job.fps, job.name, context);
    return { result: { file: new File([blob], `${job.name} (${files.length} frames at ${job.fps} fps).mp4`, { type: 'video/mp4' }), from: `a folder of ${files.length} frames at ${job.fps} fps` } };
  },
  toError(error) {
    if (error instanceof ConvertCancelled) return { code: 'cancelled', message: 'Cancelled.' };
    if (error instanceof ClipError) return { code: error.kind, message: error.message, detail: error.detail };
    return { code: 'corrupt', message: 'The footage could not be converted.', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  },
});
