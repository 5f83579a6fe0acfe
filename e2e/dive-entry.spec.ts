/** The judge types the dive number and height; the app names the dive and gives its DD. */
import { expect, test } from 'vitest';
import { useAppSession } from './support/browser.ts';

const app = useAppSession();

test('a dive number and height give the name and DD; typing in the field never moves the video', async () => {
  const { page } = app;
  await page.getByTestId('dive-code').fill('107b');
  await page.getByTestId('dive-height').selectOption('3m');
  expect(await page.getByTestId('dive-name').textContent()).toBe('Forward 3½ Somersaults Pike');
  expect(await page.getByTestId('dive-dd').textContent()).toBe('DD 3.1');
  await page.getByTestId('dive-height').selectOption('10m');
  expect(await page.getByTestId('dive-dd').textContent()).toBe('DD 3.0');
});

test('a dive the tables do not allow at that height says why; an invalid code gets the rule message', async () => {
  const { page } = app;
  await page.getByTestId('dive-code').fill('626C');
  await page.getByTestId('dive-height').selectOption('3m');
  expect(await page.getByTestId('dive-name').textContent()).toBe('Armstand Back 3 Somersaults Tuck');
  expect(await page.getByTestId('dive-dd').count()).toBe(0);
  expect(await page.getByTestId('dive-problem').textContent()).toMatch(/platform-only/);
  await page.getByTestId('dive-code').fill('9999Z');
  expect(await page.getByTestId('dive-name').count()).toBe(0);
  expect((await page.getByTestId('dive-problem').textContent())?.length).toBeGreaterThan(5);
  expect(await page.getByTestId('dive-code').inputValue()).toBe('9999Z');
});
