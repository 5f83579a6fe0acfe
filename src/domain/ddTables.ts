/**
 * Component tables of the degree-of-difficulty formula DD = A + B + C + D + E,
 * one set per rule edition. Sources, evidence and known gaps: EDITIONS.md.
 *
 * Cells hold the published value, or null where the tables give no value
 * (an impossible combination, or one this reconstruction does not establish).
 */
import type { Direction, Position } from './diveNumber.ts';

export type Height = '1m' | '3m' | '5m' | '7.5m' | '10m';
export type Apparatus = 'springboard' | 'platform';
export type Cell = number | null;

export const HEIGHTS: readonly Height[] = ['1m', '3m', '5m', '7.5m', '10m'];

/** '7.5m' → 7.5 (exemplar banks and datasets store heights as numbers of metres). */
export function heightMetres(height: Height): number {
  return Number.parseFloat(height);
}

/** 7.5 → '7.5m'; null for a height no event uses. */
export function heightFromMetres(metres: number): Height | null {
  return HEIGHTS.find((h) => heightMetres(h) === metres) ?? null;
}

export function apparatusOf(height: Height): Apparatus {
  return height === '1m' || height === '3m' ? 'springboard' : 'platform';
}

/** Somersault ranges that the flight-position table (B) is laid out by. */
export type SomersaultBand = '0-1' | '1½-2' | '2½' | '3-3½' | '4-4½';

export function somersaultBand(halfSomersaults: number): SomersaultBand | null {
  if (halfSomersaults <= 2) return '0-1';
  if (halfSomersaults <= 4) return '1½-2';
  if (halfSomersaults === 5) return '2½';
  if (halfSomersaults <= 7) return '3-3½';
  if (halfSomersaults <= 9) return '4-4½';
  return null;
}

/** Per direction, in the order forward, back, reverse, inward. */
export type ByDirection = readonly [Cell, Cell, Cell, Cell];
const DIRECTION_INDEX: Readonly<Record<Direction, 0 | 1 | 2 | 3>> = { forward: 0, back: 1, reverse: 2, inward: 3 };
export function pick(row: ByDirection, direction: Direction): Cell {
  return row[DIRECTION_INDEX[direction]];
}

export interface FormulaTables {
  /** A: by height, indexed by half somersaults (index 0 unused). */
  readonly somersaults: Partial<Record<Height, readonly Cell[]>>;
  /** B: position (or 'fly', added to B or C for flying dives) × somersault band × direction. */
  readonly flightPosition: Readonly<Record<Position | 'fly', Readonly<Record<SomersaultBand, ByDirection>>>>;
  /** C: half twists → value for a dive of this many half somersaults, per direction. */
  readonly twists: (halfTwists: number, halfSomersaults: number) => ByDirection | null;
  /** D: approach by height, direction and half somersaults. */
  readonly approach: (height: Height, direction: Direction, halfSomersaults: number) => Cell;
  /** E: unnatural entry for non-twisting dives, per direction, indexed by half somersaults. */
  readonly unnaturalEntry: Readonly<Record<Direction, readonly Cell[]>>;
}

const X = null; // no value in the table

// ---------------------------------------------------------------------------------------------
// Springboard (1 m, 3 m): formula tables of the FINA Diving Rules 2017–2021 (Appendix 1), which
// the World Aquatics Competition Regulations 2025 (Appendix 8) repeat unchanged.
// ---------------------------------------------------------------------------------------------

const SPRINGBOARD_SOMERSAULTS: FormulaTables['somersaults'] = {
  //     ½    1    1½   2    2½   3    3½   4    4½
  '1m': [X, 1.1, 1.2, 1.6, 2.0, 2.4, 2.7, 3.0, 3.3, 3.8],
  '3m': [X, 1.3, 1.3, 1.5, 1.8, 2.2, 2.3, 2.8, 2.9, 3.5],
};

//                                   F     B     R     I
const FLIGHT_POSITION: FormulaTables['flightPosition'] = {
  C: {
    '0-1': [0.1, 0.1, 0.1, -0.3],
    '1½-2': [0.0, 0.0, 0.0, 0.1],
    '2½': [0.0, 0.1, 0.0, 0.2],
    '3-3½': [0.0, 0.0, 0.0, 0.3],
    '4-4½': [0.0, 0.1, 0.2, 0.4],
  },
  B: {
    '0-1': [0.2, 0.2, 0.2, -0.2],
    '1½-2': [0.1, 0.3, 0.3, 0.3],
    '2½': [0.2, 0.3, 0.2, 0.5],
    '3-3½': [0.3, 0.3, 0.3, 0.6],
    '4-4½': [0.4, 0.4, 0.5, 0.8],
  },
  A: {
    '0-1': [0.3, 0.3, 0.3, 0.1],
    '1½-2': [0.4, 0.5, 0.6, 0.8],
    '2½': [0.6, 0.7, 0.6, X],
    '3-3½': [X, X, X, X],
    '4-4½': [X, X, X, X],
  },
  D: {
    '0-1': [0.1, 0.1, 0.1, -0.1],
    '1½-2': [0.0, -0.1, -0.1, 0.2],
    '2½': [0.0, -0.1, -0.2, 0.4],
    '3-3½': [0.0, 0.0, 0.0, X],
    '4-4½': [X, X, X, X],
  },
  fly: {
    '0-1': [0.2, 0.1, 0.1, 0.4],
    '1½-2': [0.2, 0.2, 0.2, 0.5],
    '2½': [0.3, 0.3, 0.3, 0.7],
    '3-3½': [0.4, X, X, X],
    '4-4½': [X, X, X, X],
  },
};

