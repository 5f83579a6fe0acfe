/**
 * Judge-panel arithmetic (World Aquatics DV 9 / FINA D 8–9, 2017– rules).
 *
 * Individual events: 7 judges → the 2 highest and 2 lowest awards are cancelled, 5 judges → the
 * highest and the lowest; 3 judges → none. The remaining 3 awards are added and multiplied by the DD.
 * Synchronised events: 11 judges (3 execution judges per athlete + 5 synchronisation judges) → the
 * highest and lowest execution award of each athlete and the highest and lowest synchronisation award
 * are cancelled; 9 judges (2 + 2 execution + 5 synchronisation) → the highest and lowest of the 4
 * execution awards and of the synchronisation awards. The remaining 5 awards are added, multiplied by
 * the DD and by 3/5 (0.6).
 *
 * Arithmetic is done on integers (half points × DD tenths), so points are exact. With half-point awards
 * and a one-decimal DD every result has at most 2 decimals, so the rules' 2-decimal points never need
 * rounding; nothing is rounded here.
 */
import { assertValidAward } from './awards.ts';

export interface PanelOptions {
  /** Degree of difficulty (one decimal, e.g. 3.2). */
  readonly dd: number;
  /**
   * Synchronised event. With 11 awards the order is: execution judges of athlete A (3), of athlete B (3),
   * then synchronisation judges (5); with 9 awards: execution A (2), execution B (2), synchronisation (5).
   */
  readonly synchronised?: boolean;
  /** The awards are already the counted ones (e.g. datasets that store only the 3 or 5 counted awards). */
  readonly counted?: boolean;
}

export interface PanelBreakdown {
  /** Indices (into the awards given) of the counted awards, ascending. */
  readonly countedIndices: readonly number[];
  /** Indices of the cancelled awards, ascending. */
  readonly cancelledIndices: readonly number[];
  /** Sum of the counted awards. */
  readonly countedSum: number;
  /** 1 for individual events, 0.6 (3/5) for synchronised events. */
  readonly factor: number;
  readonly dd: number;
  /** Points for the dive (2 decimals at most). */
  readonly points: number;
  /** Points × 100, an exact integer. */
  readonly pointsHundredths: number;
}

export class InvalidPanelError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPanelError';
  }
}

/** DD in tenths as an integer. @throws InvalidPanelError unless positive with at most one decimal. */
export function ddTenths(dd: number): number {
  if (typeof dd !== 'number' || !Number.isFinite(dd) || dd <= 0) {
    throw new InvalidPanelError(`DD must be a positive number, got ${String(dd)}`);
  }
  const t = Math.round(dd * 10);
  if (Math.abs(t - dd * 10) > 1e-6) throw new InvalidPanelError(`DD has one decimal (e.g. 3.2), got ${dd}`);
  return t;
}

function halfPoints(awards: readonly number[]): number[] {
  return awards.map((award, i) => {
    assertValidAward(award, i + 1);
    return Math.round(award * 2);
  });
}

/**
 * Indices of `count` awards to cancel at each end of `indices`. Ties: the sum does not depend on which
 * of equal awards is cancelled; the cancelled ones are those of the earliest judges in the list.
 */
function cancelExtremes(values: readonly number[], indices: readonly number[], count: number): number[] {
  const byValue = [...indices].sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
  const lows = byValue.slice(0, count);
  const highs = [...indices]
    .sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b)
    .filter((i) => !lows.includes(i))
    .slice(0, count);
  return [...lows, ...highs];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

function cancelledFor(values: readonly number[], options: PanelOptions): number[] {
  const n = values.length;
  if (options.counted === true) {
    if (n === 0) throw new InvalidPanelError('no awards given');
    return [];
  }
  if (options.synchronised === true) {
    if (n === 11) {
      return [
        ...cancelExtremes(values, range(0, 3), 1),
        ...cancelExtremes(values, range(3, 6), 1),
        ...cancelExtremes(values, range(6, 11), 1),
      ];
    }
    if (n === 9) return [...cancelExtremes(values, range(0, 4), 1), ...cancelExtremes(values, range(4, 9), 1)];
    throw new InvalidPanelError(
      `synchronised panels have 11 or 9 judges, got ${n} awards; pass counted: true if these are the counted awards`,
    );
  }
  if (n === 7) return cancelExtremes(values, range(0, 7), 2);
  if (n === 5) return cancelExtremes(values, range(0, 5), 1);
  if (n === 3) return [];
  throw new InvalidPanelError(`individual panels have 7, 5 or 3 judges, got ${n} awards; pass counted: true if these are the counted awards`);
}

/**
 * Which awards count, which are cancelled, and the points.
 * @throws InvalidAwardError for an award that is not 0–10 in half points, InvalidPanelError for a bad panel or DD.
 */
