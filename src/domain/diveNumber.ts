/**
 * Dive numbers as the World Aquatics (FINA) diving rules define them.
 *
 * Groups 1–4 (forward, back, reverse, inward): three digits + position, e.g. 107B.
 *   digit 1 = group, digit 2 = 1 for a flying dive else 0, digit 3 = half somersaults.
 * Group 5 (twisting): four digits + position, e.g. 5253B.
 *   digit 2 = direction of the underlying dive (1–4), digit 3 = half somersaults, digit 4 = half twists.
 * Group 6 (armstand, platform only): three digits (626C) or, with twists, four (6243D).
 *   digit 2 = direction (1 forward, 2 back, 3 reverse), digit 3 = half somersaults, digit 4 = half twists.
 * Position: A straight, B pike, C tuck, D free (free is only for dives with twists).
 */

export type DiveGroup = 1 | 2 | 3 | 4 | 5 | 6;
export type Direction = 'forward' | 'back' | 'reverse' | 'inward';
export type Position = 'A' | 'B' | 'C' | 'D';
export type Entry = 'head-first' | 'feet-first';

export interface DiveNumber {
  /** Normalised code, e.g. "5253B". */
  readonly code: string;
  readonly group: DiveGroup;
  readonly groupName: string;
  /** Rotation/take-off direction; for twisting and armstand dives, the one named by digit 2. */
  readonly direction: Direction;
  readonly armstand: boolean;
  readonly twisting: boolean;
  readonly flying: boolean;
  readonly halfSomersaults: number;
  /** halfSomersaults / 2, e.g. 3.5 for 107B. */
  readonly somersaults: number;
  readonly halfTwists: number;
  readonly twists: number;
  readonly position: Position;
  readonly positionName: string;
  readonly entry: Entry;
  /** Human name, e.g. "Forward 3½ Somersaults Pike". */
  readonly name: string;
}

export class InvalidDiveNumberError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`Invalid dive number "${code}": ${message}`);
    this.name = 'InvalidDiveNumberError';
    this.code = code;
  }
}

export const GROUP_NAMES: Readonly<Record<DiveGroup, string>> = {
  1: 'Forward',
  2: 'Back',
  3: 'Reverse',
  4: 'Inward',
  5: 'Twisting',
  6: 'Armstand',
};

export const POSITION_NAMES: Readonly<Record<Position, string>> = {
  A: 'Straight',
  B: 'Pike',
  C: 'Tuck',
  D: 'Free',
};

const DIRECTION_BY_DIGIT: Readonly<Record<string, Direction>> = {
  '1': 'forward',
  '2': 'back',
  '3': 'reverse',
  '4': 'inward',
};

const DIRECTION_LABEL: Readonly<Record<Direction, string>> = {
  forward: 'Forward',
  back: 'Back',
  reverse: 'Reverse',
  inward: 'Inward',
};

function isPosition(letter: string): letter is Position {
  return letter === 'A' || letter === 'B' || letter === 'C' || letter === 'D';
}

/**
 * Parses and validates a dive number. Accepts surrounding whitespace and a lower-case
 * position letter; everything else must follow the rules exactly.
 * @throws InvalidDiveNumberError with a message naming the offending part.
 */
