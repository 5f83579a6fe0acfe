/**
 * Frame ↔ time arithmetic. Frame i is shown from i/fps to (i+1)/fps after the first frame's
 * timestamp; seeking to the frame's centre lands on it reliably (seeking to a boundary can land
 * one frame late on some codecs, see the README's Browser runtime facts).
 */
export interface FrameClock {
  fps: number;
  frameCount: number;
  /** Presentation time of frame 0 in seconds, as the media element reports it (usually 0). */
  startTime: number;
}

export function clampFrame(clock: FrameClock, frame: number): number {
  if (!Number.isFinite(frame)) return 0;
  return Math.min(Math.max(0, Math.round(frame)), Math.max(0, clock.frameCount - 1));
}

/** Time to seek to so that `frame` is displayed: its centre. */
export function frameCentreTime(clock: FrameClock, frame: number): number {
  return clock.startTime + (clampFrame(clock, frame) + 0.5) / clock.fps;
}

/**
 * The frame whose presentation timestamp is `pts` (e.g. requestVideoFrameCallback's mediaTime).
 * Rounding, not flooring: WebM stores milliseconds, so frame 1 at 30 fps is stamped 0.033 s.
 */
export function frameOfTimestamp(clock: FrameClock, pts: number): number {
  return clampFrame(clock, Math.round((pts - clock.startTime) * clock.fps));
}

/**
 * The frame displayed at an arbitrary media time `t` (e.g. a click on the timeline). A small epsilon absorbs timestamps that are stored
 * a hair below the exact frame boundary (e.g. 29.97 fps in 1/90000 units).
 */
export function frameAtTime(clock: FrameClock, t: number): number {
  return clampFrame(clock, Math.floor((t - clock.startTime) * clock.fps + 1e-3));
}

const COMMON_RATES = [23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60, 100, 119.88, 120, 240];

/**
 * Containers store rates as rationals or as averages over packets; a measured 29.969 means the
 * NTSC 30000/1001. Snap to a standard rate when within 0.1%, else keep the measurement.
 */
export function snapFrameRate(measured: number): number {
  let best = measured;
  let bestError = 1e-3;
  for (const rate of COMMON_RATES) {
    const exact = Math.abs(rate - Math.round(rate)) > 1e-6 ? (Math.round(rate) * 1000) / 1001 : rate;
    const error = Math.abs(measured - exact) / exact;
    if (error < bestError) {
      best = exact;
      bestError = error;
    }
  }
  return best;
}

export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00.00';
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

/**
 * The number a person reads for frame index `index` (0-based everywhere in the code): the player
 * counts frames from 1 ("Frame 1 / 109"), so every frame named in words — the stage bar, the
 * checklist's notes and links, the PDF — says index + 1. Data exports keep the 0-based index.
 */
export function frameNumber(index: number): number {
  return index + 1;
}
