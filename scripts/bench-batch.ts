/**
 * `npm run bench:batch -- [--clips N] [--skip-build --dist DIR]`
 *
 * A session of N clips (default 20: the three bundled samples copied under new names, cycled) as
 * a dive sheet, analysed by the app's queue in Chromium (production build, WASM) as a coach runs
 * it. After each clip finishes, the page's JS heap is read (garbage collected first, through the
 * DevTools protocol), and the script prints the heap after clip 2 and after the last clip, their
 * ratio (target ≤ 1.2) and whether every analysis was saved. Figures, not assertions.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/chromium.ts';
import { buildAndServe } from './lib/serveApp.ts';

const { values: args } = parseArgs({ options: { clips: { type: 'string', default: '20' }, 'skip-build': { type: 'boolean', default: false }, dist: { type: 'string' } } });
const root = resolve(import.meta.dirname, '..');
const count = Math.max(3, Number(args.clips));
const SAMPLES = [
  { file: 'sim-407C-10m.mp4', dive: '407C', height: '10m' },
  { file: 'sim-107B-3m.mp4', dive: '107B', height: '3m' },
  { file: 'sim-5253B-10m.mp4', dive: '5253B', height: '10m' },
];

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'divejudge-batch-'));
  const app = await buildAndServe({ skipBuild: args['skip-build'], ...(args.dist ? { outDir: resolve(root, args.dist) } : {}) });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    await context.addInitScript(() => localStorage.setItem('divejudge.settings', JSON.stringify({ state: { inferenceProvider: 'wasm' }, version: 0 })));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(app.url);
    await page.getByTestId('pack-trained-on').waitFor({ timeout: 120_000 });

    const files: string[] = [];
    const lines = ['diver,round,dive,height'];
    for (let k = 0; k < count; k++) {
      const s = SAMPLES[k % SAMPLES.length] as (typeof SAMPLES)[number];
      const name = `${String(k + 1).padStart(2, '0')}-${s.file}`;
      copyFileSync(join(root, 'public/samples', s.file), join(scratch, name));
      files.push(join(scratch, name));
      lines.push(`Diver ${String.fromCharCode(65 + (k % 5))},${Math.floor(k / 5) + 1},${s.dive},${s.height}`);
    }
    writeFileSync(join(scratch, 'sheet.csv'), `${lines.join('\n')}\n`);
    await page.getByTestId('sheet-input').setInputFiles(join(scratch, 'sheet.csv'));
    await page.getByTestId('sheet-match-by').selectOption('order');
    await page.getByTestId('sheet-clips-input').setInputFiles(files);

    const heapAfter: number[] = [];
    const started = performance.now();
    await page.getByTestId('sheet-start').click();
    for (let k = 1; k <= count; k++) {
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="sheet-row"]')].filter((r) => ['done', 'failed'].includes(r.getAttribute('data-status') ?? '')).length >= n, k, { timeout: 600_000, polling: 250 });
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      heapAfter.push(usedSize);
      process.stderr.write(`\rclip ${k}/${count}: page JS heap ${(usedSize / 2 ** 20).toFixed(1)} MB   `);
    }
    process.stderr.write('\n');
    await page.getByTestId('sheet-progress').waitFor({ state: 'detached', timeout: 60_000 });
    const statuses = await page.getByTestId('sheet-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    const saved = await page.evaluate(async () => {
      const request = indexedDB.open('divejudge');
      const db = await new Promise<IDBDatabase>((res, rej) => {
        request.onsuccess = () => res(request.result);
        request.onerror = () => rej(request.error);
      });
      const tx = db.transaction('analyses', 'readonly');
      const countRequest = tx.objectStore('analyses').count();
      return new Promise<number>((res) => {
        countRequest.onsuccess = () => res(countRequest.result);
      });
    });
    const mb = (b: number | undefined) => ((b ?? 0) / 2 ** 20).toFixed(1);
    const second = heapAfter[1] ?? Number.NaN, last = heapAfter[heapAfter.length - 1] ?? Number.NaN;
    console.log(`bench:batch — ${count} clips as one session in Chromium (WASM), ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    console.log(`page JS heap after each clip (MB): ${heapAfter.map((b) => mb(b)).join(' ')}`);
    console.log(`heap after clip ${count} ÷ after clip 2: ${mb(last)} ÷ ${mb(second)} MB = ${(last / second).toFixed(3)} (target ≤ 1.2)`);
    console.log(`rows done ${statuses.filter((s) => s === 'done').length} of ${count}, failed ${statuses.filter((s) => s === 'failed').length}; analyses saved in IndexedDB: ${saved}`);
  } finally {
    await browser.close();
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
