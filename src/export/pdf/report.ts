/**
 * The PDF report of one analysis: a pdfmake document definition built from an `AnalysisRecord`
 * (plus the key-frame images and kinematics figures the UI computed), and its rendering to bytes.
 *
 * `buildReportDocument` and `stageChartSvg` are pure and synchronous. `renderReportPdf` loads
 * pdfmake and its Roboto fonts lazily (`await import()`), so neither is in the app's first load;
 * the fonts are embedded (subset) in every PDF. The same import works in the browser (Vite) and
 * in Node (Vitest): both load pdfmake's self-contained browser build `pdfmake/build/pdfmake.js`
 * with the virtual file system of `pdfmake/build/vfs_fonts.js`, the shape pdfmake 0.3 documents
 * for bundlers.
 */
import type { Column, Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { AnalysisRecord, HeightLabel } from '../../pipeline/analysis/record.ts';
import { modelAwardOf, scorePartsText, stageChart, stageSegments, stageSplitsText, type ScoreSummary, type StageSegment, type WaterfallStep } from '../../pipeline/aqa/analysis.ts';
import { trainingLabelOf } from '../../pipeline/aqa/provenance.ts';
import { replayDescription } from '../../pipeline/aqa/replays.ts';
import { assumedDeductionText, awardFromFaultsWords, awardsDisagree, executionChecklistOfRecord, formatExecutionValue } from '../../pipeline/analysis/execution.ts';
import { awardBand } from '../../domain/index.ts';
import { standings, type DiveSheetRow, type RowResult } from '../../pipeline/session/diveSheet.ts';
import { frameNumber } from '../../pipeline/video/frameTiming.ts';

export interface ReportKeyFrame {
  label: string;
  frame: number;
  seconds: number;
  /** PNG (or JPEG) data URL, skeleton already drawn on it. */
  image: string;
}

export interface ReportKinematic {
  label: string;
  /** The figure for this dive, formatted (e.g. "112°"). */
  query: string;
  /** The same figure for the exemplar compared against, formatted. */
  exemplar?: string;
  reliable: boolean;
  note: string | null;
}

export interface ReportInput {
  record: AnalysisRecord;
  generatedAt: Date;
  keyFrames: ReportKeyFrame[];
  kinematics: ReportKinematic[];
  /** Heading of the kinematics exemplar column (e.g. "Exemplar 407C, 10 m"). */
  exemplarLabel?: string;
  /** Small images of the frames the checklist items were measured on (matched by frame). */
  checklistFrames?: ReportKeyFrame[];
  appVersion: string;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const PAGE_WIDTH = 595.28; // A4, points
const MARGIN_X = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#c9d1da';
const ACCENT = '#1c5d99';
const WARN_FILL = '#fff4e0';
const WARN_INK = '#8a4b00';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "14 Jun 2025, 10:32 (UTC+02:00)" in the local time zone; the text as given when it is not a date. */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `UTC${sign}${pad2(Math.floor(Math.abs(offset) / 60))}:${pad2(Math.abs(offset) % 60)}`;
  return `${date.getDate()} ${MONTHS[date.getMonth()] ?? ''} ${date.getFullYear()}, ${pad2(date.getHours())}:${pad2(date.getMinutes())} (${zone})`;
}

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function signed(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : '-'}${text}`;
}

function heightWords(height: HeightLabel): string {
  const metres = height.replace('m', '');
  return height === '1m' || height === '3m' ? `${metres} m springboard` : `${metres} m platform`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function isImageDataUrl(value: string): boolean {
  return /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$/.test(value);
}

/** The disclaimer for packs trained on simulated dives, or null for a dataset-trained pack. */
export function simulatedDisclaimer(record: AnalysisRecord): string | null {
  if (record.pack.trainedOn.kind !== 'simulated') return null;
  return 'Model trained on simulated dives: this score is indicative only, not validated on real competition footage.';
}

/** What every page's footer says of the model: the simulated disclaimer, or the pack's claim as a claim. */
function modelFooter(record: AnalysisRecord): string {
  const imported = record.importedFrom ? `Imported from ${record.importedFrom.slice(0, 80)}, not recomputed on this device. ` : '';
  const model = simulatedDisclaimer(record) ?? `Model ${record.pack.name} ${record.pack.version}: ${trainingLabelOf(record.pack.trainedOn)}.`;
  return imported + model;
}

// ---------------------------------------------------------------------------------------------
// Stage chart

type ChartBar = WaterfallStep;

function niceStep(span: number, targetTicks: number): number {
  const raw = span / Math.max(1, targetTicks);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10;
  return nice * power;
}

const BAR_COLOURS: Record<ChartBar['kind'], string> = { total: '#4a6fa5', gain: '#2e8b57', loss: '#c0392b' };

/**
 * The per-stage chart as an SVG string: a waterfall from the voting exemplars' mean score through
 * each stage's contribution to the predicted score (summary.waterfall), or, when the summary has
 * no waterfall, one bar per stage from zero (summary.stages). Y axis in dive points, X axis the
 * stages; every bar carries its value. Self-contained (no CSS, Roboto text) for svg-to-pdfkit.
 */
export function stageChartSvg(summary: ScoreSummary, width = 515, height = 200): string {
  const chart = stageChart(summary);
  const { bars, waterfall, zoomed: zoom } = chart;
  const left = 52;
  const right = 12;
  const top = 14;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  // The axis range is stageChart's (zoomed onto the levels when they sit well above zero: marked
  // with a break and named in the axis title); here it is rounded to ticks.
  let lo = chart.min;
  let hi = chart.max;
  const step = niceStep(hi - lo, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  if (zoom && lo <= 0) lo = 0;
  const y = (v: number): number => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const n = Math.max(1, bars.length);
  const slot = plotW / n;
  const barW = Math.min(56, slot * 0.6);
  const font = 'font-family="Roboto" font-size="8"';
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  // Grid and Y ticks.
  const decimals = Math.min(3, (String(Number(step.toFixed(6))).split('.')[1] ?? '').length);
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${left}" y1="${yy}" x2="${left + plotW}" y2="${yy}" stroke="#e3e8ee" stroke-width="0.6"/>`);
    parts.push(`<text x="${left - 5}" y="${(y(v) + 2.8).toFixed(1)}" text-anchor="end" ${font} fill="${MUTED}">${v.toFixed(decimals)}</text>`);
  }
  // Bars, connectors and value labels.
  bars.forEach((b, i) => {
    const cx = left + slot * (i + 0.5);
    const x = cx - barW / 2;
    const y1 = y(Math.max(b.start, b.end, lo));
    const y2 = y(Math.max(Math.min(b.start, b.end), lo));
    const h = Math.max(0.8, y2 - y1);
    parts.push(`<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${BAR_COLOURS[b.kind]}"/>`);
    const value = b.kind === 'total' ? fixed(b.end) : signed(b.end - b.start);
    const labelY = b.end >= b.start ? y1 - 3 : y2 + 9;
    parts.push(`<text x="${cx.toFixed(1)}" y="${labelY.toFixed(1)}" text-anchor="middle" ${font} fill="${INK}">${escapeXml(value)}</text>`);
    parts.push(`<text x="${cx.toFixed(1)}" y="${(top + plotH + 12).toFixed(1)}" text-anchor="middle" ${font} fill="${INK}">${escapeXml(b.label)}</text>`);
    const next = bars[i + 1];
    if (waterfall && next !== undefined && next.kind !== 'total') {
      const yy = y(b.end).toFixed(1);
      parts.push(`<line x1="${(x + barW).toFixed(1)}" y1="${yy}" x2="${(cx + slot - barW / 2).toFixed(1)}" y2="${yy}" stroke="${MUTED}" stroke-width="0.6" stroke-dasharray="2,2"/>`);
    }
  });
  // Axes and their titles.
  const base = y(Math.max(lo, 0)).toFixed(1);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="${INK}" stroke-width="0.8"/>`);
  parts.push(`<line x1="${left}" y1="${base}" x2="${left + plotW}" y2="${base}" stroke="${INK}" stroke-width="0.8"/>`);
  if (zoom && lo > 0) {
    const by = top + plotH - 6;
    parts.push(`<line x1="${left}" y1="${by - 4}" x2="${left}" y2="${by}" stroke="#ffffff" stroke-width="3"/>`);
    parts.push(`<line x1="${left - 4}" y1="${by}" x2="${left + 4}" y2="${by - 2}" stroke="${INK}" stroke-width="0.8"/>`);
    parts.push(`<line x1="${left - 4}" y1="${by - 2}" x2="${left + 4}" y2="${by - 4}" stroke="${INK}" stroke-width="0.8"/>`);
  }
  const yTitleX = 12;
  const yTitleY = top + plotH / 2;
  const yTitle = zoom && lo > 0 ? `Dive points (axis from ${lo.toFixed(decimals)})` : 'Dive points';
  parts.push(`<text x="${yTitleX}" y="${yTitleY}" transform="rotate(-90 ${yTitleX} ${yTitleY})" text-anchor="middle" font-family="Roboto" font-size="8.5" fill="${INK}">${escapeXml(yTitle)}</text>`);
  const xTitle = waterfall ? 'Stage (from the exemplars\u2019 mean score to the prediction)' : 'Stage';
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-family="Roboto" font-size="8.5" fill="${INK}">${escapeXml(xTitle)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Sections

function heading(text: string): Content {
  return { text, style: 'h2' };
}

function note(text: string): Content {
  return { text, style: 'note' };
}

const TABLE_LAYOUT = {
  hLineWidth: (i: number, node: ContentTable): number => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
  vLineWidth: (): number => 0,
  hLineColor: (): string => RULE,
  paddingTop: (): number => 2.5,
  paddingBottom: (): number => 2.5,
};

function headerRow(cells: string[], rightFrom = cells.length): TableCell[] {
  return cells.map((text, i) => ({ text, style: 'th', alignment: i >= rightFrom ? ('right' as const) : ('left' as const) }));
}

function titleBlock(input: ReportInput): Content {
  const { record } = input;
  const dive = record.dive;
  const diveLine = [dive.code, dive.name].filter((s) => s !== null && s !== '').join(' — ');
  const analysed = formatDateTime(record.createdAt);
  const updated = record.updatedAt !== record.createdAt ? `, last changed ${formatDateTime(record.updatedAt)}` : '';
  const facts: Array<[string, string]> = [
    ['Clip', `${record.clip.fileName} (${fixed(record.clip.durationSeconds, 2)} s, ${fixed(record.clip.fps, 2)} fps, ${record.clip.frameCount} frames)`],
    ['Dive', diveLine],
    ['Height', heightWords(dive.height)],
    ['Degree of difficulty', dive.dd === null ? 'not given' : fixed(dive.dd, 1)],
    ['Analysed', `${analysed}${updated}`],
    ['Report generated', `${formatDateTime(input.generatedAt)} by DiveJudge ${input.appVersion}`],
  ];
  return {
    stack: [
      { text: 'DiveJudge report', style: 'h1' },
      {
        table: {
          widths: [100, '*'],
          body: facts.map(([k, v]) => [
            { text: k, color: MUTED },
            { text: v, bold: k === 'Dive' },
          ]),
        },
        layout: 'noBorders',
        margin: [0, 2, 0, 0],
      },
    ],
  };
}

function notScoredReason(record: AnalysisRecord): string {
  if (record.pose === null) return 'The analysis stopped before pose estimation finished, so the dive was not scored.';
  if (record.encoded === null) return 'The pose was found but the clip was not encoded by the model, so the dive was not scored.';
  return 'The record does not say why it has no score.';
}

function scoreBox(input: ReportInput): Content {
  const { record } = input;
  const s = record.summary;
  let body: Content;
  if (s === null) {
    body = {
      stack: [
        { text: 'Not scored', fontSize: 22, bold: true, color: MUTED },
        { text: notScoredReason(record), margin: [0, 4, 0, 0] },
      ],
    };
  } else {
    body = {
      columns: [
        {
          width: 170,
          stack: [
            { text: 'Predicted score', color: MUTED },
            { text: fixed(s.predictedScore), fontSize: 30, bold: true, color: ACCENT },
            { text: `± ${fixed(s.uncertainty)} points`, fontSize: 10 },
          ],
        },
        {
          width: '*',
          stack: [
            { text: [{ text: 'Likely range: ', color: MUTED }, { text: `${fixed(s.low)} – ${fixed(s.high)}`, bold: true }] },
            {
              text: [{ text: 'Award equivalent: ', color: MUTED }, { text: `${fixed(s.awardEquivalent, 1)} — ${s.band}`, bold: true }],
              margin: [0, 3, 0, 0],
            },
            {
              text: `Every counted judge awarding ${fixed(s.awardEquivalent, 1)} (${s.band.toLowerCase()}) gives about this score at DD ${fixed(s.dd, 1)}.`,
              style: 'note',
              margin: [0, 3, 0, 0],
            },
            ...[scorePartsText(s), stageSplitsText(s)].flatMap((line) => (line ? [{ text: line, style: 'note', margin: [0, 3, 0, 0] as [number, number, number, number] }] : [])),
            {
              text: `Range: ± one standard deviation of the ${s.votes.length} exemplar vote${s.votes.length === 1 ? '' : 's'}${s.confidenceReasons && s.confidenceReasons.length > 0 ? ', widened because ' + s.confidenceReasons.join('; ') : ''}.`,
              style: 'note',
            },
          ],
        },
      ],
      columnGap: 12,
    };
  }
  return {
    table: { widths: ['*'], body: [[{ stack: [body], fillColor: '#eef3f9', margin: [10, 8, 10, 8] }]] },
    layout: { hLineWidth: () => 1, vLineWidth: () => 1, hLineColor: () => ACCENT, vLineColor: () => ACCENT },
    margin: [0, 10, 0, 0],
  };
}

function modelBlock(record: AnalysisRecord): Content {
  const pack = record.pack;
  const disclaimer = simulatedDisclaimer(record);
  const lines: Content[] = [
    {
      text: [
        { text: 'Model pack: ', color: MUTED },
        { text: `${pack.name} ${pack.version}`, bold: true },
        { text: pack.trainedOn.kind === 'simulated' ? `  ·  trained on simulated dives: ${pack.trainedOn.name}` : `  ·  says it was trained on: ${pack.trainedOn.name}` },
      ],
    },
    // The app's own reading of the claim, never the label text a file carries.
    { text: trainingLabelOf(pack.trainedOn), style: 'note' },
  ];
  if (disclaimer !== null) {
    lines.push({
      table: {
        widths: ['*'],
        body: [
          [
            {
              text: [
                { text: 'Trained on simulated dives. ', bold: true },
                'This model was trained on simulated dives, not on judged competition footage. The score is indicative only and has not been validated on real competition footage.',
              ],
              color: WARN_INK,
              fillColor: WARN_FILL,
              margin: [6, 4, 6, 4],
            },
          ],
        ],
      },
      layout: 'noBorders',
      margin: [0, 4, 0, 0],
    });
  }
  return { stack: lines, margin: [0, 8, 0, 0] };
}

function stageRows(record: AnalysisRecord): Array<{ stage: string; segment: StageSegment | null; awardSum: number | null; points: number | null }> {
  const summaryStages = record.summary?.stages ?? [];
  const names = summaryStages.length > 0 ? summaryStages.map((s) => s.stage) : ['take-off', 'flight', 'entry'];
  // The stages end where a slow-motion replay the analysis left out begins.
  const analysedFrames = Math.min(record.clip.frameCount, record.encoded?.replay?.start ?? record.clip.frameCount);
  const segments = record.stages === null ? [] : stageSegments(record.stages.used, analysedFrames, names);
  return names.map((stage, i) => {
    const contribution = summaryStages[i];
    return {
      stage,
      segment: segments.find((g) => g.stage === stage) ?? null,
      awardSum: contribution?.awardSum ?? null,
      points: contribution?.points ?? null,
    };
  });
}

function stagesSection(record: AnalysisRecord): Content[] {
  const fps = record.clip.fps;
  const seconds = (frame: number): string => (fps > 0 ? (frame / fps).toFixed(2) : '—');
  const rows = stageRows(record);
  const body: TableCell[][] = [headerRow(['Stage', 'Frames', 'Time (s)', 'Duration (s)', 'Points', 'Award sum'], 4)];
  for (const r of rows) {
    const g = r.segment;
    body.push([
      { text: r.stage, bold: true },
      g === null ? '—' : `${frameNumber(g.start)}–${frameNumber(g.end)}`,
      g === null ? '—' : `${seconds(g.start)}–${seconds(g.end + 1)}`,
      g === null || !(fps > 0) ? '—' : ((g.end - g.start + 1) / fps).toFixed(2),
      { text: r.points === null ? '—' : signed(r.points), alignment: 'right' },
      { text: r.awardSum === null ? '—' : signed(r.awardSum), alignment: 'right' },
    ]);
  }
  const out: Content[] = [
    heading('Stages'),
    { table: { headerRows: 1, widths: ['*', 60, 70, 60, 55, 55], body }, layout: TABLE_LAYOUT },
  ];
  const notes: string[] = [];
  const s = record.summary;
  if (s !== null) {
    notes.push(
      `Points: each stage's share of the difference from the ${s.votes.length} voting exemplars (mean ${fixed(s.exemplarScore)} points at this DD), ` +
        `in dive points; award sum: the same in the sum of the counted awards.` +
        (Math.abs(s.unexplained) >= 0.005 ? ` ${signed(s.unexplained)} points are not attributed to a stage.` : ''),
    );
  }
  const replay = record.encoded?.replay;
  if (replay) notes.push(`Frames ${frameNumber(replay.start)}–${frameNumber(replay.end)} are ${replayDescription(replay)}: the stages, the score and the checklist come from the frames before it.`);
  if (record.stages === null) notes.push('Stage boundaries were not found for this clip.');
  else {
    const { model, used } = record.stages;
    if (model.takeOffEnd !== used.takeOffEnd || model.entryStart !== used.entryStart) {
      notes.push(`Boundaries set by hand; the model proposed take-off to frame ${frameNumber(model.takeOffEnd)} and entry from frame ${frameNumber(model.entryStart)}.`);
    }
  }
  const splash = splashLine(record);
  if (splash !== null) notes.push(splash);
  for (const n of notes) out.push(note(n));
  if (s !== null && (s.waterfall.length > 0 || s.stages.length > 0)) {
    out.push({ svg: stageChartSvg(s), width: CONTENT_WIDTH, margin: [0, 6, 0, 0] });
  }
  return out;
}

