/**
 * Files from outside cannot break the app or fool the judge: a damaged analysis (imported, or saved
 * by an older version that checked less) never blanks the app and never survives into the next
 * start as a broken state; a damaged library is refused naming the field; an import never
 * overwrites a saved analysis and says it was not recomputed here; a pack's training claim is shown
 * as its claim. The hostile files are made here from the app's own record format.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { sampleRecord } from '../src/export/pdf/reportFixture.ts';
import { LIBRARY_FORMAT, newLibraryEntry } from '../src/pipeline/analysis/library.ts';
import { serialiseAnalysis } from '../src/pipeline/analysis/record.ts';
import { useAppSession } from './support/browser.ts';

const PACK_DIR = join(import.meta.dirname, '../models/hpmcore-pose-sim');
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The app's own analysis record as JSON, edited as a hostile or careless hand would. */
function analysisFile(name: string, change: (json: Record<string, Record<string, unknown>>) => void = () => {}): string {
  const json = JSON.parse(serialiseAnalysis(sampleRecord())) as Record<string, Record<string, unknown>>;
  change(json);
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** What an older DiveJudge could have stored: the record straight into IndexedDB, unchecked. */
async function plantStoredRecord(page: Page, record: unknown): Promise<void> {
  await page.evaluate(async (value) => {
    const request = indexedDB.open('divejudge', 1);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('analyses', 'readwrite');
      tx.objectStore('analyses').put(value);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    localStorage.setItem('divejudge.lastAnalysis', (value as { id: string }).id);
  }, record);
}

async function expectAppAlive(page: Page): Promise<void> {
  await page.getByTestId('app').waitFor();
  await page.getByTestId('dive-code').waitFor();
  await page.getByTestId('session-panel').waitFor();
  expect(await page.getByTestId('panel-crash').count()).toBe(0);
}

describe('hostile files', () => {
  const app = useAppSession([], { settings: { inferenceProvider: 'wasm', autoAnalyze: false } });

  test('an analysis stored with a broken summary does not blank the app at start: listed as damaged, not opened, removable', async () => {
    const { page } = app;
    await page.getByTestId('pack-trained-on').waitFor({ timeout: 60_000 });
    const broken = { ...sampleRecord(), id: 'broken-1', summary: { ...sampleRecord().summary, uncertainty: 'lots', band: { a: 1 } } };
    await plantStoredRecord(page, broken);
    await page.reload();
    await expectAppAlive(page);
    await page.getByTestId('saved-damaged').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('saved-damaged').textContent()).toMatch(/summary\.uncertainty/);
    await page.getByTestId('session-error').waitFor();
    expect(await page.getByTestId('session-error').textContent()).toMatch(/damaged .*not opened/);
    expect(await page.getByTestId('score-panel').count()).toBe(0);
    // Reloading again: still alive, and the broken record is no longer reopened.
    await page.reload();
    await expectAppAlive(page);
    await page.getByTestId('saved-damaged').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => localStorage.getItem('divejudge.lastAnalysis'))).toBeNull();
    await page.getByTestId('saved-delete').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-item"]').length === 0);
    await page.reload();
    await expectAppAlive(page);
    expect(await page.getByTestId('saved-item').count()).toBe(0);
  });

  test.each([
    ['uncertainty.json', (j: Record<string, Record<string, unknown>>) => ((j.summary as Record<string, unknown>).uncertainty = 'lots'), /summary\.uncertainty/],
    ['stages-null.json', (j: Record<string, Record<string, unknown>>) => ((j.summary as Record<string, unknown>).stages = null), /summary\.stages/],
    ['formula.json', (j: Record<string, Record<string, unknown>>) => ((j.dive as Record<string, unknown>).code = '=1+2'), /“=1\+2” is not a dive number/],
    ['impossible.json', (j: Record<string, Record<string, unknown>>) => ((j.summary as Record<string, unknown>).predictedScore = 121.35), /121\.35 is impossible at DD 3\.2/],
  ])('importing %s is refused naming the field; nothing is stored', async (name, change, says) => {
    const { page } = app;
    const before = await page.getByTestId('saved-item').count();
    await page.getByTestId('import-analysis-input').setInputFiles(analysisFile(name, change));
    await page.getByTestId('session-error').waitFor();
    expect(await page.getByTestId('session-error').textContent()).toMatch(says);
    expect(await page.getByTestId('saved-item').count()).toBe(before);
    await expectAppAlive(page);
  });

  test('an import never overwrites a saved analysis, and says it was not recomputed on this device', async () => {
    const { page } = app;
    const file = analysisFile('good.json');
    await page.getByTestId('import-analysis-input').setInputFiles(file);
    await page.getByTestId('score-imported').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('score-imported').textContent()).toContain('good.json, not recomputed on this device');
    expect(await page.getByTestId('saved-item').count()).toBe(1);
    // The same id again, its score edited: a copy beside the first, which keeps its score.
    const edited = analysisFile('edited.json', (j) => {
      const s = j.summary as Record<string, number>;
      s.predictedScore = 86.4; // 9 × 3 × 3.2, consistent with its award: only the id clashes
      s.awardEquivalent = 9;
      s.awardExact = 9;
      s.band = 'Very good' as unknown as number; // the JSON is loose; the band text is what a file says
      s.low = 80;
      s.high = 90;
    });
    await page.getByTestId('import-analysis-input').setInputFiles(edited);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-item"]').length === 2, undefined, { timeout: 30_000 });
    expect(await page.getByTestId('session-message').textContent()).toContain('as a copy');
    const texts = await page.getByTestId('saved-item').allTextContents();
    expect(texts.some((t) => t.includes(sampleRecord().summary?.predictedScore.toFixed(2) ?? '—'))).toBe(true);
    expect(texts.some((t) => t.includes('86.40'))).toBe(true);
    await expectAppAlive(page);
  });

  test('a library whose entry has an object for its clip name, an impossible official score, or a clip that is a zip bomb, is refused naming the field', async () => {
    const { page } = app;
    const frames = 4;
    const entry = newLibraryEntry({
      id: 'lib-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      diveNumber: '407C',
      heightMetres: 10,
      dd: 3.2,
      officialScore: 57.6,
      awards: [],
      clip: { fileName: 'dive.mp4', bytes: 1000, durationSeconds: 0.2, fps: 20, frameCount: frames, width: 320, height: 180, codec: 'avc1' },
      pose: { config: 'c', fps: 20, width: 320, height: 180, frameCount: frames, joints: Array(frames * 48).fill(1), boxes: Array(frames * 4).fill(null), scores: Array(frames).fill(1), detected: Array(frames).fill(1), repaired: Array(frames * 16).fill(0) },
      splash: null,
      stages: { takeOffEnd: 1, entryStart: 3 },
    });
    const zipWith = (name: string, change: (e: Record<string, Record<string, unknown>>) => void, clip?: Uint8Array) => {
      const e = JSON.parse(JSON.stringify(entry)) as Record<string, Record<string, unknown>>;
      change(e);
      const path = join(scratch, name);
      const library = strToU8(JSON.stringify({ format: LIBRARY_FORMAT, exportedAt: '2026-01-02T00:00:00.000Z', entries: [e] }));
      writeFileSync(path, zipSync(clip ? { 'library.json': library, 'clips/lib-1': clip } : { 'library.json': library }));
      return path;
    };
    const cases: Array<[string, (e: Record<string, Record<string, unknown>>) => void, RegExp, Uint8Array?]> = [
      ['object-name.zip', (e) => ((e.clip as Record<string, unknown>).fileName = { evil: 1 }), /entries\[0\]\.clip\.fileName/],
      ['score-999.zip', (e) => ((e.record as Record<string, unknown>).officialScore = 999), /official score of 999 is impossible at DD 3\.2/],
      // 256 MB of zeros as the entry's clip: a ~250 kB zip.
      ['bomb.zip', () => {}, /clips\/lib-1 would inflate \d+ times, which no video clip does/, new Uint8Array(256 * 1024 * 1024)],
    ];
    for (const [name, change, says, clip] of cases) {
      if (await page.getByTestId('library-error').count()) {
        await page.getByTestId('library-error').getByRole('button', { name: 'Dismiss' }).click();
        await page.getByTestId('library-error').waitFor({ state: 'detached' });
      }
      await page.getByTestId('library-import-input').setInputFiles(zipWith(name, change, clip));
      await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid="library-error"]')?.textContent ?? ''), says.source, { timeout: 30_000 });
      expect(await page.getByTestId('library-item').count()).toBe(0);
    }
    await expectAppAlive(page);
  });

  test('a pack that claims to be validated is shown as making that claim; the app keeps its own warning', async () => {
    const { page } = app;
    const copy = join(scratch, 'claiming-pack');
    cpSync(PACK_DIR, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { version: string; trainedOn: { kind: string; name: string } };
    manifest.version = '9.9.9';
    manifest.trainedOn.kind = 'dataset';
    manifest.trainedOn.name = 'FINA Worlds 2024 (validated)';
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    await page.getByTestId('pack-folder-input').setInputFiles(copy);
    await page.waitForFunction(() => document.querySelector('[data-testid="pack-trained-on"]')?.textContent?.includes('FINA') || document.querySelector('[data-testid="pack-error"]'), undefined, { timeout: 60_000 });
    expect(await page.getByTestId('pack-error').count()).toBe(0);
    const label = (await page.getByTestId('pack-trained-on').textContent()) ?? '';
    expect(label).toContain('this pack says it was trained on “FINA Worlds 2024 (validated)”');
    expect(label).toContain('not validated on real competition footage');
  });
});
