/**
 * Multi-exemplar voting (eq. 28): pick N exemplars of the same dive, add each one's relative score
 * (the compare graph's output) to its own score, and average. Scores live in "award sum" space
 * (official score ÷ DD, the sum of the counted judges' awards); the official score is that × DD.
 */
import type { ExemplarRecord } from './pack.ts';

/**
 * Up to n exemplars for a dive: same dive number (the paper's pairing rule), preferring the same
 * height, spread evenly over the exemplars' scores so the vote spans the quality range.
 * Deterministic: the same bank and dive always give the same choice. Returns bank indices.
 * A dive number the bank lacks falls back to the same group and position (first digit and
 * letter), then to the whole bank: `exemplarMatch` says which rule applies.
 */
export function selectExemplars(bank: readonly ExemplarRecord[], diveNumber: string, height: number | null, n: number, exclude?: (record: ExemplarRecord) => boolean): number[] {
  const wanted = diveNumber.toUpperCase();
  const rule = exemplarMatch(bank, wanted, exclude);
  const matches = (e: ExemplarRecord): boolean => {
    const number = e.diveNumber.toUpperCase();
    if (rule === 'same-dive-number') return number === wanted;
    if (rule === 'same-group-position') return number[0] === wanted[0] && number.at(-1) === wanted.at(-1);
    return true;
  };
  const candidates = bank.flatMap((e, i) => (matches(e) && !exclude?.(e) ? [i] : []));
  const sameHeight = height === null ? [] : candidates.filter((i) => bank[i]?.height === height);
  const pool = sameHeight.length >= Math.min(n, candidates.length) ? sameHeight : candidates;
  const sorted = [...pool].sort((a, b) => (bank[a]?.awardSum ?? 0) - (bank[b]?.awardSum ?? 0) || a - b);
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, k) => sorted[Math.floor(((k + 0.5) * sorted.length) / n)] as number);
}

/**
 * Voting over the pack's bank followed by the user's library (bank indices ≥ packCount): the
 * user's exemplars of the same dive number vote first (a coach adds them to be counted), then the
 * pack's fill the remaining places by `selectExemplars`. Library exemplars of other dives never
 * vote automatically.
 */
export function selectWithLibrary(all: readonly ExemplarRecord[], packCount: number, diveNumber: string, height: number | null, n: number, exclude?: (record: ExemplarRecord) => boolean): number[] {
  const wanted = diveNumber.toUpperCase();
  const library: number[] = [];
  for (let i = packCount; i < all.length; i++) {
    const e = all[i] as ExemplarRecord;
    if (e.diveNumber.toUpperCase() === wanted && !exclude?.(e)) library.push(i);
  }
  const sameHeight = height === null ? library : library.filter((i) => all[i]?.height === height);
  const mine = [...sameHeight, ...library.filter((i) => !sameHeight.includes(i))].slice(0, n);
  const fromPack = mine.length < n ? selectExemplars(all.slice(0, packCount), diveNumber, height, n - mine.length, exclude) : [];
  return [...mine, ...fromPack];
}

export type ExemplarRule = 'same-dive-number' | 'same-group-position' | 'any';

/** Which pairing rule `selectExemplars` will use for a dive number. */
export function exemplarMatch(bank: readonly ExemplarRecord[], diveNumber: string, exclude?: (record: ExemplarRecord) => boolean): ExemplarRule {
  const wanted = diveNumber.toUpperCase();
  const usable = bank.filter((e) => !exclude?.(e));
  if (usable.some((e) => e.diveNumber.toUpperCase() === wanted)) return 'same-dive-number';
  if (usable.some((e) => e.diveNumber[0] === wanted[0] && e.diveNumber.toUpperCase().at(-1) === wanted.at(-1))) return 'same-group-position';
  return 'any';
}

export interface Vote {
  /** Predicted sum of counted awards. */
  awardSum: number;
  /** awardSum × DD. */
  officialScore: number;
  /** Standard deviation of the per-exemplar predictions (award-sum units). */
  spread: number;
  /** Per exemplar: its award sum + the relative score. */
  perExemplar: number[];
}

/** Eq. 28 over the chosen exemplars' award sums and the compare graph's relative scores. */
export function vote(exemplarAwardSums: readonly number[], relativeScores: ArrayLike<number>, dd: number): Vote {
  if (exemplarAwardSums.length === 0) throw new Error('voting needs at least one exemplar');
  if (relativeScores.length !== exemplarAwardSums.length) throw new Error(`${relativeScores.length} relative scores for ${exemplarAwardSums.length} exemplars`);
  const perExemplar = exemplarAwardSums.map((s, i) => s + (relativeScores[i] ?? 0));
  const mean = perExemplar.reduce((a, b) => a + b, 0) / perExemplar.length;
  const spread = Math.sqrt(perExemplar.reduce((a, b) => a + (b - mean) ** 2, 0) / perExemplar.length);
  return { awardSum: mean, officialScore: mean * dd, spread, perExemplar };
}