/** The measured splash first (what the checklist and the score read), then the pack's own estimate, on its exemplars' scale. */
function splashLine(record: AnalysisRecord): string | null {
  const parts: string[] = [];
  const measured = record.encoded?.splashMeasured ?? null;
  if (measured !== null) {
    const reason = measured.reason === null ? '' : `; ${measured.reason}`;
    parts.push(`measured from the video ${fixed(measured.score, 1)} / 10 (0 none, about 2 a rip entry, 8 or more a crash; confidence ${Math.round(measured.confidence * 100)}%${reason})`);
  }
  if (record.summary !== null) parts.push(`the pack's own estimate ${fixed(record.summary.splashEstimate, 1)}, voted from its exemplars' splashes on their scale, which puts many dives at 0`);
  if (parts.length === 0) return null;
  return `Splash: ${parts.join('; ')}.`;
}

function keyFramesSection(keyFrames: ReportKeyFrame[]): Content[] {
  if (keyFrames.length === 0) return [note('No key frames are included in this report (no frames were captured for it).')];
  const perRow = 3;
  const gap = 8;
  const cellW = (CONTENT_WIDTH - gap * (perRow - 1)) / perRow;
  const rows: Content[] = [];
  for (let i = 0; i < keyFrames.length; i += perRow) {
    const cells: Column[] = keyFrames.slice(i, i + perRow).map((k) => ({
      width: cellW,
      stack: [
        isImageDataUrl(k.image)
          ? { image: k.image, fit: [cellW, 120] as [number, number], alignment: 'center' as const }
          : { text: '(image unavailable)', style: 'note', alignment: 'center' as const, margin: [0, 40, 0, 40] as [number, number, number, number] },
        { text: k.label, bold: true, alignment: 'center' as const, margin: [0, 2, 0, 0] as [number, number, number, number] },
        { text: `frame ${frameNumber(k.frame)} · ${k.seconds.toFixed(2)} s`, style: 'note', alignment: 'center' as const },
      ],
    }));
    while (cells.length < perRow) cells.push({ width: cellW, text: '' });
    rows.push({ columns: cells, columnGap: gap, margin: [0, 0, 0, 6] });
  }
  // One block, so the heading and the first row of images stay on the same page.
  return [{ stack: [heading('Key frames'), note('Frames from the clip with the repaired skeleton drawn over them.'), ...rows], unbreakable: true }];
}

