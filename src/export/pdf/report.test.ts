import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Content, ContentSvg } from 'pdfmake/interfaces';
import { buildReportDocument, renderReportPdf, stageChartSvg } from './report.ts';
import { sampleReportInput } from './reportFixture.ts';

/** Every string in a document definition, in order (to check what the report says without rendering). */
function texts(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'number') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (typeof node === 'object' && node !== null) {
    return Object.entries(node).flatMap(([key, value]) => (key === 'image' || key === 'svg' || key === 'layout' ? [] : texts(value)));
  }
  return [];
}

function findSvg(node: unknown): ContentSvg | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findSvg(n);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof node === 'object' && node !== null) {
    if ('svg' in node && typeof node.svg === 'string') return node as ContentSvg;
    for (const value of Object.values(node)) {
      const found = findSvg(value);
      if (found !== null) return found;
    }
  }
  return null;
}

function footerText(input = sampleReportInput(), page = 2, pages = 3): string {
  const doc = buildReportDocument(input);
  if (typeof doc.footer !== 'function') throw new Error('footer should be a function of the page');
  return texts(doc.footer(page, pages, { width: 595.28, height: 841.89, orientation: 'portrait' }) as Content).join(' ');
}

describe('buildReportDocument', () => {
  const input = sampleReportInput();
  const summary = input.record.summary;
  if (summary === null) throw new Error('fixture should be scored');
  const doc = buildReportDocument(input);
  const all = texts(doc.content).join('\n');

  test('A4 portrait with a title block naming the clip, the dive and its DD', () => {
    expect(doc.pageSize).toBe('A4');
    expect(doc.pageOrientation).toBe('portrait');
    expect(all).toContain('DiveJudge report');
    expect(all).toContain('nationals-2025-407C-10m.mp4');
    expect(all).toContain('407C — Inward 3½ somersaults tuck');
    expect(all).toContain('10 m platform');
    expect(all).toContain('3.2');
  });

  test('score box: score to 2 decimals, uncertainty, range, award and band', () => {
    expect(all).toContain(summary.predictedScore.toFixed(2));
    expect(all).toContain(`± ${summary.uncertainty.toFixed(2)} points`);
    expect(all).toContain(`${summary.low.toFixed(2)} – ${summary.high.toFixed(2)}`);
    expect(all).toContain(`${summary.awardEquivalent.toFixed(1)} — ${summary.band}`);
  });

  test('a simulated-data pack is flagged in the body and in every page footer, with page x of y', () => {
    expect(all).toMatch(/trained on simulated dives.*indicative only.*not been validated on real competition footage/is);
    expect(footerText(input, 2, 3)).toMatch(/simulated dives.*indicative.*not validated on real competition footage.*Page 2 of 3/s);
    expect(footerText(input, 1, 1)).toContain('Page 1 of 1');
  });

  test('a dataset-trained pack carries no simulated disclaimer, and its training claim is shown as its claim', () => {
    const real = sampleReportInput({ trainedOn: 'dataset' });
    const text = texts(buildReportDocument(real).content).join('\n');
    expect(text).not.toMatch(/simulated/i);
    expect(footerText(real)).toContain('this pack says it was trained on “FineDiving”');
    expect(footerText(real)).toContain('not validated on real competition footage');
    expect(footerText(real)).not.toMatch(/simulated/i);
    // A label a file carries is never printed: the report reads the claim itself.
    const claimed = { ...real, record: { ...real.record, pack: { ...real.record.pack, label: 'validated on FINA Worlds 2024' } } };
    expect(texts(buildReportDocument(claimed).content).join('\n')).not.toContain('validated on FINA Worlds 2024');
  });

  test('an imported analysis says so on every page until it is recomputed here', () => {
    const input = sampleReportInput();
    const imported = { ...input, record: { ...input.record, importedFrom: 'from-a-friend.json' } };
    expect(footerText(imported, 2, 3)).toMatch(/Imported from from-a-friend\.json, not recomputed on this device/);
    expect(footerText(input, 2, 3)).not.toMatch(/Imported/);
  });

  test('the splash: the measured one first, then the pack\'s own estimate, named as such', () => {
    const line = all.split('\n').find((l) => l.startsWith('Splash: '));
    expect(line).toMatch(/^Splash: measured from the video 1\.8 \/ 10 .*; the pack's own estimate \d+\.\d, voted from its exemplars' splashes/);
  });

  test('stage table: frames, seconds and points of each stage', () => {
    for (const s of summary.stages) expect(all).toContain(s.stage);
    // Frames as the player numbers them (from 1): take-off is indices 0..takeOffEnd (used).
    expect(all).toContain('1–16');
    expect(all).toContain('17–52');
    expect(all).toContain('53–72');
    expect(all).toContain('0.53–1.73'); // flight: 16/30 s to 52/30 s
    expect(all).toMatch(/Boundaries set by hand.*take-off to frame 15/);
  });

  test('stage chart is embedded as an SVG waterfall', () => {
    const svg = findSvg(doc.content);
    expect(svg).not.toBeNull();
    expect(svg?.svg).toBe(stageChartSvg(summary));
  });

  test('kinematics table marks unreliable figures and shows their note; exemplar column when given', () => {
    expect(all).toContain('Exemplar 407C (sim-0117)');
    expect(all).toContain('Entry angle from vertical *');
    expect(all).toContain('Unreliable: Hands hidden by splash in 4 of 6 frames.');
    const noExemplar = texts(buildReportDocument({ ...input, exemplarLabel: undefined, kinematics: input.kinematics.map(({ exemplar: _e, ...k }) => k) }).content).join('\n');
    expect(noExemplar).not.toContain('Exemplar 407C');
    expect(noExemplar).not.toContain('87°');
  });

  test('voters: dive, height, source, official, implied and relative points', () => {
    expect(all).toContain('Exemplars that voted (3)');
    for (const v of summary.votes) {
      expect(all).toContain(v.source);
      expect(all).toContain(v.impliedScore.toFixed(2));
      expect(all).toContain(v.officialScore.toFixed(2));
    }
  });

  test('no score: says "Not scored" and why, no chart, no voters', () => {
    const unscored = sampleReportInput({ scored: false });
    const d = buildReportDocument(unscored);
    const text = texts(d.content).join('\n');
    expect(text).toContain('Not scored');
    expect(text).toContain('stopped before pose estimation finished');
    expect(findSvg(d.content)).toBeNull();
    expect(text).toContain('No exemplars voted');
  });

  test('no key frames: the section is replaced by a sentence', () => {
    const text = texts(buildReportDocument(sampleReportInput({ keyFrames: false })).content).join('\n');
    expect(text).not.toContain('Key frames');
    expect(text).toContain('No key frames are included in this report');
  });
});