interface TwistRows {
  /** ½ twist, by somersault range ½–1, 1½–2, 2½, 3–3½. */
  readonly half: Readonly<Record<'½-1' | '1½-2' | '2½' | '3-3½', ByDirection>>;
  /** 1½ and 2½ twists depend on whether the dive has up to 2 or 2½–3½ somersaults. */
  readonly oneAndHalf: Readonly<Record<'½-2' | '2½-3½', ByDirection>>;
  readonly twoAndHalf: Readonly<Record<'½-2' | '2½-3½', ByDirection>>;
  /** 1, 2, 3, 3½, 4, 4½ twists. */
  readonly other: Readonly<Record<2 | 4 | 6 | 7 | 8 | 9, ByDirection>>;
}

function twistTable(rows: TwistRows): FormulaTables['twists'] {
  return (halfTwists, halfSomersaults) => {
    if (halfSomersaults > 7) return null; // the twist table stops at 3½ somersaults
    if (halfTwists === 1) {
      const band = halfSomersaults <= 2 ? '½-1' : halfSomersaults <= 4 ? '1½-2' : halfSomersaults === 5 ? '2½' : '3-3½';
      return rows.half[band];
    }
    if (halfTwists === 3 || halfTwists === 5) {
      const band = halfSomersaults <= 4 ? '½-2' : '2½-3½';
      return (halfTwists === 3 ? rows.oneAndHalf : rows.twoAndHalf)[band];
    }
    if (halfTwists === 2 || halfTwists === 4 || halfTwists === 6 || halfTwists === 7 || halfTwists === 8 || halfTwists === 9) {
      return rows.other[halfTwists];
    }
    return null;
  };
}

const SPRINGBOARD_TWIST_ROWS: TwistRows = {
  //              F    B    R    I
  half: {
    '½-1': [0.4, 0.2, 0.2, 0.2],
    '1½-2': [0.4, 0.4, 0.4, 0.4],
    '2½': [0.4, 0.0, 0.0, 0.2],
    '3-3½': [0.4, 0.0, 0.0, 0.4],
  },
  oneAndHalf: { '½-2': [0.8, 0.8, 0.8, 0.8], '2½-3½': [0.8, 0.7, 0.6, 0.8] },
  twoAndHalf: { '½-2': [1.2, 1.2, 1.2, 1.2], '2½-3½': [1.2, 1.1, 1.0, 1.2] },
  other: {
    2: [0.6, 0.4, 0.4, 0.4],
    4: [1.0, 0.8, 0.8, 0.8],
    6: [1.5, 1.4, 1.4, 1.5],
    7: [1.6, 1.7, 1.8, 1.6],
    8: [1.9, 1.8, 1.8, 1.9],
    9: [2.0, 2.1, 2.1, 2.0],
  },
};

interface ApproachRow {
  /** Value for dives up to and including `splitAt` half somersaults, then the value above it. */
  readonly forward: readonly [Cell, Cell];
  readonly back: readonly [Cell, Cell];
  readonly reverse: readonly [Cell, Cell];
  readonly inward: readonly [Cell, Cell];
}
/** Where each direction's approach value changes (half somersaults): forward 3½|4, back/reverse 3|3½, inward 1|1½. */
const APPROACH_SPLIT: Readonly<Record<Direction, number>> = { forward: 7, back: 6, reverse: 6, inward: 2 };

function approachTable(rows: Partial<Record<Height, ApproachRow>>): FormulaTables['approach'] {
  return (height, direction, halfSomersaults) => {
    const row = rows[height];
    if (row === undefined) return null;
    const [upTo, above] = row[direction];
    return halfSomersaults <= APPROACH_SPLIT[direction] ? upTo : above;
  };
}

const SPRINGBOARD_APPROACH: Partial<Record<Height, ApproachRow>> = {
  '1m': { forward: [0.0, 0.5], back: [0.2, 0.6], reverse: [0.3, 0.5], inward: [0.6, 0.5] },
  '3m': { forward: [0.0, 0.3], back: [0.2, 0.4], reverse: [0.3, 0.3], inward: [0.3, 0.3] },
};

