/**
 * What a judge reads off a scored dive, computed from the compare graph's outputs and the pack's
 * exemplar bank: the predicted score, the execution award it corresponds to and its band, an
 * uncertainty band from the spread of the exemplar votes, each stage's λ-weighted contribution
 * (as points, averaged over the voting exemplars), the waterfall from the exemplars' score to the
 * prediction, the splash estimate, and each exemplar's implied score. Framework-free.
 */
import { awardBand, awardForScore, scoreBounds, type AwardBand } from '../../domain/index.ts';
import { splashScoreFromAreaSeconds } from '../splash/index.ts';
import type { ExemplarRecord } from './pack.ts';
import type { ClipScore } from './packScorer.ts';
import { boundariesOnModelAxis, boundariesToFrames, type FrameTransitions } from './stages.ts';
import { confidenceReasons, widenedSpread, type ConfidenceInput } from './confidence.ts';

export interface StageContribution {
  stage: string;
  /** Mean over the voting exemplars, in award-sum units (sum of the 3 counted awards). */
  awardSum: number;
  /** The same in dive points (× DD). */
  points: number;
}

export interface ExemplarVoteView {
  /** Index in the pack's exemplar bank. */
  index: number;
  id: string;
  diveNumber: string;
  height: number;
  source: string;
  /** The exemplar's own official score (at its DD). */
  officialScore: number;
  /** Its award sum rescaled to the query's DD: the score the exemplar's execution earns on this dive. */
  scoreAtQueryDd: number;
  /** The query's score this exemplar votes for: (exemplar award sum + relative) × DD. */
  impliedScore: number;
  /** relative × DD: how many points better (+) or worse (−) the query is than this exemplar. */
  relativePoints: number;
}

export interface WaterfallStep {
  label: string;
  /** Bar from `start` to `end` (points). */
  start: number;
  end: number;
  kind: 'total' | 'gain' | 'loss';
}

export interface ScoreSummary {
  dd: number;
  /** Predicted dive score (points): mean award sum of the votes × DD. */
  predictedScore: number;
  predictedAwardSum: number;
  /** The award every counted judge would give for this score, to the half point, and unrounded. */
  awardEquivalent: number;
  awardExact: number;
  band: AwardBand;
  /** ± one standard deviation of the exemplar votes, in points, and the band it spans. */
  uncertainty: number;
  low: number;
  high: number;
  /** Mean of the voting exemplars' award sums × the query's DD: where the waterfall starts. */
  exemplarScore: number;
  stages: StageContribution[];
  /** Points of `relative` not explained by the stage terms (numerical; ~0). */
  unexplained: number;
  waterfall: WaterfallStep[];
  /**
   * Splash regression (eq. 22–23): each exemplar's splash (white-water area × time, diver-box
   * areas · s) plus the model's relative splash, averaged; and the same on the 0–10 scale of the
   * splash module (0 none, ~2 a rip entry, 8+ a crash).
   */
  splashAreaSeconds: number;
  splashEstimate: number;
  votes: ExemplarVoteView[];
  /** The vote as the model gave it, when it lay outside what the panel allows and the score was held at the limit; null otherwise. */
  unboundedScore?: number | null;
  /** ± the spread of the exemplar votes alone, points (`uncertainty` is this widened by the reasons below). */
  voteSpread?: number;
  /** Why this score is less certain than its vote spread says (confidence.ts), in a judge's words. */
  confidenceReasons?: string[];
  /** The model's own score (the exemplar vote, held inside what a panel can give). */
  modelScore?: number;
  /** The execution checklist's part of the score (CHECKLIST_SHARE), or null when it has too few items to count. */
  checklist?: ChecklistPart | null;
  /** On the encoder's own stages: how many likely splits the model's score averages, and the share of the one shown (null: the judge set the stages). */
  stageSplits?: { count: number; likeliestShare: number } | null;
  /** How many samplings of the clip's frames the model's score averages (inputs.ts, SAMPLING_SHIFTS); absent or 1: one. */
  samplings?: number;
}

