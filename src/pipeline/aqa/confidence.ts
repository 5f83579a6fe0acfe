/**
 * How far to trust one score, in words. The vote's spread is the model's own uncertainty; it says
 * nothing when the clip lies outside what the pack knows. Each reason below is something a judge
 * can check, and each widens the band the app shows (a convention, not a calibrated interval: the
 * band grows by half the vote spread per reason, and by at least half an award per counted judge).
 * Framework-free.
 */
import type { ExemplarRecord } from './pack.ts';
import type { FrameTransitions } from './stages.ts';
import { flightVisibility } from './judgeable.ts';
import { SLOW_MOTION } from './replays.ts';

/** Below this share of flight frames with the diver found, the score is less certain (below MIN_FLIGHT_SEEN there is none). */
export const WELL_SEEN_FLIGHT = 0.8;
/** Fewer exemplars of the dive number than this and the vote rests on few comparisons. */
export const FEW_EXEMPLARS = 5;
/** A vote spread above this (award-sum units: 1.5 awards per counted judge) means the exemplars disagree. */
export const DISAGREEING_SPREAD = 4.5;
/**
 * Above this spread of the likely stage splits' own votes (award-sum units: a third of an award
 * per counted judge), the score hangs on where the stages are. Chosen on 100 simulated training
 * dives (seed 11): the fifth of them above it erred by 8.4 points on average, the rest by 5.3.
 */
export const UNSURE_STAGES_SPREAD = 1;
/** Each reason widens the band by this share of the spread (and by at least WIDEN_FLOOR award-sum units). */
export const WIDEN_PER_REASON = 0.5;
export const WIDEN_FLOOR = 1.5;

export interface ConfidenceInput {
  /** Per frame, 1 where the pose stage found the diver (null when no pose is at hand, e.g. an imported analysis). */
  detected: ArrayLike<number> | null;
  transitions: FrameTransitions;
  frameCount: number;
  /** The voting bank (pack exemplars, then the library). */
  bank: readonly ExemplarRecord[];
  diveNumber: string;
  heightMetres: number | null;
  /** The model-axis boundaries used and the model's frame count (stage proportions). */
  boundaries: readonly [number, number];
  modelFrames: number;
  /** Spread of the votes, award-sum units. */
  spread: number;
  /** The vote lay outside what a panel can give and was held at the limit. */
  bounded: boolean;
  /** The clip starts with the diver in the air (takeOff.ts): there is no take-off to judge. */
  startsInFlight?: boolean;
  /** Spread of the likely stage splits' votes (award-sum units; ClipScore.stageSplitSpread), absent for stages a judge set. */
  stageSplitSpread?: number;
  /** How many times slower than real time the analysed frames play (replays.ts); null or absent when not measured. */
  slowdown?: number | null;
}

/** The reason given when the clip starts in the air; the score panel says what the score rests on from it. */
export const TAKE_OFF_NOT_IN_CLIP = 'the clip starts in the air: the take-off is not in it, so the score rests on the flight and the entry (the take-off stage was compared on the first frames of the flight)';

/** The reason given when the clip itself plays in slow motion (a replay saved alone). */
export function slowMotionReason(slowdown: number): string {
  return `the clip plays about ${slowdown.toFixed(1)}× slower than real time (a slow-motion replay?): its timings were read at that rate, but the model pack knows dives filmed in real time, so its stages and score may be off`;
}

/** The reasons this score is less certain than its vote spread says, each in a judge's words. */
export function confidenceReasons(input: ConfidenceInput): string[] {
  const reasons: string[] = [];
  if (input.bounded) reasons.push('the exemplar votes came to a score no panel can give, so this dive is likely outside what the model knows');
  if (input.startsInFlight) reasons.push(TAKE_OFF_NOT_IN_CLIP);
  if (input.slowdown != null && input.slowdown >= SLOW_MOTION) reasons.push(slowMotionReason(input.slowdown));
  if (input.detected && input.detected.length > 0) {
    const { seen, frames } = flightVisibility(input.detected, input.transitions);
    if (frames > 0 && seen / frames < WELL_SEEN_FLIGHT) reasons.push(`the diver was found in only ${seen} of the ${frames} flight frames`);
  }
  const sameDive = input.bank.filter((e) => e.diveNumber.toUpperCase() === input.diveNumber.toUpperCase());
  if (sameDive.length === 0) reasons.push(`the model pack has no exemplar of ${input.diveNumber}: it was compared with other dives`);
  else if (sameDive.length < FEW_EXEMPLARS) reasons.push(`the model pack has only ${sameDive.length} exemplar${sameDive.length === 1 ? '' : 's'} of ${input.diveNumber}`);
  if (sameDive.length > 0 && input.heightMetres !== null && !sameDive.some((e) => e.height === input.heightMetres)) reasons.push(`no exemplar of ${input.diveNumber} is from ${input.heightMetres} m`);
  if (sameDive.length >= 2) {
    // Stage proportions on the model's axis (the bank stores its boundaries there): outside every exemplar's, the stages are unlike anything the pack has seen.
    const flight = (b: readonly [number, number]) => (b[1] - b[0]) / Math.max(1, input.modelFrames);
    const known = sameDive.map((e) => flight(e.transitions)).filter((f) => f > 0);
    const mine = flight(input.boundaries);
    if (known.length >= 2) {
      const lo = Math.min(...known), hi = Math.max(...known);
      const margin = 1 / Math.max(1, input.modelFrames);
      if (mine < lo - margin || mine > hi + margin) reasons.push(`its flight takes ${(100 * mine).toFixed(0)} % of the clip, outside the ${(100 * lo).toFixed(0)}–${(100 * hi).toFixed(0)} % of the pack's ${input.diveNumber} exemplars (check the stages, or the clip's trimming)`);
    }
  }
  if (input.stageSplitSpread !== undefined && input.stageSplitSpread > UNSURE_STAGES_SPREAD) reasons.push(`where the stages begin and end is uncertain, and the likely splits score ±${(input.stageSplitSpread / 3).toFixed(1)} award per judge apart (check the stages on the timeline)`);
  if (input.spread > DISAGREEING_SPREAD) reasons.push(`the exemplars disagree: their votes spread over ±${(input.spread / 3).toFixed(1)} award per judge`);
  return reasons;
}

/** The band the app shows: the vote spread, widened for each reason (award-sum units). */
export function widenedSpread(spread: number, reasons: number): number {
  if (reasons === 0) return spread;
  return spread + reasons * Math.max(WIDEN_PER_REASON * spread, WIDEN_FLOOR);
}
