/**
 * The splash of a whole clip, as the app feeds it to a pack: which frames to decode, at what size,
 * which diver box sizes the measurement, and the call to `measureSplash`. The scoring worker (real
 * clips, decoded by WebCodecs) and the trainer (rendered simulator frames, decoded by
 * @napi-rs/canvas) both go through here, so a pack is trained on the number the browser measures.
 */
import { DEFAULT_PRE_ENTRY_FRAMES, measureSplash } from './measure.ts';
import type { DiverBoxHint, RgbaFrame, SplashMeasurement } from './types.ts';
import { cellGrid, cellStepFor, type CellGrid, type SplashGrids } from './grid.ts';
import { detachPicture, pictureBuffers, pictureToRgba, type DecodedPicture } from '../video/picture.ts';

/** Frames wider than this are scaled down before measuring (the white water is large; speed matters). */
export const SPLASH_MAX_WIDTH = 640;

export interface SplashWindow {
  /** First frame to decode (a few frames before the entry: the scene without the splash). */
  from: number;
  /** Frame size to decode at. */
  width: number;
  height: number;
  /** Decoded pixels per original pixel. */
  scale: number;
}

/** The size the splash reads a `width`×`height` clip's frames at. */
export function splashFrameSize(width: number, height: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, SPLASH_MAX_WIDTH / width);
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)), scale };
}

/** What to decode for a clip of `width`×`height` whose entry stage starts at `entryStart`. */
export function splashWindow(entryStart: number, width: number, height: number): SplashWindow {
  return { from: Math.max(0, entryStart - DEFAULT_PRE_ENTRY_FRAMES), ...splashFrameSize(width, height) };
}

/**
 * The last frames of a clip as the decoder gave them, kept by the pose pass as it decodes them (the
 * browser), so the splash needs no decode of its own: frame `from + i` is `pictures[i]`, through
 * the clip's last frame. Planes, not RGBA: copying them costs the pose pass next to nothing, and
 * the splash converts only the frames of its window (measured on A/B runs of the app: converting
 * every tail frame in the busy pose worker cost as much time as the splash's decode saved).
 */
export interface ClipTailFrames {
  from: number;
  pictures: DecodedPicture[];
}

/** The tail's buffers, to move it to another worker rather than copy it. */
export function transferablesOfTail(tail: ClipTailFrames): ArrayBuffer[] {
  return tail.pictures.flatMap(pictureBuffers);
}

/**
 * Reduces pictures to the splash's cell grids at the window's size, each through the one
 * pictureToRgba into one RGBA buffer reused for every frame: a fresh full-size RGBA copy of each
 * frame cost the splash more than its own measuring in the browser (first writes to fresh memory).
 */
export class SplashGridMaker {
  private readonly grids: CellGrid[] = [];
  private buffer: Uint8ClampedArray | undefined;
  private readonly step: number;

  constructor(private readonly window: SplashWindow) {
    this.step = cellStepFor(window.width, window.height);
  }

  push(picture: DecodedPicture): void {
    const rgba = pictureToRgba(picture, this.window.width, this.window.height, this.buffer);
    this.buffer = rgba.data;
    this.grids.push(cellGrid(rgba, this.step));
  }

  result(): SplashGrids {
    return { width: this.window.width, height: this.window.height, grids: this.grids };
  }
}

/**
 * The splash window's frames out of a kept tail, up to `lastFrame` (default: the clip's last), as
 * the splash's cell grids, or null where the tail does not hold all of them (the caller decodes them then).
 */
export function splashGridsFromTail(tail: ClipTailFrames | undefined, window: SplashWindow, frameCount: number, lastFrame = frameCount - 1): SplashGrids | null {
  if (!tail || window.from < tail.from || tail.from + tail.pictures.length !== frameCount) return null;
  const last = Math.min(lastFrame, frameCount - 1);
  const maker = new SplashGridMaker(window);
  for (const picture of tail.pictures.slice(window.from - tail.from, last - tail.from + 1)) maker.push(picture);
  return maker.result();
}

/**
 * Where the white water starts, in frames after the trace's first (fractional): the area grows from
 * the water contact on, so its rising edge (the first frame at 30% of the peak and the one before)
 * is extrapolated back to zero. Null when the trace never rises.
 */
export function splashOnset(trace: readonly number[]): number | null {
  const peak = Math.max(0, ...trace);
  const k = trace.findIndex((v) => v >= 0.3 * peak && v > 1e-3);
  if (k < 0) return null;
  const v = trace[k] as number, before = trace[k - 1] ?? 0;
  const rise = v - before;
  return rise > 0 ? Math.max(k - 2, k - v / rise) : k - 0.5;
}

/**
 * Seconds of one view the splash needs after the water contact for its reading to stand. The white
 * water's area-seconds keep growing for about a second, so a view cut sooner reads a small splash:
 * on the app's poses of 100 simulated *training* dives (seed 11), cutting the trace 0.6 s after its
 * onset lost a median 0.56 of the 10-point splash score, about 0.2 award points (0.2 s after it: 2.70).
 */