/**
 * The score is the model's and the execution checklist's, half each: the award from measured
 * faults (src/pipeline/analysis/execution.ts) × 3 judges × DD, with the model's score. Equal
 * weight, not fitted (shares 0.3 and 0.7 were looked at on seeds 2026 and 2030). Simulated test
 * dives through the app's pipeline (`eval:app -- --node`, 2026-12-05), model alone → half and
 * half: seed 2026 SRCC 0.874 → 0.889, MAE 6.05 → 5.82; seed 2030 0.738 → 0.823, 7.87 → 6.46; seed
 * 2031, unseen when this was chosen, 0.814 → 0.819, 6.39 → 6.58. It ranks better everywhere, and a
 * judge can check half the score against the checklist's items (README, How far to trust the score).
 */
export const CHECKLIST_SHARE = 0.5;
/** Fewest counted checklist items for its award to take part in the score. */
export const CHECKLIST_MIN_ITEMS = 3;

export interface ChecklistPart {
  /** The award from measured faults, unrounded, and the points it stands for at this DD (× 3 judges). */
  award: number;
  score: number;
  /** Items the award rests on. */
  counted: number;
  share: number;
}

/** The model's own award (what it scored before the checklist's half was added). */
export function modelAwardOf(summary: Pick<ScoreSummary, 'predictedScore' | 'modelScore' | 'dd'>): number {
  return awardForScore(summary.modelScore ?? summary.predictedScore, { dd: summary.dd }).award;
}

/** What the model's score rests on for the stages, in words (null when the judge set them). */
export function stageSplitsText(summary: Pick<ScoreSummary, 'stageSplits' | 'samplings'>): string | null {
  const splits = summary.stageSplits;
  const samplings = summary.samplings ?? 1;
  const onSamplings = samplings > 1 ? ` It reads the clip ${samplings} ways — its frames as sampled, one frame earlier and one later — and averages them, since one frame of sampling can move a dive's score by a few points.` : '';
  if (!splits || splits.count < 2) return onSamplings ? onSamplings.trim() : null;
  return `The model's score averages its ${splits.count} likeliest splits of the dive into take-off, flight and entry, each weighted by how likely it is; the split on the timeline carries ${Math.round(100 * splits.likeliestShare)} % of the weight. Setting the stages yourself scores them as set.${onSamplings}`;
}

/** How the score was made, in a judge's words; null when the checklist had no part in it. */
export function scorePartsText(summary: Pick<ScoreSummary, 'predictedScore' | 'modelScore' | 'checklist' | 'dd'>): string | null {
  const part = summary.checklist;
  if (!part || summary.modelScore === undefined) return null;
  const model = Math.round((1 - part.share) * 100), faults = Math.round(part.share * 100);
  return `${model}% the model's score (${summary.modelScore.toFixed(2)}, from the exemplars) and ${faults}% the award from measured faults (${part.award.toFixed(2)} × 3 judges × DD ${summary.dd.toFixed(1)} = ${part.score.toFixed(2)}, from the ${part.counted} checklist items measured reliably).`;
}

/** What the score needs of an execution checklist: its award unrounded (`expectedAward`) and how many items it rests on. */
export interface ChecklistAward {
  expectedAward: number;
  counted: number;
}

/** What the score's confidence is judged from, beyond the votes (confidence.ts); absent, only the vote spread counts. */
export type ConfidenceContext = Omit<ConfidenceInput, 'spread' | 'bounded' | 'bank'>;

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The shown score from the model's score (already held inside the bounds) and the checklist's
 * award: CHECKLIST_SHARE of it from the award × 3 judges × DD when the checklist counts at least
 * CHECKLIST_MIN_ITEMS items, else the model's score alone.
 */
export function blendChecklist(modelScore: number, checklist: ChecklistAward | null, dd: number): { part: ChecklistPart | null; predictedScore: number } {
  const bounds = scoreBounds({ dd });
  const hold = (points: number) => Math.min(bounds.max, Math.max(bounds.min, points));
  const part: ChecklistPart | null = checklist && checklist.counted >= CHECKLIST_MIN_ITEMS ? { award: checklist.expectedAward, score: hold(checklist.expectedAward * 3 * dd), counted: checklist.counted, share: CHECKLIST_SHARE } : null;
  return { part, predictedScore: part ? hold((1 - part.share) * modelScore + part.share * part.score) : modelScore };
}

