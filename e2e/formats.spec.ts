/**
 * Each container/codec the app promises plays frame-exact: metadata read from the file, and
 * stepping shows the decoded frame the counter names (checked by the barcode in each clip).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { FIXTURE_FRAME_CODE, GOOD_FIXTURES } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { expectShownFrame, loadClipFile } from './support/player.ts';

const app = useAppSession();

const playable = GOOD_FIXTURES.filter((fx) => fx.codec !== 'hevc');

describe('clip formats', () => {
  test.each(playable)('$file loads with its own frame rate and steps frame-exact', async (fx) => {
    const { page } = app;
    await loadClipFile(page, join(inject('fixtureDir'), fx.file));
    expect(await page.getByTestId('clip-error').count()).toBe(0);
    expect(await page.getByTestId('clip-name').textContent()).toBe(fx.file);
    expect(await page.getByTestId('clip-resolution').textContent()).toBe('320×180');
    const fpsText = Number.isInteger(fx.fpsValue) ? `${fx.fpsValue} fps` : `${fx.fpsValue.toFixed(3)} fps`;
    expect(await page.getByTestId('clip-fps').textContent()).toBe(fpsText);
    expect(await page.getByTestId('clip-frames').textContent()).toBe(String(fx.frameCount));

    await expectShownFrame(page, FIXTURE_FRAME_CODE, 0);
    await page.keyboard.press('ArrowRight');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, 1);
    await page.keyboard.press('Shift+ArrowRight');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, 11);
    await page.keyboard.press('ArrowLeft');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, 10);
    await page.keyboard.press('End');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, fx.frameCount - 1);
    await page.keyboard.press('ArrowLeft');
    await expectShownFrame(page, FIXTURE_FRAME_CODE, fx.frameCount - 2);
  });

  test('no request left the app', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
