/**
 * A dive program: what the dive number and the height ask of the diver — direction, rotation sense,
 * take-off kind, somersaults and twists and in which order they come, entry, DD — and the
 * FineDiving sub-action labels its frames carry.
 *
 * View convention used everywhere in the simulator: the board or platform edge is at x = 0, the
 * water is toward +x, y is up (water surface y = 0), z points toward the camera. A positive
 * rotation is anticlockwise in that view.
 */
import { apparatusOf, degreeOfDifficultyDetailed, parseDiveNumber } from '@divejudge/core';
import type { Apparatus, DiveNumber, Height, Position } from '@divejudge/core';
import type { Random } from './random.ts';

/** FineDiving's sub-action vocabulary (`sub_action_types` of the published annotations). */
export const SUB_ACTION_TYPES: Readonly<Record<string, string>> = {
  '1': 'Forward', '2': 'Back', '3': 'Reverse', '4': 'Inward', '5': 'Arm.Forward', '6': 'Arm.Back', '7': 'Arm.Reverse',
  '12': '1 Som.Pike', '13': '1.5 Soms.Pike', '14': '2 Soms.Pike', '15': '2.5 Soms.Pike', '16': '3 Soms.Pike',
  '17': '3.5 Soms.Pike', '19': '4.5 Soms.Pike', '21': '1.5 Soms.Tuck', '22': '2 Soms.Tuck', '23': '2.5 Soms.Tuck',
  '24': '3 Soms.Tuck', '25': '3.5 Soms.Tuck', '27': '4.5 Soms.Tuck', '29': '0.5 Twist', '30': '1 Twist',
  '31': '1.5 Twists', '32': '2 Twists', '33': '2.5 Twists', '34': '3 Twists', '35': '3.5 Twists', '36': 'Entry',
  '37': '0.5 Som.Pike',
};

export const ENTRY_LABEL = 36;
const HALF_SOMERSAULT_LABEL = 37;

export type FlightPart = 'somersault' | 'twist';
export type ApproachKind = 'standing' | 'running' | 'armstand';

export interface DiveProgram {
  code: string;
  dive: DiveNumber;
  height: Height;
  apparatus: Apparatus;
  /** Board or platform top above the water, metres. */
  boardHeightM: number;
  dd: number;
  headFirst: boolean;
  /** +1 anticlockwise, −1 clockwise in the standard view. */
  rotationSign: 1 | -1;
  /** +1 when the chest faces +x (the water) in the upright reference pose (for armstands: the handstand turned upright). */
  facing: 1 | -1;
  startInverted: boolean;
  approach: ApproachKind;
  /** Order of the flight parts; twisting dives twist first (back, reverse, armstand) or between somersaults (forward, inward). */
  flightOrder: readonly FlightPart[];
  labels: { takeOff: number; somersault: number; twist: number | null; entry: number };
}

export const BOARD_HEIGHT_M: Readonly<Record<Height, number>> = { '1m': 1, '3m': 3, '5m': 5, '7.5m': 7.5, '10m': 10 };

function nearestLabel(wanted: number, available: readonly number[]): number {
  let best = available[0] ?? wanted;
  for (const a of available) if (Math.abs(a - wanted) < Math.abs(best - wanted)) best = a;
  return best;
}

/**
 * Somersault label for a dive: the full somersault count with the position family, as FineDiving
 * labels it (tuck → "n Soms.Tuck"; pike, straight and free → "n Soms.Pike"; a half somersault → 37).
 * Counts missing from the vocabulary (1 tuck, 4) take the nearest one of the same family.
 */
export function somersaultLabel(halfSomersaults: number, position: Position): number {
  if (halfSomersaults <= 1) return HALF_SOMERSAULT_LABEL;
  if (position === 'C') {
    const wanted = 18 + halfSomersaults;
    if (SUB_ACTION_TYPES[String(wanted)] !== undefined) return wanted;
    if (halfSomersaults === 2) return 12;
    return nearestLabel(wanted, [21, 22, 23, 24, 25, 27]);
  }
  const wanted = 10 + halfSomersaults;
  return SUB_ACTION_TYPES[String(wanted)] !== undefined ? wanted : nearestLabel(wanted, [12, 13, 14, 15, 16, 17, 19]);
}

export function twistLabel(halfTwists: number): number | null {
  if (halfTwists <= 0) return null;
  return Math.min(35, 28 + halfTwists);
}

export function takeOffLabel(dive: DiveNumber): number {
  const directionDigit = { forward: 1, back: 2, reverse: 3, inward: 4 }[dive.direction];
  return dive.armstand ? 4 + directionDigit : directionDigit;
}

export class UnsupportedDiveError extends Error {
  constructor(code: string, height: Height, reason: string) {
    super(`Cannot simulate ${code} at ${height}: ${reason}`);
    this.name = 'UnsupportedDiveError';
  }
}

/**
 * @throws InvalidDiveNumberError for a malformed code, UnsupportedDiveError when the DD tables give no
 * DD for this dive at this height (then the panel arithmetic has no multiplier).
 */