export function summariseScore(score: ClipScore, bank: readonly ExemplarRecord[], stageNames: readonly string[], dd: number, context?: ConfidenceContext, checklist?: ChecklistAward | null): ScoreSummary {
  const n = score.exemplars.length;
  const K = stageNames.length;
  const stages: StageContribution[] = stageNames.map((stage, k) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += score.stageScores[i * K + k] ?? 0;
    const awardSum = n > 0 ? sum / n : 0;
    return { stage, awardSum, points: awardSum * dd };
  });
  const votes: ExemplarVoteView[] = score.exemplars.map((index, i) => {
    const e = bank[index] as ExemplarRecord;
    const relative = score.relative[i] ?? 0;
    return {
      index,
      id: e.id,
      diveNumber: e.diveNumber,
      height: e.height,
      source: e.source,
      officialScore: e.officialScore,
      scoreAtQueryDd: e.awardSum * dd,
      impliedScore: (score.vote.perExemplar[i] ?? e.awardSum + relative) * dd,
      relativePoints: relative * dd,
    };
  });
  // No score the rules make impossible: the vote is held inside 0 … 30 × DD, and says so.
  const bounds = scoreBounds({ dd });
  const vote = score.vote.officialScore;
  const hold = (points: number) => Math.min(bounds.max, Math.max(bounds.min, points));
  const modelScore = hold(vote);
  const { part, predictedScore } = blendChecklist(modelScore, checklist ?? null, dd);
  const award = awardForScore(predictedScore, { dd });
  const bounded = modelScore !== vote;
  const reasons = context ? confidenceReasons({ ...context, bank, spread: score.vote.spread, bounded, ...(score.stageSplitSpread !== undefined ? { stageSplitSpread: score.stageSplitSpread } : {}) }) : [];
  const uncertainty = widenedSpread(score.vote.spread, reasons.length) * dd;
  const exemplarScore = mean(votes.map((v) => v.scoreAtQueryDd));
  const relativeMean = mean(Array.from(score.relative));
  const stageTotal = stages.reduce((a, s) => a + s.awardSum, 0);
  const waterfall: WaterfallStep[] = [{ label: 'Exemplars', start: 0, end: exemplarScore, kind: 'total' }];
  let level = exemplarScore;
  for (const s of stages) {
    waterfall.push({ label: s.stage, start: level, end: level + s.points, kind: s.points >= 0 ? 'gain' : 'loss' });
    level += s.points;
  }
  if (part) waterfall.push({ label: 'Checklist', start: modelScore, end: predictedScore, kind: predictedScore >= modelScore ? 'gain' : 'loss' });
  waterfall.push({ label: 'Predicted', start: 0, end: predictedScore, kind: 'total' });
  const splashVotes = score.exemplars.map((index, i) => (bank[index]?.splashScore ?? 0) + (score.relativeSplash[i] ?? 0));
  return {
    dd,
    predictedScore,
    predictedAwardSum: predictedScore / dd,
    awardEquivalent: award.award,
    awardExact: award.exact,
    band: awardBand(award.award),
    uncertainty,
    low: Math.max(bounds.min, predictedScore - uncertainty),
    high: Math.min(bounds.max, predictedScore + uncertainty),
    exemplarScore,
    stages,
    unexplained: (relativeMean - stageTotal) * dd,
    waterfall,
    splashAreaSeconds: Math.max(0, mean(splashVotes)),
    splashEstimate: splashScoreFromAreaSeconds(Math.max(0, mean(splashVotes))),
    votes,
    unboundedScore: bounded ? vote : null,
    voteSpread: score.vote.spread * dd,
    confidenceReasons: reasons,
    modelScore,
    checklist: part,
  };
}

/**
 * A transition the judge dragged (original frame indices) → the model-axis boundaries the compare
 * graph takes, plus the frames those boundaries stand for (the model sees `frameIndices` only, so
 * a drag snaps to the nearest gap between sampled frames).
 */
export function boundariesForEditedTransitions(transitions: FrameTransitions, frameIndices: readonly number[]): { boundaries: [number, number]; snapped: FrameTransitions } {
  const boundaries = boundariesOnModelAxis(transitions, frameIndices);
  return { boundaries, snapped: boundariesToFrames(boundaries, frameIndices) };
}