export const SPLASH_MIN_VIEW_AFTER_CONTACT_S = 0.6;

/**
 * Where no white water rises in a view cut after the entry started, the seconds from the model's
 * entry start the view must last before "no splash" is believed: the entry stage starts up to
 * about 1 s before the water contact (a 10 m dive), then the splash needs its own 0.6 s.
 */
const SPLASH_MIN_VIEW_WITHOUT_ONSET_S = 1.6;

/**
 * Whether a splash trace (from the model's entry start to the last frame of the view) saw enough
 * of the splash: SPLASH_MIN_VIEW_AFTER_CONTACT_S after its onset; with no onset in a view that a
 * cut ends, SPLASH_MIN_VIEW_WITHOUT_ONSET_S after the entry start. A clip that simply ends with no
 * white water in it reads as no splash, as before.
 */
export function splashSeenLongEnough(trace: readonly number[], fps: number, viewCut: boolean): boolean {
  const onset = splashOnset(trace);
  if (onset === null) return !viewCut || trace.length >= SPLASH_MIN_VIEW_WITHOUT_ONSET_S * fps;
  return trace.length - onset >= SPLASH_MIN_VIEW_AFTER_CONTACT_S * fps;
}

/** A diver box in original pixels for frame f, or null where the diver was not found. */
export type BoxOfFrame = (frame: number) => { x1: number; y1: number; x2: number; y2: number } | null;

/**
 * Measures the splash of a clip. `frames` are the decoded frames from `window.from` to the end of
 * the clip at the window's size; the reference is the diver's last box before the entry.
 */
export function measureClipSplash(frames: readonly RgbaFrame[] | SplashGrids, entryStart: number, window: SplashWindow, fps: number, boxOf: BoxOfFrame): SplashMeasurement & { from: number } {
  const { from, scale } = window;
  const count = 'grids' in frames ? frames.grids.length : frames.length;
  let diverBox: DiverBoxHint | undefined;
  for (let f = Math.min(entryStart, from + count) - 1; f >= from && !diverBox; f--) {
    const b = boxOf(f);
    if (b && [b.x1, b.y1, b.x2, b.y2].every(Number.isFinite)) diverBox = { x1: b.x1 * scale, y1: b.y1 * scale, x2: b.x2 * scale, y2: b.y2 * scale, frameIndex: f - from };
  }
  const measured = measureSplash(frames, { entryIndex: entryStart - from, fps, preEntryFrames: DEFAULT_PRE_ENTRY_FRAMES, ...(diverBox ? { diverBox } : {}) });
  return { ...measured, from };
}

/** Bytes of tail frames the pose pass keeps at most: about 290 frames of 640×360 (4:2:0), 32 of 1920×1080. */
export const TAIL_MAX_BYTES = 96 * 1024 * 1024;

/** A tail shorter than this (a second at 25 fps) is not kept at all. */
const TAIL_MIN_FRAMES = 24;

/**
 * Keeps copies of the most recent frames while a clip is decoded in order, dropping the oldest past
 * `maxBytes`: the splash window of a clip that runs on long after its entry, or of a large frame
 * size, may then not be in it, and the analysis decodes it as before.
 */
export class ClipTailKeeper {
  private pictures: DecodedPicture[] = [];
  private sizes: number[] = [];
  private bytes = 0;
  private from = 0;
  private broken = false;

  constructor(private readonly maxBytes = TAIL_MAX_BYTES) {}

  /** The next frame in order (its index); the picture is copied, the decoder may reuse its buffer. */
  push(index: number, picture: DecodedPicture): void {
    if (this.broken) return;
    if (this.pictures.length > 0 && index !== this.from + this.pictures.length) {
      this.abandon(); // not consecutive: nothing the splash could trust
      return;
    }
    if (this.pictures.length === 0) this.from = index;
    const kept = detachPicture(picture);
    if (kept.bytes * TAIL_MIN_FRAMES > this.maxBytes) {
      this.abandon(); // frames this large (1440p, 4K) would leave too short a tail to be worth the copies
      return;
    }
    this.pictures.push(kept.picture);
    this.sizes.push(kept.bytes);
    this.bytes += kept.bytes;
    while (this.pictures.length > 1 && this.bytes > this.maxBytes) {
      this.pictures.shift();
      this.bytes -= this.sizes.shift() ?? 0;
      this.from++;
    }
  }

  /** A frame could not be read as planes: keep nothing. */
  abandon(): void {
    this.broken = true;
    this.pictures = [];
    this.sizes = [];
    this.bytes = 0;
  }

  result(): ClipTailFrames | null {
    return this.broken || this.pictures.length === 0 ? null : { from: this.from, pictures: this.pictures };
  }
}
