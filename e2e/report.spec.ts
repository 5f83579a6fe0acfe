/**
 * A judge hands in a report and comes back tomorrow: the scored sample is exported as a PDF (its
 * pages render, it carries the score, the dive, the simulated-training label, with every font
 * embedded), as JSON and as per-frame CSV; the analysis is saved by itself and comes back on a
 * reload, clip included; a JSON export imported into an empty app shows the same analysis and asks
 * for the clip, which the user relinks; a damaged JSON is refused and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { UNSEEN_FAULTS_ALLOWANCE } from '../src/domain/index.ts';
import { parseAnalysisRecord } from '../src/pipeline/analysis/record.ts';
import { parseCsv } from '../src/export/csv/csv.ts';
import { download, loadSampleAndScore, predictedScore, stages, waitForScore } from './support/analysis.ts';
import { useAppSession } from './support/browser.ts';
import { hasPoppler } from './support/poppler.ts';
import { waitForSettledFrame } from './support/player.ts';

const SAMPLE_CLIP = join(import.meta.dirname, '../public/samples/sim-407C-10m.mp4');
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('report, exports and saved analyses', () => {
  const app = useAppSession([], { settings: { inferenceProvider: 'wasm' } });
  let score = 0;
  let transitions: Array<{ stage: string; start: number; end: number }> = [];

  test('the scored sample exports a PDF report whose pages render and state the score', async ({ skip }) => {
    const { page } = app;
    score = await loadSampleAndScore(page);
    transitions = await stages(page);
    const pdfPath = join(scratch, 'report.pdf');
    await download(page, 'export-pdf', pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    // DIVEJUDGE_KEEP_REPORT=dir keeps a copy to look at (the closing notes describe a page).
    if (process.env.DIVEJUDGE_KEEP_REPORT) copyFileSync(pdfPath, join(process.env.DIVEJUDGE_KEEP_REPORT, 'report.pdf'));
    // Without poppler the pages cannot be rendered or read: the test says so as a skip, not a pass.
    if (!hasPoppler()) skip('poppler-utils (pdftoppm, pdftotext, pdffonts) is not installed: the PDF pages cannot be checked');
    execFileSync('pdftoppm', ['-r', '50', '-png', pdfPath, join(scratch, 'page')]);
    const pages = readdirSync(scratch).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    expect(text).toContain(score.toFixed(2));
    expect(text).toContain('407C');
    expect(text).toContain('Inward 3½ Somersaults Tuck');
    expect(text).toMatch(/trained on simulated dives/i);
    for (const stage of ['take-off', 'flight', 'entry']) expect(text).toContain(stage);
    expect(text).toContain('End of take-off');
    // The kinematics table gives the checklist's reading of the board distance, not a second one.
    expect(text).toMatch(/Distance from the board at the\s+-?\d+\.\d\d m\s+as in the execution checklist/);
    expect(text).not.toContain('Closest to the board');
    expect(text).toContain('Execution checklist');
    // What the model's score averages over, as the score panel says it.
    expect(text).toMatch(/averages\s+its\s+5\s+likeliest\s+splits\s+of\s+the\s+dive/);
    expect(text).toMatch(/Award from measured faults: \d+\.\d/);
    expect(text).toMatch(new RegExp(`−\\s*${UNSEEN_FAULTS_ALLOWANCE}\\s+for\\s+what`));
    expect(text).toContain('Entry angle from vertical');
    const fonts = execFileSync('pdffonts', [pdfPath]).toString().trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
  });

  test('the execution checklist: every item with a value or a reason, a click shows its frame with the skeleton, and a CSV of it', async () => {
    const { page } = app;
    await page.getByTestId('checklist-panel').waitFor();
    const snapshot = (await page.evaluate(() => (window as unknown as { divejudge: { analysis(): unknown } }).divejudge.analysis())) as { executionFaults: Array<{ id: string; value: number | null; frames: number[]; applies: boolean; note: string | null; reliable: boolean }>; awardFromFaults: number };
    const applying = snapshot.executionFaults.filter((f) => f.applies);
    expect(applying.length).toBeGreaterThanOrEqual(9);
    for (const f of applying) {
      const value = (await page.getByTestId(`checklist-value-${f.id}`).textContent()) ?? '';
      if (f.value === null) {
        expect(value, f.id).toBe('not measurable');
        expect(f.note, f.id).toMatch(/not measurable here: /);
        expect(await page.getByTestId(`checklist-item-${f.id}`).textContent(), f.id).toContain('not measurable here');
      } else expect(value, f.id).toMatch(/\d/);
    }
    // A 407C: no knees item (tuck), no balance (not an armstand), no twists; somersaults counted.
    expect(snapshot.executionFaults.find((f) => f.id === 'knees')?.applies).toBe(false);
    expect(snapshot.executionFaults.find((f) => f.id === 'somersaults')?.value).toBeGreaterThan(2.5);
    expect(Number((await page.getByTestId('checklist-award').textContent())?.split(' ')[0])).toBe(snapshot.awardFromFaults);
    // The allowance as the rules' data hold it, quarter points and all (1.25, not a rounded 1.3).
    expect(await page.getByTestId('checklist-allowance').textContent()).toContain(`Includes −${UNSEEN_FAULTS_ALLOWANCE} for what`);

    // Clicking an item jumps to the frame it was read on, with the skeleton shown.
    const toggle = page.getByTestId('skeleton-toggle');
    if (await toggle.isChecked()) await toggle.uncheck();
    const entry = snapshot.executionFaults.find((f) => f.id === 'entry-angle');
    const frame = entry?.frames[0];
    if (frame === undefined) throw new Error('the entry angle has no frame');
    await page.getByTestId('checklist-jump-entry-angle').click();
    // The samples carry no frame barcode: the counter is the frame shown (player.spec checks that pairing on barcoded clips).
    expect(await waitForSettledFrame(page)).toBe(frame);
    expect(await toggle.isChecked()).toBe(true);
    // The link names the frame as the player counts it (from 1), so the two read the same number.
    const named = /Show frame (\d+)/.exec((await page.getByTestId('checklist-jump-entry-angle').getAttribute('title')) ?? '')?.[1];
    expect(named).toBe(await page.locator('[data-testid="frame-counter"] strong').textContent());

    const csvPath = join(scratch, 'checklist.csv');
    await download(page, 'export-checklist-csv', csvPath);
    const rows = parseCsv(readFileSync(csvPath, 'utf8'));
    expect(rows[0]?.slice(0, 5)).toEqual(['stage', 'item', 'label', 'value', 'unit']);
    expect(rows.slice(1).map((r) => r[1])).toEqual([...snapshot.executionFaults.map((f) => f.id), 'award-from-faults']);
    expect(Number(rows[rows.length - 1]?.[3])).toBe(snapshot.awardFromFaults);
  });

  test('the analysis exports as JSON (the whole analysis) and per-frame CSV', async () => {
    const { page } = app;
    const jsonPath = join(scratch, 'analysis.json');
    await download(page, 'export-json', jsonPath);
    if (process.env.DIVEJUDGE_KEEP_REPORT) copyFileSync(jsonPath, join(process.env.DIVEJUDGE_KEEP_REPORT, 'analysis.json'));
    const record = parseAnalysisRecord(readFileSync(jsonPath, 'utf8'));
    expect(record.summary?.predictedScore).toBeCloseTo(score, 6);
    expect(record.dive.code).toBe('407C');
    expect(record.pose?.frameCount).toBe(record.clip.frameCount);
    const exported = JSON.parse(readFileSync(jsonPath, 'utf8')) as { executionFaults: Array<{ id: string }>; awardFromFaults: number };
    expect(exported.executionFaults.map((f) => f.id)).toContain('entry-angle');
    expect(exported.awardFromFaults).toBeGreaterThanOrEqual(0);
    const csvPath = join(scratch, 'frames.csv');
    await download(page, 'export-csv', csvPath);
    const rows = parseCsv(readFileSync(csvPath, 'utf8'));
    expect(rows.length).toBe(record.clip.frameCount + 1);
    expect(rows[0]).toContain('r_knee_x');
    expect(rows[0]).toContain('trunk_deg');
  });

  test('the analysis is saved by itself and a reload brings it back, clip included', async () => {
    const { page } = app;
    await page.getByTestId('saved-item').first().waitFor();
    await page.reload();
    await page.getByTestId('app').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="analysis-panel"]')?.getAttribute('data-status') === 'scored', undefined, { timeout: 60_000 });
    expect(await predictedScore(page)).toBeCloseTo(score, 9);
    expect(await stages(page)).toEqual(transitions);
    await page.getByTestId('video').waitFor();
    expect(await page.getByTestId('dive-code').inputValue()).toBe('407C');
    expect(await page.getByTestId('saved-item').count()).toBe(1);
  });

  test('a damaged JSON is refused with a message and the analysis on screen stays', async () => {
    const { page } = app;
    const bad = join(scratch, 'bad.json');
    const record = JSON.parse(readFileSync(join(scratch, 'analysis.json'), 'utf8')) as { pose: { joints: number[] } };
    record.pose.joints = record.pose.joints.slice(10);
    writeFileSync(bad, JSON.stringify(record));
    await page.getByTestId('import-analysis-input').setInputFiles(bad);
    await page.getByTestId('session-error').waitFor();
    expect(await page.getByTestId('session-error').textContent()).toMatch(/damaged: pose\.joints/);
    expect(await predictedScore(page)).toBeCloseTo(score, 9);
  });

  test('deleted, then imported from its JSON after a reload: the same analysis, and the clip is relinked', async () => {
    const { page } = app;
    await page.getByTestId('saved-delete').first().click();
    await page.getByTestId('session-undo').waitFor();
    expect(await page.getByTestId('saved-item').count()).toBe(0);
    await page.reload();
    await page.getByTestId('app').waitFor();
    await page.getByTestId('pack-trained-on').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('video').count()).toBe(0);
    await page.getByTestId('import-analysis-input').setInputFiles(join(scratch, 'analysis.json'));
    await page.getByTestId('relink').waitFor();
    expect(await page.getByTestId('relink').textContent()).toContain('sim-407C-10m.mp4');
    expect(await predictedScore(page)).toBeCloseTo(score, 9);
    expect(await stages(page)).toEqual([]); // no clip, no timeline: the stages are in the panel
    // Rescoring needs no clip: the save keeps the encoder's inputs, the scene track included.
    await page.getByTestId('vote-n').fill('3');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="exemplar-row"][data-voted="true"]').length === 3, undefined, { timeout: 30_000 });
    expect(await page.getByTestId('analysis-notice').count()).toBe(0);
    await page.getByTestId('vote-n').fill('10');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="exemplar-row"][data-voted="true"]').length === 10, undefined, { timeout: 30_000 });
    expect(await waitForScore(page)).toBeCloseTo(score, 4);
    await page.getByTestId('relink-input').setInputFiles(SAMPLE_CLIP);
    await page.getByTestId('video').waitFor();
    expect(await page.getByTestId('session-message').textContent()).toContain('Relinked sim-407C-10m.mp4.');
    expect(await stages(page)).toEqual(transitions);
    expect(await predictedScore(page)).toBeCloseTo(score, 4); // rescored above from inputs saved to 6 digits
    // The restored analysis scores again from the worker, not just from the save: N = 3 rescores.
    await page.getByTestId('vote-n').fill('3');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="exemplar-row"][data-voted="true"]').length === 3, undefined, { timeout: 30_000 });
    await page.getByTestId('vote-n').fill('10');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="exemplar-row"][data-voted="true"]').length === 10, undefined, { timeout: 30_000 });
    expect(await waitForScore(page)).toBeCloseTo(score, 4);
  });

  test('no request leaves the app and nothing logged an error', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
