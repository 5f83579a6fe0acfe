/**
 * Checks of the rules code against official results (FineDiving, MTL-AQA, 2022 World Juniors 1 m).
 * Pure: callers read the JSON files and pass the parsed values in (scripts/check-rules.ts, realData.test.ts).
 */
import { awardProblem } from './awards.ts';
import { DD_EDITIONS, HEIGHTS } from './ddTables.ts';
import type { EditionId, Height } from './ddTables.ts';
import { degreeOfDifficulty } from './difficulty.ts';
import { isValidDiveNumber, parseDiveNumber } from './diveNumber.ts';
import { ddTenths, panelBreakdown } from './panel.ts';

export type DatasetId = 'finediving' | 'mtl-aqa' | 'world-juniors-2022-1m';

export interface OfficialRecord {
  readonly dataset: DatasetId;
  readonly id: string;
  readonly event: string;
  readonly diveNumber: string;
  /** DD as the dataset records it. */
  readonly recordedDd: number;
  readonly awards: readonly number[];
  /** Official points for the dive. */
  readonly officialPoints: number;
  /** Null when the event does not say (MTL-AQA-era events named only by a number). */
  readonly height: Height | null;
  readonly synchronised: boolean;
  /** The dataset stores only the counted awards (3 individual, 5 synchronised). */
  readonly counted: boolean;
}

// ----------------------------------------------------------------------------- reading the datasets

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordsOf(raw: unknown, dataset: string): Json[] {
  if (!isObject(raw) || !Array.isArray(raw.records)) throw new TypeError(`${dataset}: expected an object with a "records" array`);
  return raw.records.map((r, i) => {
    if (!isObject(r)) throw new TypeError(`${dataset}: record ${i} is not an object`);
    return r;
  });
}