// Diver cannot see the water before a feet-first forward/inward entry or a head-first back/reverse entry.
//                                     ½    1    1½   2    2½   3    3½   4    4½
const ENTRY_FORWARD_INWARD: Cell[] = [X, 0.0, 0.1, 0.0, 0.2, 0.0, 0.2, 0.0, 0.2, 0.0];
const ENTRY_BACK_REVERSE: Cell[] = [X, 0.1, 0.0, 0.2, 0.0, 0.3, 0.0, 0.4, 0.0, 0.4];

const SPRINGBOARD_ENTRY: FormulaTables['unnaturalEntry'] = {
  forward: ENTRY_FORWARD_INWARD,
  inward: ENTRY_FORWARD_INWARD,
  back: ENTRY_BACK_REVERSE,
  reverse: ENTRY_BACK_REVERSE,
};

const SPRINGBOARD_2017: FormulaTables = {
  somersaults: SPRINGBOARD_SOMERSAULTS,
  flightPosition: FLIGHT_POSITION,
  twists: twistTable(SPRINGBOARD_TWIST_ROWS),
  approach: approachTable(SPRINGBOARD_APPROACH),
  unnaturalEntry: SPRINGBOARD_ENTRY,
};

// ---------------------------------------------------------------------------------------------
// Platform (5 m, 7.5 m, 10 m), groups 1–5: RECONSTRUCTED. The platform appendix itself was not
// available; A and D rows come from the published single-table formula (FINA 2001–2009), B, C, E
// from the springboard tables above, and the cells marked "fitted" were set so that every 10 m DD
// recorded in the 2017–2021 official results is reproduced. See EDITIONS.md.
// ---------------------------------------------------------------------------------------------

const PLATFORM_SOMERSAULTS: FormulaTables['somersaults'] = {
  //      ½    1    1½   2    2½   3    3½   4  4½
  '5m': [X, 1.1, 1.2, 1.6, 2.0, 2.4, 2.7, 3.0, X, X],
  '7.5m': [X, 1.3, 1.3, 1.5, 1.8, 2.2, 2.3, 2.8, X, 3.5],
  '10m': [X, 1.3, 1.4, 1.5, 1.9, 2.1, 2.5, 2.7, X, 3.5],
};

const PLATFORM_TWIST_ROWS: TwistRows = {
  ...SPRINGBOARD_TWIST_ROWS,
  // fitted: 5253B 10 m = 3.2 and 5255B 10 m = 3.6 need back 0.6 and 1.0 (springboard has 0.7 and 1.1).
  oneAndHalf: { '½-2': [0.8, 0.8, 0.8, 0.8], '2½-3½': [0.8, 0.6, 0.6, 0.8] },
  twoAndHalf: { '½-2': [1.2, 1.2, 1.2, 1.2], '2½-3½': [1.2, 1.0, 1.0, 1.2] },
};

const PLATFORM_APPROACH: Partial<Record<Height, ApproachRow>> = {
  '5m': { forward: [0.0, X], back: [0.2, 0.2], reverse: [0.3, 0.3], inward: [0.6, 0.5] },
  '7.5m': { forward: [0.0, X], back: [0.2, 0.2], reverse: [0.3, 0.3], inward: [0.3, 0.3] },
  // fitted: forward 4½ somersaults 0.2 (109C 10 m = 3.7, 109B = 4.1).
  '10m': { forward: [0.0, 0.2], back: [0.2, 0.2], reverse: [0.3, 0.3], inward: [0.3, 0.2] },
};

// fitted: reverse 2½ and 3½ somersaults 0.4 (305C 10 m = 2.8, 307C 10 m = 3.4).
const PLATFORM_ENTRY_REVERSE: Cell[] = [X, 0.1, 0.0, 0.2, 0.0, 0.4, 0.0, 0.4, 0.0, 0.4];

const PLATFORM_2017: FormulaTables = {
  somersaults: PLATFORM_SOMERSAULTS,
  flightPosition: FLIGHT_POSITION,
  twists: twistTable(PLATFORM_TWIST_ROWS),
  approach: approachTable(PLATFORM_APPROACH),
  unnaturalEntry: { ...SPRINGBOARD_ENTRY, reverse: PLATFORM_ENTRY_REVERSE },
};

// ---------------------------------------------------------------------------------------------
// Earlier edition (before the 2017–2021 rules): the 2017 tables with the cells changed that the
// DDs recorded in MTL-AQA's 2012–2016 official results require. Partial: other changes of that
// edition are unknown.
// ---------------------------------------------------------------------------------------------