function kinematicsSection(input: ReportInput): Content[] {
  const rows = input.kinematics;
  if (rows.length === 0) return [heading('Kinematics'), note('No kinematics figures were computed for this analysis.')];
  const withExemplar = input.exemplarLabel !== undefined || rows.some((k) => k.exemplar !== undefined);
  const header = ['Figure', 'This dive', ...(withExemplar ? [input.exemplarLabel ?? 'Exemplar'] : []), 'Note'];
  const body: TableCell[][] = [headerRow(header)];
  for (const k of rows) {
    const unreliableStyle = k.reliable ? {} : { color: MUTED, italics: true };
    const noteText = k.reliable ? (k.note ?? '') : `Unreliable${k.note === null ? '' : `: ${k.note}`}`;
    body.push([
      { text: k.reliable ? k.label : `${k.label} *`, ...unreliableStyle },
      { text: k.query, ...unreliableStyle },
      ...(withExemplar ? [{ text: k.exemplar ?? '—', ...unreliableStyle }] : []),
      { text: noteText, style: 'note' },
    ]);
  }
  const widths = withExemplar ? [130, 70, 90, '*'] : [150, 80, '*'];
  const out: Content[] = [heading('Kinematics'), { table: { headerRows: 1, widths, body }, layout: TABLE_LAYOUT }];
  if (rows.some((k) => !k.reliable)) out.push(note('* Unreliable: the pose behind this figure was too uncertain (interpolated or low-confidence joints); read it with care.'));
  return out;
}