function str(r: Json, key: string, dataset: string): string {
  const v = r[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new TypeError(`${dataset}: field "${key}" missing in ${JSON.stringify(r).slice(0, 80)}`);
}

function num(r: Json, key: string, dataset: string): number {
  const v = r[key];
  if (typeof v !== 'number') throw new TypeError(`${dataset}: field "${key}" is not a number in ${JSON.stringify(r).slice(0, 80)}`);
  return v;
}

function numbers(r: Json, key: string, dataset: string): number[] {
  const v = r[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new TypeError(`${dataset}: field "${key}" is not a list of numbers`);
  return v as number[];
}

/** "3mMenSpringboardFinal…" → 3m, "…Women10mSynchronised…" → 10m; null for names like "01". */
export function heightFromEventName(event: string): Height | null {
  const match = /(?:^|[^\d.])(7\.5|10|1|3|5)m/i.exec(event);
  const found = match?.[1];
  return found === undefined ? null : (HEIGHTS.find((h) => h === `${found}m`) ?? null);
}

export function readFineDiving(raw: unknown): OfficialRecord[] {
  return recordsOf(raw, 'finediving').map((r) => {
    const event = str(r, 'event', 'finediving');
    const awards = numbers(r, 'judge_scores', 'finediving');
    const synchronised = /synchroni[sz]ed/i.test(event);
    return {
      dataset: 'finediving',
      id: str(r, 'id', 'finediving'),
      event,
      diveNumber: str(r, 'dive_number', 'finediving'),
      recordedDd: num(r, 'difficulty', 'finediving'),
      awards,
      officialPoints: num(r, 'dive_score', 'finediving'),
      height: heightFromEventName(event),
      synchronised,
      counted: synchronised ? awards.length === 5 : awards.length === 3,
    };
  });
}

export function readMtlAqa(raw: unknown): OfficialRecord[] {
  return recordsOf(raw, 'mtl-aqa').map((r) => {
    const id = str(r, 'id', 'mtl-aqa');
    return {
      dataset: 'mtl-aqa',
      id,
      event: id.split('/')[0] ?? id,
      diveNumber: str(r, 'dive_number', 'mtl-aqa'),
      recordedDd: num(r, 'difficulty', 'mtl-aqa'),
      awards: numbers(r, 'judge_scores', 'mtl-aqa'),
      officialPoints: num(r, 'final_score', 'mtl-aqa'),
      height: null,
      synchronised: false,
      counted: false,
    };
  });
}

export function readWorldJuniors(raw: unknown): OfficialRecord[] {
  return recordsOf(raw, 'world-juniors-2022-1m').map((r) => {
    const height = str(r, 'height', 'world-juniors-2022-1m');
    return {
      dataset: 'world-juniors-2022-1m',
      id: `${str(r, 'diver', 'world-juniors-2022-1m')}/${str(r, 'country', 'world-juniors-2022-1m')}/r${str(r, 'round', 'world-juniors-2022-1m')}`,
      event: `World Juniors 2022 ${height}`,
      diveNumber: str(r, 'dive_number', 'world-juniors-2022-1m'),
      recordedDd: num(r, 'difficulty', 'world-juniors-2022-1m'),
      awards: numbers(r, 'judge_scores', 'world-juniors-2022-1m'),
      officialPoints: num(r, 'points', 'world-juniors-2022-1m'),
      height: HEIGHTS.find((h) => h === height) ?? null,
      synchronised: false,
      counted: false,
    };
  });
}

// ----------------------------------------------------------------------------- panel arithmetic

export type MismatchCategory =
  | 'invalid-award'
  | 'restart-deduction'
  | 'dd-field-differs'
  | 'awards-differ'
  | 'points-rounded'
  | 'unexplained';

export const MISMATCH_DESCRIPTIONS: Readonly<Record<MismatchCategory, string>> = {
  'invalid-award': 'an award in the data is not 0–10 in half points (annotation noise)',
  'restart-deduction': 'official points = awards less 2 points each (restart/balk deduction, awards stored before it)',
  'dd-field-differs': 'official points were computed with another DD than the dataset records',
  'awards-differ': 'official points need other counted awards than the data holds (mis-transcribed award)',
  'points-rounded': 'official points in the data are rounded to 1 decimal',
  'unexplained': 'no single cause found (likely a typo in the points)',
};

export interface Reproduction {
  readonly record: OfficialRecord;
  readonly ok: boolean;
  /** Points from the awards and the recorded DD (null when an award is invalid). */
  readonly computed: number | null;
  readonly category: MismatchCategory | null;
  readonly detail: string;
}

const hundredthsOf = (points: number): number => Math.round(points * 100);
const isWhole = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-9;

/** Editions and heights (the record's, or 3 m and 10 m when unknown) whose table gives this DD to the dive. */
function tableMatches(record: OfficialRecord, dd: number): string[] {
  if (!isValidDiveNumber(record.diveNumber)) return [];
  const heights: Height[] = record.height === null ? ['3m', '10m'] : [record.height];
  return DD_EDITIONS.flatMap((edition) =>
    heights.filter((h) => degreeOfDifficulty(record.diveNumber, h, { edition: edition.id }) === dd).map((h) => `${edition.id} ${h}`),
  );
}

export function reproduce(record: OfficialRecord): Reproduction {
  const badAward = record.awards.map((a, i) => ({ i, problem: awardProblem(a) })).find((x) => x.problem !== null);
  if (badAward !== undefined) {
    return { record, ok: false, computed: null, category: 'invalid-award', detail: `judge ${badAward.i + 1}: ${badAward.problem ?? ''}` };
  }
  const breakdown = panelBreakdown(record.awards, { dd: record.recordedDd, synchronised: record.synchronised, counted: record.counted });
  const official = hundredthsOf(record.officialPoints);
  const base = { record, computed: breakdown.points };
  if (breakdown.pointsHundredths === official) return { ...base, ok: true, category: null, detail: '' };

  const perHalfTenth = record.synchronised ? 3 : 5; // hundredths per (half point × DD tenth)
  const sumHalves = breakdown.countedSum * 2;
  const tenths = ddTenths(record.recordedDd);
  const countedAwards = breakdown.countedIndices.length;
  const impliedHalves = official / (tenths * perHalfTenth);
  const impliedTenths = sumHalves > 0 ? official / (sumHalves * perHalfTenth) : Number.NaN;
  const awardsExplain = isWhole(impliedHalves);
  const ddExplains = isWhole(impliedTenths);
  if (awardsExplain && sumHalves - Math.round(impliedHalves) === 4 * countedAwards) {
    return { ...base, ok: false, category: 'restart-deduction', detail: `counted sum ${breakdown.countedSum} − 2 × ${countedAwards} = ${Math.round(impliedHalves) / 2}` };
  }
  const impliedDd = Math.round(impliedTenths) / 10;
  const matches = ddExplains ? tableMatches(record, impliedDd) : [];
  const ddDetail = `points imply DD ${impliedDd.toFixed(1)}, data says ${record.recordedDd.toFixed(1)}`;
  // A DD that a table gives this dive explains the points better than a changed award; otherwise prefer the award.
  if (matches.length > 0) {
    return { ...base, ok: false, category: 'dd-field-differs', detail: `${ddDetail} (table DD of ${record.diveNumber} in ${matches.join(', ')})` };
  }
  if (awardsExplain) {
    return {
      ...base,
      ok: false,
      category: 'awards-differ',
      detail: `counted awards sum to ${Math.round(impliedHalves) / 2} officially, ${breakdown.countedSum} in the data`,
    };
  }
  if (ddExplains) return { ...base, ok: false, category: 'dd-field-differs', detail: `${ddDetail} (no table gives it)` };
  const officialHasOneDecimal = isWhole(record.officialPoints * 10);
  if (officialHasOneDecimal && Math.abs(official - breakdown.pointsHundredths) <= 5) {
    return { ...base, ok: false, category: 'points-rounded', detail: `${breakdown.points} recorded as ${record.officialPoints}` };
  }
  return { ...base, ok: false, category: 'unexplained', detail: `computed ${breakdown.points}, official ${record.officialPoints}` };
}

export interface ReproductionSummary {
  readonly total: number;
  readonly reproduced: number;
  readonly byCategory: Readonly<Record<MismatchCategory, number>>;
  readonly mismatches: readonly Reproduction[];
}

export function summariseReproduction(records: readonly OfficialRecord[]): ReproductionSummary {
  const results = records.map(reproduce);
  const mismatches = results.filter((r) => !r.ok);
  const byCategory: Record<MismatchCategory, number> = {
    'invalid-award': 0,
    'restart-deduction': 0,
    'dd-field-differs': 0,
    'awards-differ': 0,
    'points-rounded': 0,
    'unexplained': 0,
  };
  for (const m of mismatches) if (m.category !== null) byCategory[m.category] += 1;
  return { total: records.length, reproduced: results.length - mismatches.length, byCategory, mismatches };
}

// ----------------------------------------------------------------------------- DD tables

export type DdCheckStatus =
  /** the table gives the recorded DD (at the record's height, or at 3 m or 10 m when the height is unknown) */
  | 'agree'
  /** synchronised rounds with a fixed DD of 2.0 (not a table value) */
  | 'fixed-dd'
  | 'disagree'
  /** the table has no value (e.g. armstand not in the observed list, no A value at that height) */
  | 'no-table-value'
  /** the dataset's dive number is not a valid code */
  | 'invalid-code';

export interface DdCheck {
  readonly record: OfficialRecord;
  readonly edition: EditionId;
  readonly status: DdCheckStatus;
  /** Heights checked: the record's, or 3 m and 10 m when unknown. */
  readonly heights: readonly Height[];
  /** Table DD per checked height (null: no value). */
  readonly tableDds: readonly (number | null)[];
  /** Heights whose table DD equals the recorded DD. */
  readonly matchedHeights: readonly Height[];
  readonly detail: string;
}

export function checkDd(record: OfficialRecord, edition: EditionId): DdCheck {
  const heights: Height[] = record.height === null ? ['3m', '10m'] : [record.height];
  const base = { record, edition, heights };
  let valid = true;
  let problem = '';
  try {
    parseDiveNumber(record.diveNumber);
  } catch (error) {
    valid = false;
    problem = error instanceof Error ? error.message : String(error);
  }
  if (!valid) return { ...base, status: 'invalid-code', tableDds: [], matchedHeights: [], detail: problem };
  const tableDds = heights.map((h) => degreeOfDifficulty(record.diveNumber, h, { edition }));
  const matchedHeights = heights.filter((_, i) => tableDds[i] === record.recordedDd);
  const shown = heights.map((h, i) => `${h} ${tableDds[i] ?? '—'}`).join(', ');
  if (matchedHeights.length > 0) return { ...base, status: 'agree', tableDds, matchedHeights, detail: shown };
  if (record.synchronised && record.recordedDd === 2.0) {
    return { ...base, status: 'fixed-dd', tableDds, matchedHeights, detail: `fixed DD 2.0 (table: ${shown})` };
  }
  if (tableDds.every((d) => d === null)) return { ...base, status: 'no-table-value', tableDds, matchedHeights, detail: shown };
  return { ...base, status: 'disagree', tableDds, matchedHeights, detail: `recorded ${record.recordedDd}, table ${shown}` };
}

export interface DdDisagreement {
  readonly diveNumber: string;
  /** "3m", or "3m|10m" when the height is unknown. */
  readonly heights: string;
  readonly recordedDd: number;
  readonly status: DdCheckStatus;
  readonly detail: string;
  readonly count: number;
  readonly exampleIds: readonly string[];
}

export interface DdSummary {
  readonly edition: EditionId;
  readonly total: number;
  readonly byStatus: Readonly<Record<DdCheckStatus, number>>;
  /** Distinct (dive, height, recorded DD) groups that do not agree, most frequent first. */
  readonly groups: readonly DdDisagreement[];
}

export function summariseDd(records: readonly OfficialRecord[], edition: EditionId): DdSummary {
  const checks = records.map((r) => checkDd(r, edition));
  const byStatus: Record<DdCheckStatus, number> = { agree: 0, 'fixed-dd': 0, disagree: 0, 'no-table-value': 0, 'invalid-code': 0 };
  const groups = new Map<string, { value: Omit<DdDisagreement, 'count' | 'exampleIds'>; ids: string[] }>();
  for (const check of checks) {
    byStatus[check.status] += 1;
    if (check.status === 'agree') continue;
    const heights = check.heights.join('|');
    const key = `${check.status}|${check.record.diveNumber}|${heights}|${check.record.recordedDd}`;
    const entry = groups.get(key) ?? {
      value: { diveNumber: check.record.diveNumber, heights, recordedDd: check.record.recordedDd, status: check.status, detail: check.detail },
      ids: [],
    };
    entry.ids.push(check.record.id);
    groups.set(key, entry);
  }
  const list = [...groups.values()]
    .map(({ value, ids }) => ({ ...value, count: ids.length, exampleIds: ids.slice(0, 4) }))
    .sort((a, b) => b.count - a.count || a.diveNumber.localeCompare(b.diveNumber));
  return { edition, total: records.length, byStatus, groups: list };
}

/**
 * For events without a height in their name: how many records agree with each edition's table
 * (at 3 m or 10 m), to see which edition an event was dived under.
 */
export function editionFitByEvent(records: readonly OfficialRecord[]): { event: string; total: number; agree: Readonly<Record<EditionId, number>> }[] {
  const events = new Map<string, OfficialRecord[]>();
  for (const r of records) events.set(r.event, [...(events.get(r.event) ?? []), r]);
  return [...events.entries()].map(([event, list]) => {
    const agree = Object.fromEntries(
      DD_EDITIONS.map((e) => [e.id, list.filter((r) => checkDd(r, e.id).status === 'agree').length]),
    ) as Record<EditionId, number>;
    return { event, total: list.length, agree };
  });
}
