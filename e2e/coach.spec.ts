/**
 * A coach compares and keeps exemplars: two sample dives side by side under one transport; with
 * the stage-aligned mode both players always show the same stage; overlay and layouts; then the
 * 407C sample goes into the personal library with its official score, survives a reload, and votes
 * for another clip of the same dive; delete with undo, export and import of the library.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { download, exemplarSkeletonDrawn, loadSampleAndScore, waitForScore } from './support/analysis.ts';
import { SAMPLE_CUT } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { waitForLoadToFinish } from './support/player.ts';

const scratch = mkdtempSync(join(tmpdir(), 'divejudge-coach-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Shown {
  frame: string | null;
  stage: string | null;
}

async function shown(page: Page, testId: string): Promise<Shown> {
  const el = page.getByTestId(testId);
  return { frame: await el.getAttribute('data-frame'), stage: await el.getAttribute('data-stage') };
}

/** Moves the comparison to a position and waits until both players have drawn their frames. */
async function showPosition(page: Page, position: number): Promise<{ query: Shown; exemplar: Shown }> {
  await page.getByTestId('compare-scrubber').fill(String(position));
  await page.waitForFunction(
    (p) => {
      const q = document.querySelector('[data-testid="compare-query"]');
      const e = document.querySelector('[data-testid="compare-exemplar"]');
      return q?.getAttribute('data-frame') === String(p) && !!e?.getAttribute('data-frame');
    },
    position,
    { timeout: 15_000, polling: 50 },
  );
  return { query: await shown(page, 'compare-query'), exemplar: await shown(page, 'compare-exemplar') };
}

async function votingLibraryRows(page: Page): Promise<number> {
  return page.locator('[data-testid="exemplar-row"][data-library="true"][data-voted="true"]').count();
}

