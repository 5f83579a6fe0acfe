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
 * checked on other seeds by `npm run check:footage`.
 *
 * A cross-dissolve does not stand out frame to frame: each frame is a blend a little further along.
 * It stands out against the frame CHANGE_LAG frames before, carried over by the camera path
 * (`lagChange`, splash/cameraPath.ts, read in the half of the picture that changed more): within
 * one shot only the diver, the splash and the edges of a fast zoom change, across a dissolve most
 * of the picture does. The rule (DISSOLVE_EXCESS) was set on 30 simulated dives with a 12-frame
 * dissolve near the entry (seed 2027), the 150 single-shot test dives (seed 2026; the largest
 * excess, 18.3 points, a fast pan and zoom into the splash) and the shared real 10 m clip's
 * dissolve (39.6). Since 2026-12-07 the change is read in the half of the picture that changed
 * more, and on a strip of overlap as small as a tenth of the picture (a fast pan down to a 10 m
 * entry), which parts the two: the 20-point line was kept, the largest single-shot excess then
 * reading 15.0 and the smallest dissolve's (seeds 2027 and 2029) 23.9, where the whole picture
 * read 15.1 and 10.1 (docs/measurements.md, *Dissolves during a fast pan*).
 */
import { median } from '../math/stats.ts';
import { CHANGE_LAG } from '../splash/cameraPath.ts';

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

/** The splash's reason when the clip cuts or dissolves to another camera at the entry (no view to measure it in). */
export const CUT_AT_ENTRY = 'cut-at-entry';

/** The splash's reason when the view of the entry ends (a cut, the clip's end) before the splash has settled: a part of it would read as a small splash. */
export const VIEW_ENDS_BEFORE_SPLASH = 'view-ends-before-splash';

export interface Shot {
  /** First and last frame of the shot (inclusive). */
  start: number;
  end: number;
}

/** A dissolve changes at least this many percentage points more of the picture over CHANGE_LAG frames than the clip's median frame does… */
export const DISSOLVE_EXCESS = 20;
/**
 * …on at least this many frames of a run (a gap of one frame allowed): the picture stays changed
 * after a dissolve, while a one-frame flash changes it only against the frames CHANGE_LAG either side.
 */
const DISSOLVE_MIN_FRAMES = 3;

/**
 * Frames that start a new shot (never 0): hard cuts from each frame's alignment residual with the
 * one before, and, given `lagChange`, the middle frame of each cross-dissolve.
 */
export function shotCuts(pairResidual: ArrayLike<number>, lagChange?: ArrayLike<number>): number[] {
  const { cuts, spikes } = hardCuts(pairResidual);
  if (!lagChange) return cuts;
  const merged = [...cuts];
  for (const d of dissolveCuts(lagChange, spikes)) if (merged.every((c) => Math.abs(c - d) >= MIN_SHOT_FRAMES)) merged.push(d);
  return merged.sort((a, b) => a - b);
}

/**
 * The middle frame of each cross-dissolve: a run of DISSOLVE_MIN_FRAMES or more frames whose
 * `lagChange` stands DISSOLVE_EXCESS over the clip's median, away from the frames compared across a
 * frame-to-frame spike (`spikes`: a hard cut, or a flash, where the camera path itself jumps, so
 * the CHANGE_LAG frames after it are compared with frames it misplaces). A dissolve over frames
 * d … e changes frames d + 1 … e + CHANGE_LAG against the frame CHANGE_LAG before: the run's middle
 * lies half the lag past the dissolve's.
 */
export function dissolveCuts(lagChange: ArrayLike<number>, spikes: readonly number[] = []): number[] {
  const values = Array.from(lagChange).filter(Number.isFinite);
  if (values.length === 0) return [];
  const usual = median(values);
  const out: number[] = [];
  let runStart = -1, runEnd = -1, runFrames = 0;
  const close = () => {
    if (runStart >= 0 && runFrames >= DISSOLVE_MIN_FRAMES) out.push(Math.max(1, Math.round((runStart + runEnd) / 2) - (CHANGE_LAG >> 1)));
    runStart = -1;
    runFrames = 0;
  };
  for (let i = 0; i < lagChange.length; i++) {
    const v = lagChange[i] as number;
    if (!Number.isFinite(v) || v - usual < DISSOLVE_EXCESS) continue;
    if (spikes.some((c) => i >= c && i <= c + CHANGE_LAG)) continue;
    if (runStart >= 0 && i - runEnd > 2) close();
    if (runStart < 0) runStart = i;
    runEnd = i;
    runFrames++;
  }
  close();
  return out;
}

/**
 * Frames that start a new shot by a hard cut, from each frame's alignment residual with the one
 * before, and every spike the rule saw (flashes included).
 */
function hardCuts(pairResidual: ArrayLike<number>): { cuts: number[]; spikes: number[] } {
  const n = pairResidual.length;
  const spikes: number[] = [];
  for (let i = 1; i < n; i++) {
    const r = pairResidual[i] as number;
    if (!Number.isFinite(r)) continue;
    const around: number[] = [];
    for (let j = Math.max(1, i - NEIGHBOURHOOD); j <= Math.min(n - 1, i + NEIGHBOURHOOD); j++) if (j !== i) around.push(pairResidual[j] as number);
    if (standsOut(r, around)) spikes.push(i);
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
  return { cuts, spikes };
}

/** Whether a frame's alignment residual `r` stands out from its neighbours' as a cut's does. */
function standsOut(r: number, around: readonly number[]): boolean {
  const usual = around.length ? median(around) : 0;
  return r - usual >= CUT_EXCESS && r >= CUT_RATIO * Math.max(2, usual);
}

/**
 * Whether frame `i` may start a new shot, as far as the frames up to it tell (the pose stage asks
 * while the frames come, to look for the diver afresh after a cut): its residual stands out from
 * the median of the NEIGHBOURHOOD frames before it as a hard cut's does. A flash also answers yes,
 * on its frame and the one after; `shotCuts` tells the two apart once the clip is whole.
 */
export function mayStartShot(pairResidual: ArrayLike<number>, i: number): boolean {
  const r = pairResidual[i];
  if (i < 1 || r === undefined || !Number.isFinite(r)) return false;
  const before: number[] = [];
  for (let j = Math.max(1, i - NEIGHBOURHOOD); j < i; j++) before.push(pairResidual[j] as number);
  // Two frames at least to stand out from: the clip's first frames have no shot of their own yet.
  return before.length >= 2 && standsOut(r, before);
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
