/**
 * Shots of a clip: broadcast footage cuts between cameras (platform, side, underwater) and to
 * replays. A cut is a frame that does not follow from the one before: after the best pan-and-zoom
 * alignment (splash/align.ts, run anyway for the camera path) its residual jumps far above the
 * shot's own. Within a shot the residual stays low however the camera moves — the alignment
 * undoes the pan and zoom, and a splash or a fast diver covers a small part of the picture.
 *
 * The rule was set on the alignment's residual (per-cell luma difference truncated at 40) of
 * simulated dives: a cut stands out from the median of the 6 frames on each side by at least 12
 * (40 dives cut to a second camera near the entry, seed 2027), a frame of one shot by at most 9.2
 * (150 single-shot test dives, seed 2026: fast pans, zooms, splashes), so the line is drawn
 * between; the bundled samples and the shared real broadcast clips stay well under it. It is
 * checked on other seeds by `npm run check:footage`. A gradual cross-dissolve does not stand out
 * and is not found (README, Footage).
 */
import { median } from '../math/stats.ts';

/** A cut's residual exceeds the median of the frames around it by at least this much… */
export const CUT_EXCESS = 10.5;
/** …and is at least this many times that median (a shot whose frames all align poorly is not cut everywhere). */
export const CUT_RATIO = 1.8;
/** Frames on each side whose residuals make the local median. */
const NEIGHBOURHOOD = 6;
/**
 * A "shot" shorter than this is one odd frame (a photographer's flash, a dropped or corrupt frame)
 * between two spikes, not a shot: its two cuts are dropped.
 */
export const MIN_SHOT_FRAMES = 3;

/** The splash's reason when the clip cuts to another camera at the entry (no view to measure it in). */
export const CUT_AT_ENTRY = 'cut-at-entry';

export interface Shot {
  /** First and last frame of the shot (inclusive). */
  start: number;
  end: number;
}

/** Frames that start a new shot (never 0), from each frame's alignment residual with the one before. */
export function shotCuts(pairResidual: ArrayLike<number>): number[] {
  const n = pairResidual.length;
  const spikes: number[] = [];
  for (let i = 1; i < n; i++) {
    const r = pairResidual[i] as number;
    if (!Number.isFinite(r)) continue;
    const around: number[] = [];
    for (let j = Math.max(1, i - NEIGHBOURHOOD); j <= Math.min(n - 1, i + NEIGHBOURHOOD); j++) if (j !== i) around.push(pairResidual[j] as number);
    const usual = around.length ? median(around) : 0;
    if (r - usual >= CUT_EXCESS && r >= CUT_RATIO * Math.max(2, usual)) spikes.push(i);
  }
  // Two spikes a frame or two apart bound a flash, not a shot.
  const cuts: number[] = [];
  for (let k = 0; k < spikes.length; k++) {
    const here = spikes[k] as number, next = spikes[k + 1];
    if (next !== undefined && next - here < MIN_SHOT_FRAMES) {
      k++;
      continue;
    }
    cuts.push(here);
  }
  return cuts;
}

/** The shots of a `frameCount`-frame clip cut at `cuts`. */
export function shotsOf(frameCount: number, cuts: readonly number[]): Shot[] {
  const starts = [0, ...cuts.filter((c) => c > 0 && c < frameCount)].sort((a, b) => a - b);
  return starts.map((start, i) => ({ start, end: (starts[i + 1] ?? frameCount) - 1 }));
}

/** The index of the shot holding `frame`. */
export function shotIndexOf(shots: readonly Shot[], frame: number): number {
  const i = shots.findIndex((s) => frame >= s.start && frame <= s.end);
  return i < 0 ? Math.max(0, shots.length - 1) : i;
}