/**
 * Why a stage edit leaves the score as it was, or null when it moves a model boundary. The model
 * sees only the sampled frames (`frameIndices`); a transition moved within the gap between two of
 * them lands on the same boundary, so the comparison, and the score, cannot change.
 */
export function editBelowResolution(previous: FrameTransitions, next: FrameTransitions, frameIndices: readonly number[]): string | null {
  if (frameIndices.length < 3 || (previous.takeOffEnd === next.takeOffEnd && previous.entryStart === next.entryStart)) return null;
  const before = boundariesOnModelAxis(previous, frameIndices);
  const after = boundariesOnModelAxis(next, frameIndices);
  if (before[0] !== after[0] || before[1] !== after[1]) return null;
  const moved = previous.takeOffEnd !== next.takeOffEnd ? 0 : 1;
  const b = after[moved];
  const from = frameIndices[b - 1] ?? 0;
  const to = frameIndices[b] ?? from;
  const what = moved === 0 ? 'end of take-off' : 'start of entry';
  return `The model sees frames ${from + 1} and ${to + 1} here and none between: the ${what} moved within that gap, so the score stays the same. Move it past frame ${moved === 0 ? to + 1 : from + 1} to change it.`;
}

/** Keeps an edited pair of transitions valid: take-off ends before entry starts, inside the clip. */
export function clampTransitions(transitions: FrameTransitions, frameCount: number): FrameTransitions {
  const last = Math.max(2, frameCount - 1);
  const takeOffEnd = Math.min(Math.max(0, Math.round(transitions.takeOffEnd)), last - 2);
  const entryStart = Math.min(Math.max(takeOffEnd + 2, Math.round(transitions.entryStart)), last);
  return { takeOffEnd, entryStart };
}

export interface StageSegment {
  stage: string;
  /** First and last original frame of the stage (inclusive). */
  start: number;
  end: number;
}

/** The three stages as frame ranges, for the timeline. */
export function stageSegments(transitions: FrameTransitions, frameCount: number, stageNames: readonly string[]): StageSegment[] {
  const [a = 'take-off', b = 'flight', c = 'entry'] = stageNames;
  return [
    { stage: a, start: 0, end: transitions.takeOffEnd },
    { stage: b, start: transitions.takeOffEnd + 1, end: transitions.entryStart - 1 },
    { stage: c, start: transitions.entryStart, end: frameCount - 1 },
  ];
}

/** The per-stage chart both the panel and the PDF draw: its bars and its value axis. */
export interface StageChart {
  /** True: a waterfall from the exemplars' score to the prediction; false: one bar per stage from zero. */
  waterfall: boolean;
  bars: WaterfallStep[];
  /** Value-axis range (points, before rounding to ticks). */
  min: number;
  max: number;
  /**
   * A waterfall's totals dwarf the stage steps: when every level sits well above zero the axis is
   * zoomed onto them (the charts mark the break and say where the axis starts).
   */
  zoomed: boolean;
}

export function stageChart(summary: ScoreSummary): StageChart {
  const waterfall = summary.waterfall.length > 0;
  const bars: WaterfallStep[] = waterfall
    ? summary.waterfall.map((s) => ({ label: s.label, start: s.start, end: s.end, kind: s.kind }))
    : summary.stages.map((s) => ({ label: s.stage, start: 0, end: s.points, kind: s.points >= 0 ? 'gain' : 'loss' }));
  const levels = bars.flatMap((b) => (b.kind === 'total' ? [b.end] : [b.start, b.end])).filter(Number.isFinite);
  const vmin = Math.min(...levels);
  const vmax = Math.max(...levels);
  const zoomed = waterfall && levels.length > 0 && vmin > 0 && vmax - vmin < 0.5 * vmax;
  let min: number, max: number;
  if (zoomed) {
    const pad = Math.max((vmax - vmin) * 0.5, vmax * 0.02);
    min = vmin - pad;
    max = vmax + pad * 0.5;
  } else {
    const values = bars.flatMap((b) => [b.start, b.end]).filter(Number.isFinite);
    min = Math.min(0, ...values);
    max = Math.max(0, ...values);
  }
  if (max - min < 1e-9) max = min + 1;
  return { waterfall, bars, min, max, zoomed };
}
