/**
 * The splash of a whole clip, as the app feeds it to a pack: which frames to decode, at what size,
 * which diver box sizes the measurement, and the call to `measureSplash`. The scoring worker (real
 * clips, decoded by WebCodecs) and the trainer (rendered simulator frames, decoded by
 * @napi-rs/canvas) both go through here, so a pack is trained on the number the browser measures.
 */
import { DEFAULT_PRE_ENTRY_FRAMES, measureSplash } from './measure.ts';
import type { DiverBoxHint, RgbaFrame, SplashMeasurement } from './types.ts';

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

/** What to decode for a clip of `width`×`height` whose entry stage starts at `entryStart`. */
export function splashWindow(entryStart: number, width: number, height: number): SplashWindow {
  const scale = Math.min(1, SPLASH_MAX_WIDTH / width);
  return {
    from: Math.max(0, entryStart - DEFAULT_PRE_ENTRY_FRAMES),
    width: Math.max(2, Math.round(width * scale)),
    height: Math.max(2, Math.round(height * scale)),
    scale,
  };
}

/** A diver box in original pixels for frame f, or null where the diver was not found. */
export type BoxOfFrame = (frame: number) => { x1: number; y1: number; x2: number; y2: number } | null;

/**
 * Measures the splash of a clip. `frames` are the decoded frames from `window.from` to the end of
 * the clip at the window's size; the reference is the diver's last box before the entry.
 */
export function measureClipSplash(frames: readonly RgbaFrame[], entryStart: number, window: SplashWindow, fps: number, boxOf: BoxOfFrame): SplashMeasurement & { from: number } {
  const { from, scale } = window;
  let diverBox: DiverBoxHint | undefined;
  for (let f = Math.min(entryStart, from + frames.length) - 1; f >= from && !diverBox; f--) {
    const b = boxOf(f);
    if (b && [b.x1, b.y1, b.x2, b.y2].every(Number.isFinite)) diverBox = { x1: b.x1 * scale, y1: b.y1 * scale, x2: b.x2 * scale, y2: b.y2 * scale, frameIndex: f - from };
  }
  const measured = measureSplash(frames, { entryIndex: entryStart - from, fps, preEntryFrames: DEFAULT_PRE_ENTRY_FRAMES, ...(diverBox ? { diverBox } : {}) });
  return { ...measured, from };
}