const STAGE_WORDS = { takeOff: 'Take-off', flight: 'Flight', entry: 'Entry' } as const;

/** The execution checklist: each item measured, its deduction and the frame it was read on. */
function checklistSection(input: ReportInput): Content[] {
  const checklist = executionChecklistOfRecord(input.record);
  if (!checklist) return [heading('Execution checklist'), note('No checklist: the analysis has no poses or stages, or the dive number is not valid.')];
  const modelAward = input.record.summary ? modelAwardOf(input.record.summary) : null;
  const frames = new Map((input.checklistFrames ?? []).map((f) => [f.frame, f]));
  const body: TableCell[][] = [headerRow(['Stage', 'Item', 'Measured', 'Deduction', 'Band, or why not counted', 'Frame'])];
  for (const item of checklist.items.filter((i) => i.applies)) {
    const dim = item.reliable ? {} : { color: MUTED, italics: true };
    const frame = item.frames[0];
    const image = frame === undefined ? undefined : frames.get(frame);
    const why = item.reliable ? (item.band ?? '') : item.assumed !== null ? `Counted at its typical deduction: ${item.note ?? 'not read reliably'}` : `Not counted: ${item.note ?? 'unreliable'}`;
    body.push([
      { text: STAGE_WORDS[item.stage], ...dim },
      { text: item.label, ...dim },
      { text: formatExecutionValue(item), ...dim },
      { text: item.assumed !== null ? assumedDeductionText(item.assumed) : item.deduction === null ? '—' : item.reliable ? `−${item.deduction.toFixed(1)}` : `(−${item.deduction.toFixed(1)})`, alignment: 'right', ...dim },
      { text: item.refereeCall ? `${why}. Referee: ${item.refereeCall}` : why, style: 'note' },
      image && isImageDataUrl(image.image)
        ? { stack: [{ image: image.image, fit: [64, 40] as [number, number] }, { text: frame === undefined ? '' : `frame ${frameNumber(frame)}`, style: 'note' }] }
        : { text: frame === undefined ? '—' : `frame ${frameNumber(frame)}`, style: 'note' },
    ]);
  }
  const summary = `Award from measured faults: ${checklist.award.toFixed(1)} (${awardBand(checklist.award)}; ${awardFromFaultsWords(checklist)}, to the nearest half point; ${checklist.expectedAward.toFixed(2)} unrounded, which the score takes)` + (modelAward === null ? '.' : `; the model's award: ${modelAward.toFixed(1)}.`);
  const out: Content[] = [heading('Execution checklist'), { text: summary, margin: [0, 0, 0, 4] }];
  if (awardsDisagree(modelAward, checklist.award)) out.push({ text: 'The model and the measured faults differ by more than one award point: the model compares the whole dive with scored exemplars, the checklist counts only what it can measure.', color: WARN_INK, margin: [0, 0, 0, 4] });
  out.push({ table: { headerRows: 1, widths: [42, 95, 52, 40, '*', 68], body }, layout: TABLE_LAYOUT });
  const notJudged = checklist.items.filter((i) => !i.applies).map((i) => i.label.toLowerCase());
  out.push(note(`${notJudged.length ? `Not judged on this dive: ${notJudged.join(', ')}. ` : ''}Deduction bands are judging convention written down from the rules; items in grey are shown but not counted, except those marked "typical", which the clip does not let the checklist read and which count at the checklist's mean deduction on simulated training dives. Checked against the simulator's true faults on rendered dives; not yet validated on real dives.`));
  return out;
}