export function parseDiveNumber(input: string): DiveNumber {
  if (typeof input !== 'string') throw new InvalidDiveNumberError(String(input), 'a dive number must be a string');
  const raw = input.trim().toUpperCase();
  if (raw === '') throw new InvalidDiveNumberError(input, 'the code is empty');
  function fail(message: string): never {
    throw new InvalidDiveNumberError(raw, message);
  }

  const letter = raw.slice(-1);
  const digits = raw.slice(0, -1);
  if (/^\d+$/.test(raw)) fail('the position letter (A straight, B pike, C tuck, D free) is missing');
  if (!/^\d+$/.test(digits)) fail('expected 3 or 4 digits followed by a position letter A, B, C or D');
  if (!isPosition(letter)) fail(`"${letter}" is not a position; use A (straight), B (pike), C (tuck) or D (free)`);
  const position = letter as Position;
  if (digits.length < 3 || digits.length > 4) fail(`expected 3 or 4 digits, found ${digits.length}`);

  const groupDigit = digits[0] ?? '';
  const second = digits[1] ?? '';
  const halfSomersaults = Number(digits[2]);
  if (!/^[1-6]$/.test(groupDigit)) fail(`the first digit (group) must be 1–6, found ${groupDigit}`);
  const group = Number(groupDigit) as DiveGroup;
  if (halfSomersaults === 0) fail('the third digit (number of half somersaults) must be 1–9, found 0');

  let direction: Direction;
  let flying = false;
  let halfTwists = 0;

  if (group <= 4) {
    if (digits.length !== 3) {
      fail(`group ${group} (${GROUP_NAMES[group]}) dives have 3 digits; 4-digit numbers are for twisting (5) and armstand twisting (6) dives`);
    }
    if (second !== '0' && second !== '1') fail(`the second digit must be 0, or 1 for a flying dive, found ${second}`);
    direction = DIRECTION_BY_DIGIT[groupDigit] as Direction;
    flying = second === '1';
    if (flying && halfSomersaults < 2) fail('a flying dive needs at least one somersault (third digit 2 or more)');
    if (flying && (position === 'A' || position === 'D')) {
      fail('a flying dive is performed in position B (pike) or C (tuck) after the straight flying phase');
    }
    if (position === 'D') fail('position D (free) is only used for dives with twists');
  } else if (group === 5) {
    if (digits.length !== 4) fail('twisting (group 5) dives have 4 digits: 5, direction, half somersaults, half twists');
    const dir = DIRECTION_BY_DIGIT[second];
    if (dir === undefined) fail(`the second digit of a twisting dive is its direction 1–4 (forward, back, reverse, inward), found ${second}`);
    direction = dir as Direction;
    halfTwists = Number(digits[3]);
    if (halfTwists === 0) fail('a twisting dive needs at least a half twist (fourth digit 1–9); without twists use the group 1–4 number');
    // Position rules for twisting dives (World Aquatics DV 2 / FINA D 1.5).
    if (halfSomersaults === 1 && position === 'D') {
      fail('twisting dives with ½ somersault are performed in position A, B or C, not D');
    }
    if ((halfSomersaults === 2 || halfSomersaults === 3) && position !== 'D') {
      fail(`twisting dives with ${halfSomersaults === 2 ? '1' : '1½'} somersault${halfSomersaults === 2 ? '' : 's'} are performed in position D (free)`);
    }
    if (halfSomersaults >= 4 && (position === 'A' || position === 'D')) {
      fail('twisting dives with 2 or more somersaults are performed in position B (pike) or C (tuck)');
    }
  } else {
    if (!/^[123]$/.test(second)) fail(`the second digit of an armstand dive is its direction 1 (forward), 2 (back) or 3 (reverse), found ${second}`);
    direction = DIRECTION_BY_DIGIT[second] as Direction;
    if (digits.length === 4) {
      halfTwists = Number(digits[3]);
      if (halfTwists === 0) fail('the fourth digit (half twists) of an armstand dive must be 1–9; without twists use 3 digits');
    } else if (position === 'D') {
      fail('position D (free) is only used for dives with twists');
    }
  }

  const twisting = halfTwists > 0;
  const armstand = group === 6;
  const dive = {
    code: `${digits}${position}`,
    group,
    groupName: GROUP_NAMES[group],
    direction,
    armstand,
    twisting,
    flying,
    halfSomersaults,
    somersaults: halfSomersaults / 2,
    halfTwists,
    twists: halfTwists / 2,
    position,
    positionName: POSITION_NAMES[position],
    entry: entryOf(halfSomersaults, armstand),
  };
  return { ...dive, name: formatDiveName(dive) };
}

/** True when the code parses; never throws. */
export function isValidDiveNumber(code: string): boolean {
  try {
    parseDiveNumber(code);
    return true;
  } catch {
    return false;
  }
}

/** From a take-off the diver starts upright, from an armstand inverted. */
function entryOf(halfSomersaults: number, armstand: boolean): Entry {
  const odd = halfSomersaults % 2 === 1;
  return odd !== armstand ? 'head-first' : 'feet-first';
}

/** "3½", "½", "2"; with ascii: "3 1/2", "1/2". */
export function formatHalves(halves: number, ascii = false): string {
  const whole = Math.floor(halves / 2);
  const half = halves % 2 === 1;
  if (!half) return String(whole);
  const fraction = ascii ? '1/2' : '½';
  if (whole === 0) return fraction;
  return ascii ? `${whole} ${fraction}` : `${whole}${fraction}`;
}

export interface DiveNameParts {
  readonly direction: Direction;
  readonly armstand: boolean;
  readonly flying: boolean;
  readonly halfSomersaults: number;
  readonly halfTwists: number;
  readonly position: Position;
}

/**
 * Human name in the style of the rule book's dive tables:
 * 107B "Forward 3½ Somersaults Pike", 101A "Forward Dive Straight", 112B "Forward Flying Somersault Pike",
 * 5211A "Back Dive ½ Twist Straight", 6243D "Armstand Back 2 Somersaults 1½ Twists Free".
 */
export function formatDiveName(dive: DiveNameParts, options: { ascii?: boolean } = {}): string {
  const ascii = options.ascii ?? false;
  const parts: string[] = [];
  if (dive.armstand) parts.push('Armstand');
  parts.push(DIRECTION_LABEL[dive.direction]);
  if (dive.flying) parts.push('Flying');
  const h = dive.halfSomersaults;
  if (h === 1 && !dive.armstand) parts.push('Dive');
  else if (h === 2) parts.push('Somersault');
  else parts.push(`${formatHalves(h, ascii)} Somersault${h === 1 ? '' : 's'}`);
  if (dive.halfTwists > 0) {
    const t = dive.halfTwists;
    parts.push(`${formatHalves(t, ascii)} Twist${t <= 2 ? '' : 's'}`);
  }
  parts.push(POSITION_NAMES[dive.position]);
  return parts.join(' ');
}