const SPRINGBOARD_PRE_2017: FormulaTables = {
  ...SPRINGBOARD_2017,
  twists: twistTable({
    ...SPRINGBOARD_TWIST_ROWS,
    // 5253B 3 m was 3.3 (now 3.4).
    oneAndHalf: { '½-2': [0.8, 0.8, 0.8, 0.8], '2½-3½': [0.8, 0.6, 0.6, 0.8] },
    // 5337D 3 m was 3.4 (now 3.5).
    other: { ...SPRINGBOARD_TWIST_ROWS.other, 7: [1.6, 1.7, 1.7, 1.6] },
  }),
  // 207C 3 m was 3.5 (now 3.6).
  approach: approachTable({
    ...SPRINGBOARD_APPROACH,
    '3m': { forward: [0.0, 0.3], back: [0.2, 0.3], reverse: [0.3, 0.3], inward: [0.3, 0.3] },
  }),
};

const PLATFORM_PRE_2017: FormulaTables = {
  ...PLATFORM_2017,
  // 305C 10 m was 2.7 and 307C 10 m 3.3 (now 2.8 and 3.4).
  unnaturalEntry: { ...SPRINGBOARD_ENTRY, reverse: [X, 0.1, 0.0, 0.2, 0.0, 0.3, 0.0, 0.3, 0.0, 0.4] },
};

// ---------------------------------------------------------------------------------------------
// Armstand (group 6): the platform armstand columns could not be sourced, so armstand DDs are
// given only for dives whose DD was observed in official results (10 m), never computed.
// ---------------------------------------------------------------------------------------------

export type ReferenceDds = Readonly<Record<string, Partial<Record<Height, number>>>>;

const ARMSTAND_OBSERVED_2017: ReferenceDds = {
  '612B': { '10m': 1.9 },
  '614B': { '10m': 2.4 },
  '626B': { '10m': 3.5 },
  '626C': { '10m': 3.3 },
  '636C': { '10m': 3.4 },
  '6142D': { '10m': 3.1 },
  '6241B': { '10m': 2.7 },
  '6243D': { '10m': 3.2 },
  '6245D': { '10m': 3.6 },
};

const ARMSTAND_OBSERVED_PRE_2017: ReferenceDds = {
  ...ARMSTAND_OBSERVED_2017,
  '627C': { '10m': 3.3 },
};

// ---------------------------------------------------------------------------------------------

export type EditionId = 'wa-2022' | 'fina-2017' | 'fina-pre-2017';

export interface DdEdition {
  readonly id: EditionId;
  readonly label: string;
  /** Years of competition the edition applies to (as far as known). */
  readonly inForce: string;
  readonly springboard: FormulaTables;
  readonly platform: FormulaTables;
  readonly armstand: ReferenceDds;
  readonly notes: string;
}

export const DD_EDITIONS: readonly DdEdition[] = [
  {
    id: 'wa-2022',
    label: 'World Aquatics 2022– (current)',
    inForce: '2022 onwards (Diving Rules 2022–2025, Competition Regulations 2025)',
    springboard: SPRINGBOARD_2017,
    platform: PLATFORM_2017,
    armstand: ARMSTAND_OBSERVED_2017,
    notes:
      'Springboard tables as in Competition Regulations 2025 Appendix 8 (same values as 2017–2021); platform reconstructed; no difference from FINA 2017–2021 is known.',
  },
  {
    id: 'fina-2017',
    label: 'FINA 2017–2021',
    inForce: 'September 2017 – 2021 (Tokyo 2020 Olympics, 2019 World Championships, 2021 World Cup)',
    springboard: SPRINGBOARD_2017,
    platform: PLATFORM_2017,
    armstand: ARMSTAND_OBSERVED_2017,
    notes: 'Springboard tables of FINA Diving Rules 2017–2021 Appendix 1; platform reconstructed.',
  },
  {
    id: 'fina-pre-2017',
    label: 'FINA before 2017 (partial)',
    inForce: 'about 2012–2016, as recorded in MTL-AQA (London 2012 era)',
    springboard: SPRINGBOARD_PRE_2017,
    platform: PLATFORM_PRE_2017,
    armstand: ARMSTAND_OBSERVED_PRE_2017,
    notes:
      'The 2017 tables with the cells changed that 2012–2016 recorded DDs require (207C, 5253B, 5337D at 3 m; 305B/C, 307C at 10 m). Other differences of that edition are unknown.',
  },
];

export const CURRENT_EDITION: EditionId = 'wa-2022';
export const EDITION_IDS: readonly EditionId[] = DD_EDITIONS.map((e) => e.id);

export function getEdition(id: string = CURRENT_EDITION): DdEdition {
  const edition = DD_EDITIONS.find((e) => e.id === id);
  if (edition === undefined) {
    throw new RangeError(`Unknown DD edition "${id}"; known editions: ${EDITION_IDS.join(', ')}`);
  }
  return edition;
}
