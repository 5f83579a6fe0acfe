/** What a person sees on the player, read from the page itself. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { frameCodeBlockCentres, readFrameCode, type FrameCodeLayout } from '../../scripts/lib/frameCode.ts';

export async function loadClipFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
  await waitForLoadToFinish(page);
}

export async function waitForLoadToFinish(page: Page): Promise<void> {
  // The veil appears while the clip is read; wait until it is gone.
  await page.waitForFunction(() => !document.querySelector('[data-testid="clip-loading"]'), undefined, { timeout: 30_000 });
}

/** Waits until the browser has presented the frame the transport asked for. */
export async function waitForSettledFrame(page: Page): Promise<number> {
  const counter = page.getByTestId('frame-counter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="frame-counter"]')?.getAttribute('data-seeking') === 'false',
    undefined,
    { timeout: 10_000 },
  );
  return Number(await counter.getAttribute('data-frame'));
}

/** Decodes the frame-index barcode from the pixels the <video> is showing right now. */
export async function readShownFrame(page: Page, layout: FrameCodeLayout): Promise<number> {
  const centres = frameCodeBlockCentres(layout);
  // A clip just opened may not have its first frame decoded yet (a loaded machine: CI read a black
  // picture, frame code 0, on a trimmed clip's first frame): read the pixels once there are some.
  await page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="video"]');
    return !!video && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && !video.seeking;
  }, undefined, { timeout: 10_000 });
  const luminance = await page.evaluate((points) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="video"]');
    if (!video) throw new Error('no video element');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(video, 0, 0);
    return points.map(({ x, y }) => {
      const data = ctx.getImageData(Math.round(x) - 2, Math.round(y) - 2, 5, 5).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
      return sum / (data.length / 4);
    });
  }, centres);
  return readFrameCode(luminance);
}

/** The counter's frame must be the decoded frame on screen. Returns it. */
export async function expectShownFrame(page: Page, layout: FrameCodeLayout, expected?: number): Promise<number> {
  const counterFrame = await waitForSettledFrame(page);
  const shown = await readShownFrame(page, layout);
  expect(shown, 'decoded frame on screen vs frame counter').toBe(counterFrame);
  if (expected !== undefined) expect(counterFrame).toBe(expected);
  return counterFrame;
}
