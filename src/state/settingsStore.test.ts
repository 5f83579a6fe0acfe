import { expect, test } from 'vitest';
import { PLAYBACK_RATES, nextRate } from './settingsStore.ts';

test('slow-motion steps walk the rate ladder and stop at 0.1× and 2×', () => {
  expect(nextRate(1, 1)).toBe(1.5);
  expect(nextRate(1, -1)).toBe(0.75);
  expect(nextRate(0.1, -1)).toBe(0.1);
  expect(nextRate(2, 1)).toBe(2);
  expect(nextRate(0.3, 1)).toBe(1.5); // an unknown rate restarts from 1×
  expect(PLAYBACK_RATES[0]).toBe(0.1);
  expect(PLAYBACK_RATES.at(-1)).toBe(2);
});