export function panelBreakdown(awards: readonly number[], options: PanelOptions): PanelBreakdown {
  const values = halfPoints(awards);
  const tenths = ddTenths(options.dd);
  const cancelled = cancelledFor(values, options).sort((a, b) => a - b);
  const counted = range(0, values.length).filter((i) => !cancelled.includes(i));
  const sumHalves = counted.reduce((sum, i) => sum + (values[i] ?? 0), 0);
  const synchronised = options.synchronised === true;
  // points = (halves / 2) × (tenths / 10) [× 3/5]  →  in hundredths: halves × tenths × 5 [or × 3].
  const pointsHundredths = sumHalves * tenths * (synchronised ? 3 : 5);
  return {
    countedIndices: counted,
    cancelledIndices: cancelled,
    countedSum: sumHalves / 2,
    factor: synchronised ? 0.6 : 1,
    dd: tenths / 10,
    points: pointsHundredths / 100,
    pointsHundredths,
  };
}

/**
 * Points for a dive from the judges' awards.
 * @throws InvalidAwardError / InvalidPanelError as panelBreakdown.
 */
export function panelScore(awards: readonly number[], options: PanelOptions): number {
  return panelBreakdown(awards, options).points;
}

export interface SynchronisedAwards {
  /** Execution judges of the first athlete (3 with 11 judges, 2 with 9). */
  readonly executionA: readonly number[];
  /** Execution judges of the second athlete. */
  readonly executionB: readonly number[];
  /** Synchronisation judges (5). */
  readonly synchronisation: readonly number[];
}

/** Structured form of a synchronised panel (11 or 9 judges). */
export function synchronisedPanelBreakdown(awards: SynchronisedAwards, options: { readonly dd: number }): PanelBreakdown {
  const { executionA, executionB, synchronisation } = awards;
  const sizes = `${executionA.length}+${executionB.length}+${synchronisation.length}`;
  if (!(sizes === '3+3+5' || sizes === '2+2+5')) {
    throw new InvalidPanelError(`a synchronised panel has 3+3+5 or 2+2+5 judges (execution A + execution B + synchronisation), got ${sizes}`);
  }
  return panelBreakdown([...executionA, ...executionB, ...synchronisation], { dd: options.dd, synchronised: true });
}

export function synchronisedPanelScore(awards: SynchronisedAwards, options: { readonly dd: number }): number {
  return synchronisedPanelBreakdown(awards, options).points;
}

export interface AwardForScoreOptions {
  readonly dd: number;
  /** Panel size; every supported panel counts the equivalent of 3 awards (3 of 3/5/7, or 5 × 3/5 of 9/11). */
  readonly judges?: 3 | 5 | 7 | 9 | 11;
  readonly synchronised?: boolean;
}

export interface AwardForScore {
  /** The award, to the nearest half point within 0–10, that every counted judge would give for this score. */
  readonly award: number;
  /** The unrounded value: score / (3 × DD). */
  readonly exact: number;
}

/**
 * Inverse of the panel arithmetic, as a judge uses it: which execution award a (predicted) dive score
 * corresponds to. Under the current rules every panel is worth 3 × award × DD when all counted awards
 * are equal (individual: 3 counted; synchronised: 5 counted × 0.6), so exact = score / (3 × DD).
 */
export function awardForScore(score: number, options: AwardForScoreOptions): AwardForScore {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0) {
    throw new InvalidPanelError(`score must be a non-negative number, got ${String(score)}`);
  }
  const tenths = ddTenths(options.dd);
  const { judges, synchronised } = options;
  if (judges !== undefined) {
    const allowed = synchronised === true ? [9, 11] : [3, 5, 7];
    if (!allowed.includes(judges)) {
      throw new InvalidPanelError(`${synchronised === true ? 'synchronised' : 'individual'} panels have ${allowed.join(' or ')} judges, got ${judges}`);
    }
  }
  const hundredths = score * 100;
  // Exact when the score has 2 decimals: award = hundredths / (3 × 100 × DD) = hundredths / (30 × DD tenths).
  const exact = Math.abs(hundredths - Math.round(hundredths)) < 1e-6 ? Math.round(hundredths) / (30 * tenths) : score / (3 * (tenths / 10));
  const award = Math.min(10, Math.max(0, Math.round(exact * 2) / 2));
  return { award, exact };
}

/** Points when every counted judge gives `award` (the forward direction of awardForScore). */
export function scoreForAward(award: number, options: { readonly dd: number; readonly synchronised?: boolean }): number {
  assertValidAward(award);
  const awards = options.synchronised === true ? Array<number>(5).fill(award) : Array<number>(3).fill(award);
  return panelScore(awards, { dd: options.dd, synchronised: options.synchronised === true, counted: true });
}

/**
 * The points a dive can score at this DD: from every counted judge giving 0 to every one giving 10.
 * Every panel counts the equivalent of 3 awards (3 of 3, 5 or 7; synchronised 5 × 0.6 of 9 or 11),
 * so the range is 0 … 30 × DD whatever the panel size.
 */
export function scoreBounds(options: { readonly dd: number; readonly synchronised?: boolean }): { min: number; max: number } {
  return { min: scoreForAward(0, options), max: scoreForAward(10, options) };
}