export function makeProgram(code: string, height: Height, options: { running?: boolean } = {}): DiveProgram {
  const dive = parseDiveNumber(code);
  const dd = degreeOfDifficultyDetailed(dive, height);
  if (dd.dd === null) throw new UnsupportedDiveError(dive.code, height, dd.reason ?? 'no DD');
  const apparatus = apparatusOf(height);

  let facing: 1 | -1;
  let rotationSign: 1 | -1;
  if (dive.armstand) {
    // Handstand at the edge: forward and reverse face the water, back faces the platform; the
    // reference pose is the handstand turned upright, so facing flips.
    facing = dive.direction === 'back' ? 1 : -1;
    rotationSign = dive.direction === 'reverse' ? 1 : -1;
  } else {
    facing = dive.direction === 'forward' || dive.direction === 'reverse' ? 1 : -1;
    // Forward and back dives turn the head away from the board (clockwise); reverse and inward toward it.
    rotationSign = dive.direction === 'forward' || dive.direction === 'back' ? -1 : 1;
  }

  let approach: ApproachKind;
  if (dive.armstand) approach = 'armstand';
  else if (dive.direction === 'back' || dive.direction === 'inward') approach = 'standing';
  else if (apparatus === 'springboard' || dive.direction === 'reverse') approach = 'running';
  else approach = options.running === true ? 'running' : 'standing';

  let flightOrder: FlightPart[] = ['somersault'];
  if (dive.twisting) {
    const twistFirst = dive.armstand || dive.direction === 'back' || dive.direction === 'reverse' || dive.halfSomersaults <= 1;
    flightOrder = twistFirst ? ['twist', 'somersault'] : ['somersault', 'twist', 'somersault'];
  }

  return {
    code: dive.code,
    dive,
    height,
    apparatus,
    boardHeightM: BOARD_HEIGHT_M[height],
    dd: dd.dd,
    headFirst: dive.entry === 'head-first',
    rotationSign,
    facing,
    startInverted: dive.armstand,
    approach,
    flightOrder,
    labels: {
      takeOff: takeOffLabel(dive),
      somersault: somersaultLabel(dive.halfSomersaults, dive.position),
      twist: twistLabel(dive.halfTwists),
      entry: ENTRY_LABEL,
    },
  };
}

/**
 * Dives and how often they are dived at each height. 10 m and 3 m follow FineDiving's counts
 * (World Championships, World Cup, European finals); 1 m follows the 2022 World Juniors 1 m list;
 * 5 m and 7.5 m (no data) take simple platform dives.
 */
export const DIVE_POOLS: Readonly<Record<Height, readonly (readonly [string, number])[]>> = {
  '10m': [
    ['407C', 347], ['107B', 160], ['307C', 233], ['5253B', 209], ['207C', 159], ['109C', 158], ['405B', 80],
    ['6243D', 107], ['5255B', 79], ['305C', 56], ['626C', 53], ['207B', 72], ['6245D', 32], ['5353B', 31],
    ['626B', 25], ['305B', 30], ['105B', 6], ['401B', 10], ['201B', 10], ['301B', 10], ['101B', 8],
    ['403B', 10], ['407B', 7], ['409C', 6], ['5355B', 3], ['612B', 5], ['614B', 3], ['636C', 5], ['6142D', 10],
  ],
  '3m': [
    ['107B', 164], ['5154B', 114], ['205B', 204], ['5152B', 94], ['305B', 54], ['405B', 53], ['5156B', 38],
    ['307C', 20], ['207C', 20], ['109C', 20], ['5337D', 23], ['103B', 36], ['5353B', 20], ['5255B', 20],
    ['401B', 26], ['201B', 58], ['301B', 77], ['101B', 14], ['403B', 14], ['405C', 16], ['205C', 16],
    ['305C', 20], ['107C', 16], ['5231D', 12], ['5132D', 9], ['5251B', 8], ['5235D', 7], ['5233D', 3], ['5172B', 3],
  ],
  '1m': [
    ['101B', 20], ['103B', 30], ['105B', 12], ['201B', 20], ['203B', 25], ['301B', 20], ['303B', 15], ['401B', 20],
    ['403B', 20], ['105C', 10], ['203C', 10], ['303C', 10], ['5132D', 15], ['5231D', 15], ['5331D', 10], ['5152B', 8],
    ['5221D', 8],
  ],
  '5m': [
    ['101B', 10], ['101C', 5], ['103B', 8], ['201B', 10], ['201C', 5], ['301B', 8], ['401B', 8], ['105C', 6],
    ['203C', 6], ['303C', 5], ['403C', 5], ['5132D', 5], ['5231D', 5],
  ],
  '7.5m': [
    ['101B', 6], ['103B', 8], ['105B', 6], ['201B', 6], ['203C', 6], ['301B', 6], ['303C', 6], ['401B', 6],
    ['403B', 6], ['105C', 6], ['5132D', 5], ['5231D', 5], ['205C', 5],
  ],
};

/** A dive number for this height, drawn with the pool weights; only dives the DD tables allow. */
export function chooseDiveCode(random: Random, height: Height): string {
  const pool = DIVE_POOLS[height].filter(([code]) => degreeOfDifficultyDetailed(code, height).dd !== null);
  if (pool.length === 0) throw new UnsupportedDiveError('any', height, 'no dive in the pool has a DD');
  return pool[random.weightedIndex(pool.map(([, w]) => w))]?.[0] ?? '101B';
}

export const SIM_HEIGHTS: readonly Height[] = ['1m', '3m', '5m', '7.5m', '10m'];

/** Heights drawn for a mixed run: mostly 10 m and 3 m like FineDiving. */
export function chooseHeight(random: Random): Height {
  return SIM_HEIGHTS[random.weightedIndex([0.1, 0.42, 0.03, 0.03, 0.42])] ?? '10m';
}
