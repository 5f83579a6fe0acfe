import { describe, expect, test } from 'vitest';
import { InvalidDiveNumberError, formatDiveName, isValidDiveNumber, parseDiveNumber } from './index.ts';

describe('parseDiveNumber', () => {
  test('forward 3½ somersaults pike', () => {
    const dive = parseDiveNumber('107B');
    expect(dive).toMatchObject({
      code: '107B',
      group: 1,
      groupName: 'Forward',
      direction: 'forward',
      flying: false,
      twisting: false,
      armstand: false,
      halfSomersaults: 7,
      somersaults: 3.5,
      halfTwists: 0,
      position: 'B',
      positionName: 'Pike',
      entry: 'head-first',
      name: 'Forward 3½ Somersaults Pike',
    });
  });

  test('twisting codes take their direction from the second digit', () => {
    expect(parseDiveNumber('5253B')).toMatchObject({
      group: 5,
      direction: 'back',
      twisting: true,
      somersaults: 2.5,
      twists: 1.5,
      name: 'Back 2½ Somersaults 1½ Twists Pike',
    });
    expect(parseDiveNumber('5132D').name).toBe('Forward 1½ Somersaults 1 Twist Free');
    expect(parseDiveNumber('5211A').name).toBe('Back Dive ½ Twist Straight');
    expect(parseDiveNumber('5337D')).toMatchObject({ direction: 'reverse', twists: 3.5, entry: 'head-first' });
    expect(parseDiveNumber('5431D')).toMatchObject({ direction: 'inward', halfSomersaults: 3, halfTwists: 1 });
  });

  test('flying dives (3 digits, second digit 1)', () => {
    const dive = parseDiveNumber('112B');
    expect(dive).toMatchObject({ flying: true, direction: 'forward', somersaults: 1, entry: 'feet-first' });
    expect(dive.name).toBe('Forward Flying Somersault Pike');
    expect(parseDiveNumber('113C').name).toBe('Forward Flying 1½ Somersaults Tuck');
    expect(parseDiveNumber('412C')).toMatchObject({ flying: true, direction: 'inward' });
  });

  test('armstand dives: direction digit, optional twists, head-first after whole somersaults', () => {
    expect(parseDiveNumber('626C')).toMatchObject({
      group: 6,
      armstand: true,
      direction: 'back',
      somersaults: 3,
      entry: 'head-first',
      name: 'Armstand Back 3 Somersaults Tuck',
    });
    expect(parseDiveNumber('6243D')).toMatchObject({ armstand: true, twisting: true, direction: 'back', somersaults: 2, twists: 1.5 });
    expect(parseDiveNumber('6243D').name).toBe('Armstand Back 2 Somersaults 1½ Twists Free');
    expect(parseDiveNumber('636C').direction).toBe('reverse');
    expect(parseDiveNumber('611A')).toMatchObject({ entry: 'feet-first', name: 'Armstand Forward ½ Somersault Straight' });
  });

  test('names of the simplest dives and entries', () => {
    expect(parseDiveNumber('101A').name).toBe('Forward Dive Straight');
    expect(parseDiveNumber('202C')).toMatchObject({ name: 'Back Somersault Tuck', entry: 'feet-first' });
    expect(parseDiveNumber('403B').name).toBe('Inward 1½ Somersaults Pike');
    expect(parseDiveNumber('309C').name).toBe('Reverse 4½ Somersaults Tuck');
  });

  test('accepts surrounding spaces and a lower-case position', () => {
    expect(parseDiveNumber(' 107b ').code).toBe('107B');
  });

  test('ASCII names', () => {
    expect(formatDiveName(parseDiveNumber('5253B'), { ascii: true })).toBe('Back 2 1/2 Somersaults 1 1/2 Twists Pike');
    expect(formatDiveName(parseDiveNumber('5211A'), { ascii: true })).toBe('Back Dive 1/2 Twist Straight');
  });

  const invalid: [string, RegExp][] = [
    ['', /empty/],
    ['107', /position letter .* is missing/],
    ['107E', /"E" is not a position/],
    ['ABCD', /3 or 4 digits followed by a position letter/],
    ['12B', /expected 3 or 4 digits, found 2/],
    ['10711B', /expected 3 or 4 digits, found 5/],
    ['707B', /first digit \(group\) must be 1–6, found 7/],
    ['1071B', /group 1 \(Forward\) dives have 3 digits/],
    ['100B', /half somersaults\) must be 1–9, found 0/],
    ['127B', /second digit must be 0, or 1 for a flying dive, found 2/],
    ['111B', /flying dive needs at least one somersault/],
    ['112A', /flying dive is performed in position B \(pike\) or C \(tuck\)/],
    ['107D', /position D \(free\) is only used for dives with twists/],
    ['525B', /twisting \(group 5\) dives have 4 digits/],
    ['5553B', /direction 1–4 .* found 5/],
    ['5250B', /needs at least a half twist/],
    ['5111D', /½ somersault are performed in position A, B or C/],
    ['5132B', /1½ somersaults are performed in position D/],
    ['5221C', /1 somersault are performed in position D/],
    ['5255D', /2 or more somersaults are performed in position B \(pike\) or C \(tuck\)/],
    ['5253A', /2 or more somersaults/],
    ['646C', /armstand dive is its direction 1 \(forward\), 2 \(back\) or 3 \(reverse\), found 4/],
    ['601A', /armstand dive is its direction .* found 0/],
    ['612D', /position D \(free\) is only used for dives with twists/],
    ['6240D', /half twists\) of an armstand dive must be 1–9/],
  ];

  test.each(invalid)('rejects %s with a precise message', (code, message) => {
    expect(() => parseDiveNumber(code)).toThrow(InvalidDiveNumberError);
    expect(() => parseDiveNumber(code)).toThrow(message);
    expect(isValidDiveNumber(code)).toBe(false);
  });

  test('the error carries the offending code', () => {
    try {
      parseDiveNumber('5255D');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDiveNumberError);
      expect((error as InvalidDiveNumberError).code).toBe('5255D');
      expect((error as Error).message).toMatch(/^Invalid dive number "5255D": /);
    }
  });
});
