import { expect, test } from 'vitest';
import { describeDive } from './diveStore.ts';

test('a valid dive gets its name and DD for the height', () => {
  const dive = describeDive(' 107b ', '3m');
  expect(dive).toEqual({ code: '107B', height: '3m', name: 'Forward 3½ Somersaults Pike', dd: 3.1, problem: null });
  expect(describeDive('107B', '10m').dd).toBe(3);
});

test('an armstand dive on a springboard keeps its name and says why there is no DD', () => {
  const dive = describeDive('626C', '3m');
  expect(dive.name).toBe('Armstand Back 3 Somersaults Tuck');
  expect(dive.dd).toBeNull();
  expect(dive.problem).toMatch(/platform-only/);
});

test('an invalid code keeps what was typed and gives the rule message', () => {
  const dive = describeDive('7', '10m');
  expect(dive.code).toBe('7');
  expect(dive.name).toBeNull();
  expect(dive.problem).toBeTruthy();
  expect(describeDive('', '10m').problem).toBeNull();
});
