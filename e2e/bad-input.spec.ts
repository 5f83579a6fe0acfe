/**
 * Bad files get a clear message naming the problem, and the clip the judge already had stays
 * loaded and usable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { BAD_FIXTURES, FIXTURE_FRAME_CODE } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { expectShownFrame, loadClipFile, waitForLoadToFinish } from './support/player.ts';

const app = useAppSession();
const fixture = (name: string) => join(inject('fixtureDir'), name);

beforeAll(async () => {
  await loadClipFile(app.page, fixture('h264.mp4'));
  await app.page.keyboard.press('Shift+ArrowRight');
  await expectShownFrame(app.page, FIXTURE_FRAME_CODE, 10);
});

async function expectOldClipStillWorks(page: Page): Promise<void> {
  expect(await page.getByTestId('clip-name').textContent()).toBe('h264.mp4');
  expect(await page.getByTestId('clip-frames').textContent()).toBe('60');
  await page.keyboard.press('ArrowRight');
  const frame = await expectShownFrame(page, FIXTURE_FRAME_CODE);
  await page.keyboard.press('ArrowLeft');
  await expectShownFrame(page, FIXTURE_FRAME_CODE, frame - 1);
}

const cases: Array<{ file: string; kind: string; says: RegExp }> = [
  { file: BAD_FIXTURES.notVideo, kind: 'not-a-video', says: /not a video file/ },
  { file: BAD_FIXTURES.garbage, kind: 'not-a-video', says: /not a video file/ },
  { file: BAD_FIXTURES.empty, kind: 'empty-file', says: /is empty \(0 bytes\)/ },
  { file: BAD_FIXTURES.truncatedNoIndex, kind: 'corrupt', says: /damaged or incomplete/ },
  { file: BAD_FIXTURES.truncatedData, kind: 'corrupt', says: /incomplete/ },
  { file: 'hevc.mp4', kind: 'unsupported-codec', says: /HEVC \(H\.265\), which this browser cannot decode/ },
];

describe('bad input', () => {
  test.each(cases)('$file → "$kind" message, previous clip kept', async ({ file, kind, says }) => {
    const { page } = app;
    await loadClipFile(page, fixture(file));
    const banner = page.getByTestId('clip-error');
    await banner.waitFor();
    expect(await banner.getAttribute('data-kind')).toBe(kind);
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(says);
    expect(text).toContain(file);
    expect(text).toContain('“h264.mp4” is still loaded');
    await expectOldClipStillWorks(page);
  });

  test('a bad file dropped on the page is refused the same way; a good one dropped replaces the clip', async () => {
    const { page } = app;
    const drop = async (name: string, type: string) => {
      const bytes = readFileSync(fixture(name)).toString('base64');
      const dataTransfer = await page.evaluateHandle(
        ({ bytes, name, type }) => {
          const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], name, { type }));
          return transfer;
        },
        { bytes, name, type },
      );
      await page.dispatchEvent('[data-testid="app"]', 'drop', { dataTransfer });
      await waitForLoadToFinish(page);
    };
    await drop(BAD_FIXTURES.notVideo, 'video/mp4');
    expect(await page.getByTestId('clip-error').getAttribute('data-kind')).toBe('not-a-video');
    await expectOldClipStillWorks(page);

    await drop('vp9.webm', 'video/webm');
    expect(await page.getByTestId('clip-error').count()).toBe(0);
    expect(await page.getByTestId('clip-name').textContent()).toBe('vp9.webm');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, 0);
  });

  test('the message can be dismissed', async () => {
    const { page } = app;
    await loadClipFile(page, fixture(BAD_FIXTURES.empty));
    await page.getByTestId('clip-error').waitFor();
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    expect(await page.getByTestId('clip-error').count()).toBe(0);
  });
});
