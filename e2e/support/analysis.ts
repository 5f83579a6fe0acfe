/** Waiting for an analysis in the page and reading its score (shared by the scoring and coach specs). */
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitForLoadToFinish } from './player.ts';

/** The predicted score, full precision (data-value). */
export async function predictedScore(page: Page): Promise<number> {
  return Number(await page.getByTestId('predicted-score').getAttribute('data-value'));
}

/** Waits until the analysis settles and expects it scored. */
export async function waitForScore(page: Page, timeout = 240_000): Promise<number> {
  await page.waitForFunction(
    () => {
      const status = document.querySelector('[data-testid="analysis-panel"]')?.getAttribute('data-status');
      return status === 'scored' || status === 'error' || status === 'encoded';
    },
    undefined,
    { timeout, polling: 100 },
  );
  const status = await page.getByTestId('analysis-panel').getAttribute('data-status');
  expect(status, (await page.getByTestId('analysis-panel').textContent()) ?? '').toBe('scored');
  return predictedScore(page);
}

export async function waitForScoreChange(page: Page, from: number, timeout = 30_000): Promise<number> {
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="predicted-score"]');
      return el !== null && Number(el.getAttribute('data-value')) !== previous;
    },
    from,
    { timeout, polling: 50 },
  );
  return predictedScore(page);
}

export async function stages(page: Page): Promise<Array<{ stage: string; start: number; end: number }>> {
  return page.$$eval('.stage-segment', (els) =>
    els.map((el) => ({ stage: el.textContent ?? '', start: Number(el.getAttribute('data-start')), end: Number(el.getAttribute('data-end')) })),
  );
}

/**
 * Clicks Analyze and waits for the new score, failing unless an analysis really ran (the panel went
 * through "running"; watched by a MutationObserver, so a run shorter than any polling interval is
 * still seen). Without that check an Analyze that did nothing would pass on the old score.
 */
export async function analyseAgain(page: Page): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { sawAnalysisRun: boolean; analysisRunObserver?: MutationObserver };
    w.sawAnalysisRun = false;
    w.analysisRunObserver?.disconnect();
    w.analysisRunObserver = new MutationObserver(() => {
      if (document.querySelector('[data-testid="analysis-panel"]')?.getAttribute('data-status') === 'running') w.sawAnalysisRun = true;
    });
    w.analysisRunObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });
  await page.getByTestId('analyze').click();
  await page.waitForFunction(() => (window as unknown as { sawAnalysisRun: boolean }).sawAnalysisRun, undefined, { timeout: 60_000, polling: 50 });
  return waitForScore(page);
}

/** The first sample (or the one chosen by id), analysed and scored. */
export async function loadSampleAndScore(page: Page, sampleId?: string): Promise<number> {
  await page.getByTestId('pack-trained-on').waitFor({ timeout: 60_000 });
  if (sampleId) await page.getByTestId('sample-select').selectOption(sampleId);
  await page.getByTestId('load-sample').click();
  await waitForLoadToFinish(page);
  return waitForScore(page);
}

/** Clicks a button that downloads a file and saves it to `path`. */
export async function download(page: Page, testId: string, path: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(testId).click()]);
  await file.saveAs(path);
  return file;
}

/**
 * The comparison's exemplar side as a PNG, after checking that it holds a skeleton and not a plain
 * ground (a pack exemplar has no video: its skeleton is all there is to see).
 */
export async function exemplarSkeletonDrawn(page: Page): Promise<string> {
  return page.locator('[data-testid="compare-exemplar"] canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D context');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // The skeleton's bones are coloured (drawSkeleton's LEVEL_COLOURS); the ground and any message are grey.
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0, g = data[i + 1] ?? 0, b = data[i + 2] ?? 0;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 100) coloured++;
    }
    if (coloured < 200) throw new Error(`the exemplar's skeleton is not drawn (${coloured} coloured pixels)`);
    return canvas.toDataURL();
  });
}
