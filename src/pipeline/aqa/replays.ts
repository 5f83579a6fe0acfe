/**
 * Replays. A broadcast clip of a dive often cuts, after the entry, to the same dive again, in slow
 * motion (a high-speed camera's frames played at the broadcast rate) or from another camera at real
 * speed. The model knows one dive in real time: fed the replay too, it reads two dives squeezed into
 * one clip. So the analysis finds the replay and leaves it, and everything after it, out: a later
 * shot that plays in slow motion after one that played in real time, or a later shot that shows the
 * take-off again (a dive takes off once; takeOff.ts, `shotFlight`).
 *
 * A shot's time scale is read from the diver's fall (takeOff.ts, `shotSlowdown`): gravity fixes how
 * fast a body falls, so a shot played k times slower shows a fall k² times gentler. SLOW_MOTION was
 * set on the app's poses (Chromium) of 40 rendered test dives (seed 2026) followed by a replay at
 * half speed, and of the same 40 dives alone; with the reading as it is now (the whole flight),
 * those live shots read 0.89–1.07 and 0.85–1.22, the replays 1.79–2.11 (README, *Using it*,
 * slow-motion replays, for the other sets; docs/measurements.md, Footage, for how it was shaped).
 */
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import type { Shot } from '../video/shots.ts';
import { shotFlight } from './takeOff.ts';
import { underwaterViewStart } from './underwater.ts';

/** A shot playing at least this many times slower than real time is slow motion. */
export const SLOW_MOTION = 1.5;

/**
 * The part of a clip the analysis leaves out, from its first frame to the clip's end: a replay, or
 * (`view: 'underwater'`) a view of the diver under the water after the entry (underwater.ts).
 */
export interface ReplayLeftOut {
  start: number;
  end: number;
  /** How many times slower than real time the replay plays (its fall read against gravity's); 1 for an underwater view. */
  slowdown: number;
  view?: 'underwater';
}

export interface ClipTimeScale {
  /** The replay left out of the analysis, or null when the clip has none. */
  replay: ReplayLeftOut | null;
  /**
   * How many times slower than real time the analysed part plays, read on its first shot that
   * shows a fall; null when none does. Above SLOW_MOTION the whole clip is slow motion (a replay
   * saved alone), which the pack does not know: the score says so.
   */
  slowdown: number | null;
}

/**
 * The clip's time scale, shot by shot (`shots` from video/shots.ts): once a shot has shown a fall in
 * real time, the first later shot that shows one in slow motion starts the replay, as does, once a
 * shot has shown the take-off, the first later shot that shows it again; a view under the water
 * (underwater.ts) ends the live dive too, and a replay after it is left out with it. The analysed
 * part is what comes before.
 */
export function clipTimeScale(joints: readonly Float32Array[], path: ClipCameraPath, fps: number, shots: readonly Shot[]): ClipTimeScale {
  let slowdown: number | null = null;
  let tookOff = false;
  const underwater = underwaterViewStart(joints, path, fps, shots);
  for (const shot of shots) {
    if (underwater !== null && shot.start >= underwater) return { replay: { start: underwater, end: joints.length - 1, slowdown: 1, view: 'underwater' }, slowdown };
    const flight = shotFlight(joints, path, fps, shot);
    if (flight === null) continue;
    const k = flight.slowdown;
    if (slowdown === null) slowdown = k;
    // A replay follows a dive seen in real time (after a slow-motion shot, a slower one is no replay);
    // and a dive takes off once, so a later shot that shows the take-off again is one at any speed.
    else if ((slowdown < SLOW_MOTION && k >= SLOW_MOTION) || (tookOff && flight.fromTakeOff)) return { replay: { start: shot.start, end: joints.length - 1, slowdown: k }, slowdown };
    tookOff ||= flight.fromTakeOff;
  }
  return { replay: null, slowdown };
}

/** A replay left out, in a judge's words: how fast it plays and how it was told. */
export function replayDescription(replay: { slowdown: number; view?: 'underwater' | undefined }): string {
  if (replay.view === 'underwater') return 'an underwater view (the diver slowed by the water after the entry)';
  return replay.slowdown >= SLOW_MOTION
    ? `a slow-motion replay (about ${replay.slowdown.toFixed(1)}× slower than real time, read from the diver's fall)`
    : 'a replay at about real speed (the take-off shown again)';
}

/** What an analysis says of its clip's time scale (AnalysedClip, the stores' and a saved record's copies). */
export interface AnalysedTimeScale {
  replay?: { start: number; view?: 'underwater' | undefined } | null | undefined;
  slowdown?: number | null | undefined;
}

/**
 * How many times slower than real time the analysed frames play, as the analysis reads them: a clip
 * that is slow motion from its first fall on (a replay saved alone, no live part before it) is read
 * at its frame rate times this, so that its timings (the fall to the water, the splash's seconds,
 * a start in the air) are the dive's own. 1 for a clip seen in real time, and for the live part
 * before a replay.
 */
export function slowMotionFactor(time: AnalysedTimeScale): number {
  return (!time.replay || time.replay.view === 'underwater') && time.slowdown != null && time.slowdown >= SLOW_MOTION ? time.slowdown : 1;
}
