/**
 * Degree of difficulty from dive number and height: DD = A + B + C + D + E
 * (A somersaults, B flight position, C twists, D approach, E unnatural entry).
 */
import { parseDiveNumber } from './diveNumber.ts';
import type { DiveNumber } from './diveNumber.ts';
import { HEIGHTS, apparatusOf, getEdition, pick, somersaultBand } from './ddTables.ts';
import type { Cell, EditionId, FormulaTables, Height } from './ddTables.ts';

export interface DdComponents {
  /** Somersaults, by height band. */
  readonly A: number;
  /** Flight position (plus the fly value for flying dives). */
  readonly B: number;
  /** Twists (0 for dives without twists). */
  readonly C: number;
  /** Approach. */
  readonly D: number;
  /** Unnatural entry (0 for twisting dives, which it does not apply to). */
  readonly E: number;
}

/**
 * formula: computed from component tables.
 * observed: no formula available (armstand); the DD seen in official results for this dive and height.
 */
export type DdBasis = 'formula' | 'observed';

/**
 * sourced: springboard component tables taken from the rules.
 * reconstructed: platform component tables rebuilt from older published rows and fitted to recorded DDs.
 * observed: value seen in official results.
 */
export type DdProvenance = 'sourced' | 'reconstructed' | 'observed';

export interface DdResult {
  readonly dive: DiveNumber;
  readonly height: Height;
  readonly edition: EditionId;
  /** The DD, or null when the tables do not give one (then `reason` says why). */
  readonly dd: number | null;
  readonly reason: string | null;
  /** The A..E values, when the DD comes from the formula. */
  readonly components: DdComponents | null;
  readonly basis: DdBasis | null;
  readonly provenance: DdProvenance | null;
}

export interface DdOptions {
  /** Rule edition id (see DD_EDITIONS); default: the current edition. */
  readonly edition?: string;
}

function assertHeight(height: string): asserts height is Height {
  if (!(HEIGHTS as readonly string[]).includes(height)) {
    throw new RangeError(`Unknown height "${height}"; expected one of ${HEIGHTS.join(', ')}`);
  }
}

/** Tenths as integers so that sums are exact. */
function tenths(value: number): number {
  return Math.round(value * 10);
}

/**
 * DD with its components, or null with the reason.
 * @throws InvalidDiveNumberError for a malformed code, RangeError for an unknown height or edition.
 */
export function degreeOfDifficultyDetailed(code: string | DiveNumber, height: Height, options: DdOptions = {}): DdResult {
  const dive = typeof code === 'string' ? parseDiveNumber(code) : code;
  assertHeight(height);
  const edition = getEdition(options.edition);
  const base = { dive, height, edition: edition.id };
  const none = (reason: string): DdResult => ({ ...base, dd: null, reason, components: null, basis: null, provenance: null });
  const apparatus = apparatusOf(height);

  if (dive.armstand) {
    if (apparatus === 'springboard') return none(`armstand dives (group 6) are platform-only; ${height} is a springboard`);
    const observed = edition.armstand[dive.code]?.[height];
    if (observed === undefined) {
      return none(
        `no DD for armstand dive ${dive.code} at ${height} in ${edition.label}: armstand component tables are not available to this implementation, only DDs observed in official results`,
      );
    }
    return { ...base, dd: observed, reason: null, components: null, basis: 'observed', provenance: 'observed' };
  }

  const tables: FormulaTables = edition[apparatus];
  const h = dive.halfSomersaults;
  const missing = (component: string, what: string): DdResult =>
    none(`${edition.label} ${apparatus} tables give no ${component} value for ${what} at ${height}`);
  const somersaultText = `${dive.somersaults} somersault${dive.somersaults === 1 ? '' : 's'}`;

  const a: Cell = tables.somersaults[height]?.[h] ?? null;
  if (a === null) return missing('A (somersaults)', somersaultText);

  const band = somersaultBand(h);
  if (band === null) return missing('B (flight position)', somersaultText);
  const positionValue = pick(tables.flightPosition[dive.position][band], dive.direction);
  if (positionValue === null) {
    return missing('B (flight position)', `position ${dive.position} (${dive.positionName}) with ${somersaultText} (${dive.direction})`);
  }
  let b = tenths(positionValue);
  if (dive.flying) {
    const fly = pick(tables.flightPosition.fly[band], dive.direction);
    if (fly === null) return missing('B (flying)', `a flying ${dive.direction} dive with ${somersaultText}`);
    b += tenths(fly);
  }

  let c = 0;
  if (dive.twisting) {
    const row = tables.twists(dive.halfTwists, h);
    const twist = row === null ? null : pick(row, dive.direction);
    if (twist === null) return missing('C (twists)', `${dive.twists} twist${dive.twists === 1 ? '' : 's'} with ${somersaultText} (${dive.direction})`);
    c = tenths(twist);
  }

  const approach = tables.approach(height, dive.direction, h);
  if (approach === null) return missing('D (approach)', `a ${dive.direction} dive with ${somersaultText}`);

  // E does not apply to twisting dives.
  let e = 0;
  if (!dive.twisting) {
    const entry = tables.unnaturalEntry[dive.direction][h] ?? null;
    if (entry === null) return missing('E (unnatural entry)', `${somersaultText} (${dive.direction})`);
    e = tenths(entry);
  }

  const parts = { A: tenths(a), B: b, C: c, D: tenths(approach), E: e };
  const total = parts.A + parts.B + parts.C + parts.D + parts.E;
  return {
    ...base,
    dd: total / 10,
    reason: null,
    components: { A: parts.A / 10, B: parts.B / 10, C: parts.C / 10, D: parts.D / 10, E: parts.E / 10 },
    basis: 'formula',
    provenance: apparatus === 'springboard' ? 'sourced' : 'reconstructed',
  };
}

/**
 * DD of a dive at a height, or null where the tables do not allow it (e.g. an armstand on a springboard).
 * @throws InvalidDiveNumberError for a malformed code, RangeError for an unknown height or edition.
 */
export function degreeOfDifficulty(code: string, height: Height, options: DdOptions = {}): number | null {
  return degreeOfDifficultyDetailed(code, height, options).dd;
}