describe('comparison and personal library', () => {
  const app = useAppSession([], { settings: { inferenceProvider: 'wasm' } });
  let saved407: string | null = null;

  test('two sample dives side by side: stage-aligned, both players show the same stage at the same time', async () => {
    const { page } = app;
    await loadSampleAndScore(page, 'sim-407C-10m');
    await page.locator('[data-testid="saved-item"]').first().waitFor();
    saved407 = await page.locator('[data-testid="saved-item"]').first().getAttribute('data-id');
    await loadSampleAndScore(page, 'sim-107B-3m');
    await page.locator('[data-testid="saved-item"]').nth(1).waitFor();

    await page.getByTestId('open-compare').click();
    await page.getByTestId('compare-view').waitFor();
    // The default exemplar is the first likely voting exemplar of the pack: its skeleton alone.
    await page.getByTestId('compare-exemplar').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-exemplar').textContent()).toContain('skeleton only');
    expect(await page.getByTestId('compare-error').count()).toBe(0);
    expect(await page.getByTestId('compare-pack-exemplars').getAttribute('label')).toBe('Pack exemplars (skeleton only)');
    // Each pack exemplar has a skeleton of its own (until 2026-12-06 the bundled packs carried one for all).
    const bankOptions = await page.getByTestId('compare-source').locator('option[value^="bank:"]:not([disabled])').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(bankOptions.length).toBeGreaterThan(2);
    const drawn: string[] = [];
    const current = await page.getByTestId('compare-source').inputValue();
    expect(current).toMatch(/^bank:/);
    for (const option of bankOptions.filter((o) => o !== current).slice(0, 2)) {
      await showPosition(page, 0);
      const before = await page.getByTestId('compare-exemplar').textContent();
      await page.getByTestId('compare-source').selectOption(option);
      await page.waitForFunction((text) => { const now = document.querySelector('[data-testid="compare-exemplar"]')?.textContent; return !!now && now !== text; }, before, { timeout: 30_000 });
      await showPosition(page, 30);
      drawn.push(await exemplarSkeletonDrawn(page));
    }
    expect(drawn[0]).not.toBe(drawn[1]);

    await page.getByTestId('compare-source').selectOption(`saved:${saved407}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="compare-exemplar"]')?.textContent?.includes('sim-407C-10m.mp4'), undefined, { timeout: 30_000 });
    await page.locator('[data-testid="compare-exemplar"] video').waitFor();
    expect(await page.getByTestId('compare-aligned').isChecked()).toBe(true);
    const max = Number(await page.getByTestId('compare-scrubber').getAttribute('max'));
    expect(max).toBeGreaterThan(20);
    const positions = Array.from({ length: 13 }, (_, i) => Math.round((i * max) / 12));
    const aligned: Array<{ query: Shown; exemplar: Shown }> = [];
    for (const p of positions) aligned.push(await showPosition(page, p));
    for (const [i, pair] of aligned.entries()) expect(pair.exemplar.stage, `position ${positions[i]}`).toBe(pair.query.stage);
    expect(new Set(aligned.map((a) => a.query.stage))).toEqual(new Set(['take-off', 'flight', 'entry']));

    // Real time: the exemplar shows other frames than when aligned.
    await page.getByTestId('compare-aligned').uncheck();
    const plain: Array<{ query: Shown; exemplar: Shown }> = [];
    for (const p of positions.slice(0, 12)) plain.push(await showPosition(page, p));
    expect(plain.some((pair, i) => pair.exemplar.frame !== aligned[i]?.exemplar.frame)).toBe(true);
    await page.getByTestId('compare-aligned').check();
  });

  test('one transport plays both, overlay draws the exemplar over the query, layouts switch', async () => {
    const { page } = app;
    await showPosition(page, 0);
    await page.getByTestId('compare-rate').selectOption('1');
    await page.getByTestId('compare-play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="compare-query"]')?.getAttribute('data-frame')) >= 8, undefined, { timeout: 20_000 });
    await page.keyboard.press('Space');
    const paused = await shown(page, 'compare-query');
    expect(paused.frame).not.toBeNull();
    expect(await shown(page, 'compare-exemplar')).toMatchObject({ stage: paused.stage });

    await page.getByTestId('compare-layout').selectOption('top-bottom');
    expect(await page.locator('.compare-players.top-bottom').count()).toBe(1);
    await page.keyboard.press('o');
    expect(await page.getByTestId('compare-overlay').isChecked()).toBe(true);
    expect(await page.getByTestId('compare-exemplar').count()).toBe(0);
    expect(await page.getByTestId('compare-query').textContent()).toContain('white: sim-407C-10m.mp4');
    await page.getByTestId('kinematics-figures').first().waitFor();
    // The two skeletons are compared alike, and the table says how that differs from the checklist.
    expect(await page.locator('[data-testid="compare-view"] [data-testid="kinematics-figures"] caption').textContent()).toMatch(/^Both dives read alike, from their skeletons alone/);
    await page.keyboard.press('Escape');
    await page.getByTestId('compare-view').waitFor({ state: 'detached' });
  });

  test('the 407C sample joins the library with its official score, survives a reload, and votes for another 407C clip', async () => {
    const { page } = app;
    // A retried try starts from an empty library, as the first did.
    while ((await page.getByTestId('library-item').count()) > 0) {
      const before = await page.getByTestId('library-item').count();
      await page.getByTestId('library-delete').first().click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="library-item"]').length < n, before);
    }
    await page.locator(`[data-testid="saved-item"][data-id="${saved407}"] button`).first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="dive-code"]') instanceof HTMLInputElement && (document.querySelector('[data-testid="dive-code"]') as HTMLInputElement).value === '407C');
    await page.getByTestId('video').waitFor();
    await page.getByTestId('add-exemplar').click();
    await page.getByTestId('exemplar-score').fill('57.6');
    await page.getByTestId('exemplar-awards').fill('6 5.5 6 5 6 6 6');
    await page.getByTestId('exemplar-save').click();
    await page.getByTestId('library-message').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('library-item').count()).toBe(1);
    // Never its own exemplar: it does not vote for the clip it came from.
    expect(await votingLibraryRows(page)).toBe(0);

    await page.reload();
    await page.getByTestId('app').waitFor();
    // Opened at once, while the app is still reopening the 407C analysis it had on screen: the
    // clip the user opens wins, however the two reads finish.
    await page.getByTestId('file-input').setInputFiles(join(inject('fixtureDir'), SAMPLE_CUT.file));
    await page.getByTestId('library-item').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('library-item').count()).toBe(1);
    await page.waitForFunction((name) => document.querySelector('[data-testid="clip-name"]')?.textContent === name, SAMPLE_CUT.file, { timeout: 30_000 });
    await waitForLoadToFinish(page);
    await page.waitForFunction(() => !document.querySelector('[data-testid="session-busy"]'), undefined, { timeout: 30_000 });
    expect(await page.getByTestId('clip-name').textContent()).toBe(SAMPLE_CUT.file);
    await page.getByTestId('dive-code').fill('407C');
    await page.getByTestId('dive-height').selectOption('10m');
    await waitForScore(page);
    // The library's features are computed for this pack in the worker after the clip is scored: slow on a loaded machine.
    await page.waitForFunction(() => document.querySelector('[data-testid="exemplar-row"][data-library="true"][data-voted="true"]'), undefined, { timeout: 120_000 });
    expect(await votingLibraryRows(page)).toBe(1);
    expect(await page.locator('[data-testid="exemplar-row"][data-voted="true"]').count()).toBe(10);
  }, 300_000);

  test('a library exemplar is deleted with undo, and the library exports and imports as a file', async () => {
    const { page } = app;
    const zip = join(scratch, 'library.zip');
    await download(page, 'library-export', zip);
    await page.getByTestId('library-delete').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="exemplar-row"][data-library="true"]'), undefined, { timeout: 30_000 });
    expect(await page.getByTestId('library-item').count()).toBe(0);
    await page.getByTestId('library-undo').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="exemplar-row"][data-library="true"][data-voted="true"]'), undefined, { timeout: 120_000 });

    await page.getByTestId('library-delete').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-item"]').length === 0);
    await page.getByTestId('library-import-input').setInputFiles(zip);
    await page.waitForFunction(() => document.querySelector('[data-testid="exemplar-row"][data-library="true"][data-voted="true"]'), undefined, { timeout: 60_000 });
    expect(await page.getByTestId('library-message').textContent()).toContain('Imported 1 exemplar');
    await page.getByTestId('library-import-input').setInputFiles(join(inject('fixtureDir'), 'not-a-video.mp4'));
    await page.getByTestId('library-error').waitFor();
    expect(await page.getByTestId('library-error').textContent()).toContain('not a DiveJudge library file');
    expect(await page.getByTestId('library-item').count()).toBe(1);
  }, 300_000);

  test('no request leaves the app and nothing logged an error', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.consoleErrors, app.consoleErrors.join('\n')).toEqual([]);
  });
});
