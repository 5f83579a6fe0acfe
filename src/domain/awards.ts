/**
 * Judges' awards: 0 to 10 in half points, and the words the rules attach to each band.
 */

export const AWARD_MIN = 0;
export const AWARD_MAX = 10;

export class InvalidAwardError extends RangeError {
  readonly award: unknown;
  constructor(award: unknown, message: string) {
    super(message);
    this.name = 'InvalidAwardError';
    this.award = award;
  }
}

/** Why the value is not a valid award, or null when it is. */
export function awardProblem(award: unknown): string | null {
  if (typeof award !== 'number' || Number.isNaN(award)) return `an award must be a number, got ${String(award)}`;
  if (!Number.isFinite(award)) return `an award must be finite, got ${award}`;
  if (award < AWARD_MIN || award > AWARD_MAX) return `an award must be between 0 and 10, got ${award}`;
  if (!Number.isInteger(award * 2)) return `awards are given in half points (0, 0.5, … 10), got ${award}`;
  return null;
}

export function isValidAward(award: unknown): award is number {
  return awardProblem(award) === null;
}

/** @throws InvalidAwardError naming the judge (1-based) when `judge` is given. */
export function assertValidAward(award: unknown, judge?: number): asserts award is number {
  const problem = awardProblem(award);
  if (problem !== null) {
    throw new InvalidAwardError(award, judge === undefined ? `Invalid award: ${problem}` : `Invalid award from judge ${judge}: ${problem}`);
  }
}

/** The award in half points (an integer 0–20), so that sums are exact. */
export function toHalfPoints(award: number): number {
  assertValidAward(award);
  return Math.round(award * 2);
}

export type AwardBand =
  | 'Excellent'
  | 'Very good'
  | 'Good'
  | 'Satisfactory'
  | 'Deficient'
  | 'Unsatisfactory'
  | 'Completely failed';

/** Bands from the rules (judging): lowest award of each band, highest first. */
export const AWARD_BANDS: readonly { readonly band: AwardBand; readonly from: number; readonly to: number }[] = [
  { band: 'Excellent', from: 10, to: 10 },
  { band: 'Very good', from: 8.5, to: 9.5 },
  { band: 'Good', from: 7, to: 8 },
  { band: 'Satisfactory', from: 5, to: 6.5 },
  { band: 'Deficient', from: 2.5, to: 4.5 },
  { band: 'Unsatisfactory', from: 0.5, to: 2 },
  { band: 'Completely failed', from: 0, to: 0 },
];

/**
 * The words for an award: 10 Excellent, 8½–9½ Very good, 7–8 Good, 5–6½ Satisfactory,
 * 2½–4½ Deficient, ½–2 Unsatisfactory, 0 Completely failed.
 * @throws InvalidAwardError for a value that is not an award.
 */
export function awardBand(award: number): AwardBand {
  assertValidAward(award);
  const found = AWARD_BANDS.find((b) => award >= b.from && award <= b.to);
  // Every half point 0–10 lies in exactly one band, so this is unreachable.
  if (found === undefined) throw new InvalidAwardError(award, `No band for award ${award}`);
  return found.band;
}
