/**
 * Whether a clip shows enough of the dive to judge it. A judge scores what they saw; the model can
 * only compare what the pose stage found. When the diver was found in fewer than half of the flight
 * frames (a clip with no person, a diver lost behind graphics, the wrong camera) the exemplar votes
 * would rest on interpolation and noise, so there is no score, and the message says why.
 * Framework-free.
 */
import type { FrameTransitions } from './stages.ts';
import { frameNumber } from '../video/frameTiming.ts';

/** The least share of flight frames in which the diver must be found for a score. */
export const MIN_FLIGHT_SEEN = 0.5;

export interface FlightVisibility {
  /** Flight frames (after take-off ends, before entry starts) in which the diver was found. */
  seen: number;
  frames: number;
}

export function flightVisibility(detected: ArrayLike<number>, transitions: FrameTransitions): FlightVisibility {
  const first = Math.max(0, transitions.takeOffEnd + 1);
  const last = Math.min(detected.length - 1, transitions.entryStart - 1);
  let seen = 0;
  for (let i = first; i <= last; i++) if (detected[i] === 1) seen++;
  return { seen, frames: Math.max(0, last - first + 1) };
}

/** Why this clip cannot be scored, in words, or null when the diver was seen enough. */
export function unjudgeableReason(detected: ArrayLike<number>, transitions: FrameTransitions): string | null {
  const { seen, frames } = flightVisibility(detected, transitions);
  if (frames === 0) return 'No score: the clip has no flight between take-off and entry to judge.';
  if (seen / frames >= MIN_FLIGHT_SEEN) return null;
  return `No score: the diver was seen in only ${seen} of the ${frames} flight frames, fewer than half, so the dive cannot be judged from this clip.`;
}

/**
 * Why the app cannot tell which diver to judge, or null. A second person of the diver's size seen
 * in at least two of the frames checked and in at least half of them (two divers side by side,
 * synchro) means the pose stage may have followed either: no score until the judge clicks the one
 * to judge. A judge or spectator glimpsed once does not count.
 */
export function otherDiverReason(check: { checked: number; frames: readonly number[] } | null): string | null {
  if (!check || check.frames.length < 2 || check.frames.length * 2 < check.checked) return null;
  const shown = check.frames.slice(0, 5).map(frameNumber).join(', ');
  return `No score: someone else of the diver's size is in view (frames ${shown}${check.frames.length > 5 ? ', …' : ''}), so the app cannot tell which diver to judge. Click “Pick the diver”, then click the diver to judge on the first frame.`;
}
