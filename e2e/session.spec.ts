/**
 * A coach's session: the three bundled sample dives as a three-row dive sheet (CSV), their clips
 * matched to the rows by dive number, the queue analyses them one after another, and the results
 * table holds their scores, each diver's total and rank; the results export as CSV and as a
 * multi-page PDF; the rows with official scores join the library in one action; a reload keeps the
 * sheet and its results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseCsv } from '../src/export/csv/csv.ts';
import { download, predictedScore } from './support/analysis.ts';
import { useAppSession } from './support/browser.ts';
import { hasPoppler } from './support/poppler.ts';

const SAMPLES = join(import.meta.dirname, '../public/samples');
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-session-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a session of clips with a dive sheet', () => {
  const app = useAppSession([], { settings: { inferenceProvider: 'wasm' } });
  let predicted: number[] = [];

  test('a 3-row sheet and its clips: the queue scores each, and the table shows scores, totals and ranks', async () => {
    const { page } = app;
    await page.getByTestId('pack-trained-on').waitFor({ timeout: 60_000 });
    const sheet = join(scratch, 'sheet.csv');
    writeFileSync(sheet, 'Diver,Round,Dive,Height,Official\r\nAnna,1,407C,10m,65.6\r\nBen,1,107B,3m,69.75\r\nAnna,2,5253B,10m,68.8\r\n');
    await page.getByTestId('sheet-input').setInputFiles(sheet);
    await expect.poll(() => page.getByTestId('sheet-row').count()).toBe(3);
    expect(await page.getByTestId('sheet-message').textContent()).toContain('3 rows from “sheet.csv”');
    // Given in another order than the sheet's: matched by the dive number in each file name.
    await page.getByTestId('sheet-clips-input').setInputFiles(['sim-5253B-10m.mp4', 'sim-407C-10m.mp4', 'sim-107B-3m.mp4'].map((f) => join(SAMPLES, f)));
    expect(await page.getByTestId('sheet-message').textContent()).toContain('3 clips matched to rows by the dive number in the file name');
    const clipCells = await page.getByTestId('sheet-row').evaluateAll((rows) => rows.map((r) => r.children[5]?.textContent));
    expect(clipCells).toEqual(['sim-407C-10m.mp4', 'sim-107B-3m.mp4', 'sim-5253B-10m.mp4']);

    await page.getByTestId('sheet-start').click();
    await page.getByTestId('sheet-progress').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sheet-row"]')].every((r) => r.getAttribute('data-status') === 'done'), undefined, { timeout: 900_000, polling: 500 });
    await page.getByTestId('sheet-progress').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sheet-message').textContent()).toBe('All 3 clips analysed.');

    predicted = (await page.getByTestId('sheet-predicted').allTextContents()).map(Number);
    expect(predicted.every((p) => p > 0 && Number.isFinite(p))).toBe(true);
    // Each result is the analysis saved for it: the last clip's is still on screen.
    expect(await predictedScore(page)).toBeCloseTo(predicted[2] ?? Number.NaN, 2);
    const totals = (await page.getByTestId('sheet-row').evaluateAll((rows) => rows.map((r) => r.children[9]?.textContent ?? ''))).map((t) => /^([\d.]+) \((\d)\)$/.exec(t));
    const anna = (predicted[0] ?? 0) + (predicted[2] ?? 0), ben = predicted[1] ?? 0;
    // Totals add the unrounded scores; the cells show each to 2 decimals.
    expect(Number(totals[0]?.[1])).toBeCloseTo(anna, 1);
    expect(Number(totals[1]?.[1])).toBeCloseTo(ben, 1);
    expect([totals[0]?.[2], totals[1]?.[2], totals[2]?.[2]]).toEqual(anna >= ben ? ['1', '2', '1'] : ['2', '1', '2']);
    console.log(`session: predicted ${predicted.join(', ')} (official 65.60, 69.75, 68.80)`);
  }, 960_000);

  test('a result opens its analysis; the results export as CSV and as a PDF with a page per dive', async ({ skip }) => {
    const { page } = app;
    await page.getByTestId('sheet-predicted').first().getByRole('button').click();
    await expect.poll(() => predictedScore(page), { timeout: 60_000 }).toBeCloseTo(predicted[0] ?? Number.NaN, 2);
    expect(await page.getByTestId('dive-code').inputValue()).toBe('407C');

    const csvPath = join(scratch, 'results.csv');
    await download(page, 'sheet-export-csv', csvPath);
    const rows = parseCsv(readFileSync(csvPath, 'utf8'));
    expect(rows[0]?.slice(0, 6)).toEqual(['diver', 'round', 'dive', 'height', 'predicted', 'official']);
    expect(rows.slice(1).map((r) => [r[0], r[2], Number(r[4]).toFixed(2)])).toEqual([
      ['Anna', '407C', predicted[0]?.toFixed(2)],
      ['Ben', '107B', predicted[1]?.toFixed(2)],
      ['Anna', '5253B', predicted[2]?.toFixed(2)],
    ]);

    const pdfPath = join(scratch, 'results.pdf');
    await download(page, 'sheet-export-pdf', pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPoppler()) skip('poppler-utils (pdftotext, pdfinfo) is not installed: the PDF pages cannot be read');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())?.[1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    expect(text).toContain('DiveJudge session results');
    expect(text).toContain('Standings');
    for (const dive of ['407C', '107B', '5253B']) expect(text).toContain(dive);
    for (const p of predicted) expect(text).toContain(p.toFixed(2));
    expect(text).toContain('Anna — round 2');
    expect(text).toMatch(/trained on simulated dives/i);
  }, 300_000);

  test('rows with official scores join the library in one action, and a reload keeps the sheet and its results', async () => {
    const { page } = app;
    await page.getByTestId('sheet-to-library').click();
    await expect.poll(async () => (await page.getByTestId('sheet-message').textContent()) ?? '', { timeout: 240_000 }).toBe('3 rows with an official score added to your library.');
    await page.reload();
    await page.getByTestId('app').waitFor();
    await expect.poll(() => page.getByTestId('sheet-row').count()).toBe(3);
    expect((await page.getByTestId('sheet-predicted').allTextContents()).map(Number)).toEqual(predicted);
    expect(await page.getByTestId('sheet-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['done', 'done', 'done']);
  }, 300_000);

  test('a sheet with bad rows names each problem and keeps the good rows and the sheet you had', async () => {
    const { page } = app;
    const bad = join(scratch, 'bad.csv');
    writeFileSync(bad, 'diver,round,dive,height\nZoe,1,999Z,10m\n');
    await page.getByTestId('sheet-input').setInputFiles(bad);
    expect(await page.getByTestId('sheet-problems').textContent()).toContain('row 2, dive: is not a valid dive number');
    expect(await page.getByTestId('sheet-message').textContent()).toContain('“bad.csv” gave no rows: the sheet you had is unchanged.');
    expect(await page.getByTestId('sheet-row').count()).toBe(3);
    expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
