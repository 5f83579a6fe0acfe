/**
 * A judge opens the app, loads a sample with one click, and steps through a clip: the frame the
 * counter names must be the frame the browser decoded and shows (checked with the synthetic dive
 * fixture, which carries its frame index as a barcode).
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { inject } from 'vitest';
import { SYNTHETIC_DIVE } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { expectShownFrame, loadClipFile, waitForLoadToFinish } from './support/player.ts';

const SAMPLE_FRAME_CODE = SYNTHETIC_DIVE.frameCode;

const app = useAppSession();

describe('sample clip in the player', () => {
  test('the workspace greets a new user: empty stage, results panel, the bundled model pack', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('video-stage').textContent()).toContain('Drop a dive clip here');
    await page.getByTestId('pack-trained-on').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('active-pack').textContent()).toContain('simulated dives');
    expect(await page.getByTestId('results-panel').textContent()).toContain('Load a clip');
  });

  test('one click loads a simulated sample dive, with its dive number, name and DD filled in', async () => {
    const { page } = app;
    await page.getByTestId('load-sample').click();
    await waitForLoadToFinish(page);
    expect(await page.getByTestId('clip-name').textContent()).toBe('sim-407C-10m.mp4');
    expect(await page.getByTestId('clip-resolution').textContent()).toBe('640×360');
    expect(await page.getByTestId('clip-fps').textContent()).toBe('25 fps');
    expect(await page.getByTestId('sample-select').textContent()).toContain('(simulated)');
    expect(await page.getByTestId('dive-code').inputValue()).toBe('407C');
    expect(await page.getByTestId('dive-name').textContent()).toBe('Inward 3½ Somersaults Tuck');
    expect(await page.getByTestId('dive-dd').textContent()).toBe('DD 3.2');
    await page.getByTestId('sample-select').selectOption('sim-107B-3m');
    await page.getByTestId('load-sample').click();
    await waitForLoadToFinish(page);
    expect(await page.getByTestId('clip-name').textContent()).toBe('sim-107B-3m.mp4');
    expect(await page.getByTestId('dive-height').inputValue()).toBe('3m');
  });

  test('a clip file shows its metadata read from the file and starts on frame 0', async () => {
    const { page } = app;
    await loadClipFile(page, join(inject('fixtureDir'), SYNTHETIC_DIVE.file));
    expect(await page.getByTestId('clip-name').textContent()).toBe('synthetic-dive.mp4');
    expect(await page.getByTestId('clip-resolution').textContent()).toBe('640×360');
    expect(await page.getByTestId('clip-fps').textContent()).toBe('25 fps');
    expect(await page.getByTestId('clip-frames').textContent()).toBe('75');
    expect(await page.getByTestId('clip-duration').textContent()).toBe('0:03.00');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 0);
  });

  test('arrow keys step exactly one frame, Shift+arrows ten', async () => {
    const { page } = app;
    await page.keyboard.press('ArrowRight');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 1);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 6);
    await page.keyboard.press('Shift+ArrowRight');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 16);
    await page.keyboard.press('ArrowLeft');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 15);
    await page.keyboard.press('Shift+ArrowLeft');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 5);
  });

  test('? opens the shortcut list as a modal: it takes focus, arrows do not step the video under it, Esc closes it', async () => {
    const { page } = app;
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 5);
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('data-testid'))).toBe('shortcuts-dialog');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 5);
    await page.keyboard.press('ArrowRight');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 6);
    await page.keyboard.press('ArrowLeft');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 5);
  });

  test('every frame of the clip can be stepped to and is the one shown', async () => {
    const { page } = app;
    await page.keyboard.press('Home');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 0);
    for (let frame = 1; frame < 75; frame++) {
      await page.keyboard.press('ArrowRight');
      await expectShownFrame(page, SAMPLE_FRAME_CODE, frame);
    }
    // Stepping past the end stays on the last frame.
    await page.keyboard.press('ArrowRight');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 74);
  });

  test('End, Home and the scrubber land on exact frames', async () => {
    const { page } = app;
    await page.keyboard.press('Home');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 0);
    await page.keyboard.press('End');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 74);
    await page.getByTestId('scrubber').fill('37');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 37);
  });

  test('[ and ] change speed between 0.1× and 2×, and playback moves at that speed', async () => {
    const { page } = app;
    const rate = () => page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="video"]')?.playbackRate);
    for (let i = 0; i < 8; i++) await page.keyboard.press('[');
    expect(await page.getByTestId('rate-select').inputValue()).toBe('0.1');
    expect(await rate()).toBeCloseTo(0.1);
    for (let i = 0; i < 10; i++) await page.keyboard.press(']');
    expect(await page.getByTestId('rate-select').inputValue()).toBe('2');
    expect(await rate()).toBe(2);
    await page.getByTestId('rate-select').selectOption('0.25');
    expect(await rate()).toBe(0.25);

    // Play from frame 10 in slow motion; Space pauses; the counter then names the shown frame.
    await page.getByTestId('scrubber').fill('10');
    await expectShownFrame(page, SAMPLE_FRAME_CODE, 10);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-playing')).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('frame-counter').getAttribute('data-frame')), { timeout: 10_000 }).toBeGreaterThan(11);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-playing')).toBe('false');
    const paused = await expectShownFrame(page, SAMPLE_FRAME_CODE);
    expect(paused).toBeGreaterThan(11);
    // A quarter speed for well under the clip's length cannot have reached the end.
    expect(paused).toBeLessThan(74);
  });

  test('the speed setting survives a reload', async () => {
    const { page } = app;
    await page.reload();
    await page.getByTestId('app').waitFor();
    expect(await page.getByTestId('rate-select').inputValue()).toBe('0.25');
  });

  test('no request leaves the app and nothing logged an error', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