describe('the execution checklist in the report', () => {
  test('lists each item a judge deducts for, with its value, deduction and frame, and the award from measured faults', () => {
    const input = sampleReportInput({ withPose: true });
    const text = texts(buildReportDocument({ ...input, checklistFrames: [] }).content).join('\n');
    expect(text).toContain('Execution checklist');
    expect(text).toMatch(/Award from measured faults: \d+\.\d \((Excellent|Very good|Good|Satisfactory|Deficient|Unsatisfactory|Completely failed)/);
    expect(text).toContain('Entry angle from vertical');
    expect(text).toMatch(/20°/); // the synthetic entry is 20° past vertical
    expect(text).toContain('Tightness of the position');
    expect(text).toMatch(/frame \d+/);
    expect(text).toContain('Referee: a rotation half a somersault or more');
    expect(text).toMatch(/Not judged on this dive: [^.]*knees bent in flight/);
  });

  test('says why there is no checklist when the analysis has no poses', () => {
    const text = texts(buildReportDocument(sampleReportInput()).content).join('\n');
    expect(text).toContain('No checklist: the analysis has no poses or stages');
  });
});

describe('stageChartSvg', () => {
  const summary = sampleReportInput().record.summary;
  if (summary === null) throw new Error('fixture should be scored');

  test('a waterfall with one bar per step, value labels and axis titles', () => {
    const svg = stageChartSvg(summary);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(summary.waterfall.length);
    for (const step of summary.waterfall) expect(svg).toContain(`>${step.label}<`);
    expect(svg).toContain('Dive points');
    expect(svg).toContain('>Stage (from the exemplars');
    expect(svg).toContain(`>${summary.predictedScore.toFixed(2)}<`);
  });

  test('falls back to a bar per stage when there is no waterfall', () => {
    const svg = stageChartSvg({ ...summary, waterfall: [] });
    expect(svg.match(/<rect /g)).toHaveLength(summary.stages.length);
    expect(svg).toContain('>Stage<');
  });
});

// ---------------------------------------------------------------------------------------------
// Rendering, checked with poppler-utils.

function hasTool(name: string): boolean {
  return spawnSync(name, ['-v'], { stdio: 'ignore' }).error === undefined;
}
const TOOLS = ['pdftotext', 'pdffonts', 'pdftoppm'] as const;
const missing = TOOLS.filter((t) => !hasTool(t));
const skipReason = missing.length > 0 ? ` (SKIPPED: ${missing.join(', ')} not installed; install poppler-utils)` : '';

describe('renderReportPdf', () => {
  let dir = '';
  let pdfPath = '';
  let bytes = new Uint8Array(0);
  const input = sampleReportInput();

  beforeAll(async () => {
    bytes = await renderReportPdf(input);
    dir = mkdtempSync(join(tmpdir(), 'divejudge-report-'));
    pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, bytes);
  }, 60_000);
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('returns a PDF as a plain Uint8Array', () => {
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  test.skipIf(missing.length > 0)(`pdftoppm renders 1–3 pages${skipReason}`, () => {
    execFileSync('pdftoppm', ['-png', '-r', '40', pdfPath, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(3);
  });

  test.skipIf(missing.length > 0)(`pdftotext finds the score, the dive, the disclaimer, the stages and a voter${skipReason}`, () => {
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const summary = input.record.summary;
    if (summary === null) throw new Error('fixture should be scored');
    expect(text).toContain(summary.predictedScore.toFixed(2));
    expect(text).toContain('Inward 3½ somersaults tuck');
    expect(text).toContain('simulated');
    for (const s of summary.stages) expect(text).toContain(s.stage);
    expect(text).toContain(summary.votes[0]?.source ?? 'no voter');
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    for (const [i, page] of pages.entries()) {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('not validated on real competition footage');
    }
  });

  test.skipIf(missing.length > 0)(`pdffonts reports every font embedded${skipReason}`, () => {
    const out = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
    const rows = out.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    // Columns: name, type, encoding, emb, sub, uni, object ID; the name and type may hold spaces,
    // so read emb as the 5th field from the end (the object ID is two fields).
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      expect(fields.at(-5), row).toBe('yes');
    }
    expect(out).toContain('Roboto');
  });
});