function votersSection(record: AnalysisRecord): Content[] {
  const s = record.summary;
  const body: TableCell[][] = [headerRow(['Dive', 'Height', 'Source', 'Official score', 'Implied score', 'Relative (points)'], 3)];
  if (s !== null && s.votes.length > 0) {
    for (const v of s.votes) {
      body.push([
        v.diveNumber,
        `${v.height} m`,
        v.source,
        { text: fixed(v.officialScore), alignment: 'right' },
        { text: fixed(v.impliedScore), alignment: 'right' },
        { text: signed(v.relativePoints), alignment: 'right' },
      ]);
    }
  } else if (record.voters.length > 0) {
    for (const v of record.voters) {
      body.push([v.diveNumber, `${v.height} m`, v.source, { text: fixed(v.officialScore), alignment: 'right' }, { text: '—', alignment: 'right' }, { text: '—', alignment: 'right' }]);
    }
  } else {
    return [heading('Exemplars that voted'), note('No exemplars voted: the dive was not scored.')];
  }
  const count = body.length - 1;
  return [
    heading(`Exemplars that voted (${count})`),
    { table: { headerRows: 1, widths: [40, 40, '*', 62, 62, 70], body }, layout: TABLE_LAYOUT },
    note(
      'Official score: the exemplar’s own score at its DD. Implied score: the score this exemplar votes for on this dive ' +
        '(its award sum plus the model’s relative score, times this dive’s DD). Relative: how many points better (+) or worse (-) this dive is judged than the exemplar.',
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

/** Page size, margins, fonts and text styles every DiveJudge PDF shares. */
const PAGE_STYLE = {
  pageSize: 'A4',
  pageOrientation: 'portrait',
  pageMargins: [MARGIN_X, 36, MARGIN_X, 46],
  defaultStyle: { font: 'Roboto', fontSize: 9, color: INK, lineHeight: 1.1 },
  styles: {
    h1: { fontSize: 18, bold: true, color: ACCENT, margin: [0, 0, 0, 4] },
    h2: { fontSize: 11.5, bold: true, color: ACCENT, margin: [0, 12, 0, 4] },
    th: { bold: true, color: MUTED, fontSize: 8.5 },
    note: { fontSize: 7.5, color: MUTED, margin: [0, 2, 0, 0] },
  },
} satisfies Partial<TDocumentDefinitions>;

/** Every page's footer: a line (in warning colours when `warn`) and "Page x of y". */
function pageFooter(text: string, warn: boolean): TDocumentDefinitions['footer'] {
  return (currentPage: number, pageCount: number): Content => ({
    columns: [
      { text, width: '*', fontSize: 7.5, color: warn ? WARN_INK : MUTED, bold: warn },
      { text: `Page ${currentPage} of ${pageCount}`, width: 70, alignment: 'right', fontSize: 7.5, color: MUTED },
    ],
    margin: [MARGIN_X, 14, MARGIN_X, 0],
  });
}

/** The pdfmake document definition of the report: A4 portrait, 1–3 pages for a usual analysis. */
export function buildReportDocument(input: ReportInput): TDocumentDefinitions {
  const { record } = input;
  const disclaimer = simulatedDisclaimer(record);
  const footerText = modelFooter(record);
  const title = `DiveJudge report — ${record.dive.code}${record.dive.name === null ? '' : ` ${record.dive.name}`} — ${record.clip.fileName}`;
  return {
    info: {
      title,
      author: 'DiveJudge',
      subject: disclaimer ?? 'Diving judging assistant report',
      creator: `DiveJudge ${input.appVersion}`,
      producer: `DiveJudge ${input.appVersion} (pdfmake)`,
      creationDate: input.generatedAt,
    },
    ...PAGE_STYLE,
    footer: pageFooter(footerText, disclaimer !== null || !!record.importedFrom),
    content: [
      titleBlock(input),
      scoreBox(input),
      modelBlock(record),
      ...stagesSection(record),
      ...keyFramesSection(input.keyFrames),
      ...checklistSection(input),
      ...kinematicsSection(input),
      ...votersSection(record),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// A session: one summary page (standings and every dive), then each scored dive's own report.

export interface SessionReportInput {
  rows: readonly DiveSheetRow[];
  results: Readonly<Record<string, RowResult | undefined>>;
  /** The saved analysis of each scored row, by analysis id (rows without one get no page). */
  records: ReadonlyMap<string, AnalysisRecord>;
  generatedAt: Date;
  appVersion: string;
}

export function buildSessionReportDocument(input: SessionReportInput): TDocumentDefinitions {
  const table = standings(input.rows, input.results);
  const standingsBody: TableCell[][] = [headerRow(['Rank', 'Diver', 'Dives scored', 'Predicted total', 'Official total'], 2)];
  for (const s of table) standingsBody.push([String(s.rank), s.diver, { text: String(s.dives), alignment: 'right' }, { text: fixed(s.predictedTotal), alignment: 'right' }, { text: s.officialTotal === null ? '—' : fixed(s.officialTotal), alignment: 'right' }]);
  const divesBody: TableCell[][] = [headerRow(['Diver', 'Round', 'Dive', 'Height', 'Predicted', 'Official', 'Difference'], 4)];
  for (const row of input.rows) {
    const r = input.results[row.id];
    divesBody.push([
      row.diver,
      String(row.round),
      row.diveNumber,
      row.height.replace('m', ' m'),
      { text: r ? fixed(r.predictedScore) : 'not scored', alignment: 'right' },
      { text: row.officialScore === null ? '—' : fixed(row.officialScore), alignment: 'right' },
      { text: r && row.officialScore !== null ? signed(r.predictedScore - row.officialScore) : '—', alignment: 'right' },
    ]);
  }
  const scored = input.rows.flatMap((row) => {
    const r = input.results[row.id];
    const record = r ? input.records.get(r.analysisId) : undefined;
    return record ? [{ row, record }] : [];
  });
  const simulated = scored.some(({ record }) => record.pack.trainedOn.kind === 'simulated');
  const disclaimer = simulated ? 'Predicted by a model pack trained on simulated dives: indicative only, not validated on real competition footage.' : 'Predicted scores are not validated on real competition footage.';
  const pages: Content[] = scored.map(({ row, record }) => {
    const one = buildReportDocument({ record, generatedAt: input.generatedAt, keyFrames: [], kinematics: [], appVersion: input.appVersion });
    const content = Array.isArray(one.content) ? one.content : [one.content];
    return { stack: [{ text: `${row.diver} — round ${row.round}`, style: 'h2', margin: [0, 0, 0, 2] }, ...content], pageBreak: 'before' as const };
  });
  return {
    info: { title: 'DiveJudge session results', author: 'DiveJudge', subject: disclaimer, creator: `DiveJudge ${input.appVersion}`, producer: `DiveJudge ${input.appVersion} (pdfmake)`, creationDate: input.generatedAt },
    ...PAGE_STYLE,
    footer: pageFooter(disclaimer, simulated),
    content: [
      { text: 'DiveJudge session results', style: 'h1' },
      note(`Generated ${formatDateTime(input.generatedAt)}: ${scored.length} of ${input.rows.length} dives scored. Totals are over each diver's scored dives.`),
      heading('Standings'),
      { table: { headerRows: 1, widths: [32, '*', 60, 80, 80], body: standingsBody }, layout: TABLE_LAYOUT },
      heading('Dives'),
      { table: { headerRows: 1, widths: ['*', 36, 40, 40, 60, 60, 60], body: divesBody }, layout: TABLE_LAYOUT },
      note('Each scored dive follows on its own page: score, stages, execution checklist and the voting exemplars.'),
      ...pages,
    ],
  };
}

/** The session report as PDF bytes. */
export async function renderSessionPdf(input: SessionReportInput): Promise<Uint8Array<ArrayBuffer>> {
  const pdfMake = await loadPdfMake();
  const buffer = await pdfMake.createPdf(buildSessionReportDocument(input)).getBuffer();
  return new Uint8Array(buffer);
}

// ---------------------------------------------------------------------------------------------
// Rendering

type PdfMakeApi = typeof import('pdfmake/build/pdfmake.js');
type VfsFonts = Record<string, string>;

/**
 * pdfmake's build files are CommonJS (UMD): Vite and Node both expose `module.exports` as the
 * namespace's `default`, while the .d.ts files describe `module.exports` as the module itself.
 */
function commonJsExport<T>(namespace: T): T {
  const value: unknown = (namespace as { default?: unknown }).default;
  return (value ?? namespace) as T;
}

let pdfMakeReady: Promise<PdfMakeApi> | null = null;

/** Loads pdfmake and its fonts ahead of the first export (the app calls it once idle), so a report can still be made after the network goes. */
export function preloadPdfMake(): Promise<unknown> {
  return loadPdfMake();
}

function loadPdfMake(): Promise<PdfMakeApi> {
  pdfMakeReady ??= (async () => {
    const [pdfMakeModule, fontsModule] = await Promise.all([import('pdfmake/build/pdfmake.js'), import('pdfmake/build/vfs_fonts.js')]);
    const pdfMake = commonJsExport(pdfMakeModule);
    // as unknown as: the fonts module is a CommonJS object of file name → base64 text, untyped; checked just below.
    const vfs = commonJsExport(fontsModule) as unknown as VfsFonts;
    if (typeof pdfMake.createPdf !== 'function' || typeof vfs['Roboto-Regular.ttf'] !== 'string') {
      throw new Error('pdfmake did not load as expected (no createPdf or no Roboto font in its virtual file system)');
    }
    pdfMake.addVirtualFileSystem(vfs);
    pdfMake.setFonts({
      Roboto: { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' },
    });
    return pdfMake;
  })();
  pdfMakeReady.catch(() => {
    pdfMakeReady = null;
  });
  return pdfMakeReady;
}

/**
 * The report as PDF bytes (fonts embedded). Works in the browser and in Node. The bytes are a copy
 * on a plain ArrayBuffer, so `new Blob([bytes], { type: 'application/pdf' })` type-checks.
 */
export async function renderReportPdf(input: ReportInput): Promise<Uint8Array<ArrayBuffer>> {
  const pdfMake = await loadPdfMake();
  const buffer = await pdfMake.createPdf(buildReportDocument(input)).getBuffer();
  return new Uint8Array(buffer);
}
