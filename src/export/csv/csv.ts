/**
 * CSV exports (RFC 4180: comma-separated, quoted where needed, CRLF rows):
 * - `framesCsv`: one row per frame of an analysis — time, stage, detection, the 16 joints (x, y,
 *   confidence, interpolated) and the joint angles (degrees; empty where not measurable);
 * - `checklistCsv`: one row per execution checklist item (value, unit, deduction, typical deduction
 *   assumed where the clip does not let it be read, band, frames),
 *   then the award from the measured faults;
 * - `sessionCsv`: one row per saved analysis — clip, dive, DD, score, award, band, stages, pack.
 * `parseCsv` reads either back (tests, and a user's spreadsheet round trip).
 */
import { ANGLE_KEYS, kinematicsSeries } from '../../pipeline/analysis/kinematics.ts';
import { awardFromFaultsWords, executionChecklistOfRecord } from '../../pipeline/analysis/execution.ts';
import type { AnalysisRecord } from '../../pipeline/analysis/record.ts';
import { MPII_JOINTS } from '../../pipeline/pose/skeleton.ts';

/**
 * Text a spreadsheet would run as a formula (OWASP's CSV-injection rule: a cell starting with =, +,
 * -, @, tab or carriage return) gets a leading apostrophe, so it is shown as the text it is. Numbers
 * are written as numbers and never touched.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = typeof value === 'number' ? String(Math.round(value * 1e4) / 1e4) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** RFC 4180 text → rows of cells (the header is row 0). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function stageOfFrame(frame: number, transitions: { takeOffEnd: number; entryStart: number } | null): string {
  if (!transitions) return '';
  if (frame <= transitions.takeOffEnd) return 'take-off';
  return frame < transitions.entryStart ? 'flight' : 'entry';
}

export const FRAME_COLUMNS: readonly string[] = [
  'frame', 'time_s', 'stage', 'diver_found',
  ...MPII_JOINTS.flatMap((j) => [`${j}_x`, `${j}_y`, `${j}_conf`, `${j}_interpolated`]),
  ...ANGLE_KEYS.map((k) => `${k}_deg`),
];

/** Per-frame joints and angles of one analysis (needs its pose). */
export function framesCsv(record: AnalysisRecord): string {
  const pose = record.pose;
  if (!pose) return toCsv(FRAME_COLUMNS, []);
  const series = kinematicsSeries({ fps: pose.fps, frameCount: pose.frameCount, joints: pose.joints, repaired: pose.repaired });
  const used = record.stages?.used ?? null;
  const rows = Array.from({ length: pose.frameCount }, (_, f) => [
    f,
    f / pose.fps,
    stageOfFrame(f, used),
    pose.detected[f] ?? 0,
    ...MPII_JOINTS.flatMap((_, j) => {
      const k = (f * 16 + j) * 3;
      return [pose.joints[k] ?? null, pose.joints[k + 1] ?? null, pose.joints[k + 2] ?? null, pose.repaired[f * 16 + j] ?? 0];
    }),
    ...ANGLE_KEYS.map((key) => series.angles[key][f] ?? null),
  ]);
  return toCsv(FRAME_COLUMNS, rows);
}

export const SESSION_COLUMNS: readonly string[] = [
  'analysis_id', 'saved_at', 'clip', 'frames', 'fps', 'dive', 'dive_name', 'height', 'dd',
  'predicted_score', 'uncertainty', 'award_equivalent', 'band', 'take_off_end_frame', 'entry_start_frame', 'stages_edited',
  'voters', 'pack', 'pack_version', 'trained_on',
];

/** One row per analysis, oldest first. */
export function sessionCsv(records: readonly AnalysisRecord[]): string {
  const rows = records.map((r) => [
    r.id,
    r.updatedAt,
    r.clip.fileName,
    r.clip.frameCount,
    r.clip.fps,
    r.dive.code,
    r.dive.name,
    r.dive.height,
    r.dive.dd,
    r.summary?.predictedScore ?? null,
    r.summary?.uncertainty ?? null,
    r.summary?.awardEquivalent ?? null,
    r.summary?.band ?? null,
    r.stages?.used.takeOffEnd ?? null,
    r.stages?.used.entryStart ?? null,
    r.stages ? (r.stages.used.takeOffEnd !== r.stages.model.takeOffEnd || r.stages.used.entryStart !== r.stages.model.entryStart ? 'yes' : 'no') : null,
    r.voters.length,
    r.pack.name,
    r.pack.version,
    r.pack.trainedOn.kind === 'simulated' ? 'simulated dives' : r.pack.trainedOn.name,
  ]);
  return toCsv(SESSION_COLUMNS, rows);
}

export const CHECKLIST_CSV_HEADER = ['stage', 'item', 'label', 'value', 'unit', 'deduction', 'assumed', 'band', 'reliable', 'applies', 'frames', 'note', 'referee'] as const;

/** The execution checklist of an analysis, one row per item, then the award from the measured faults. */
export function checklistCsv(record: AnalysisRecord): string {
  const checklist = executionChecklistOfRecord(record);
  if (!checklist) throw new Error('this analysis has no checklist yet (it needs poses, stages and a valid dive number)');
  const rows = checklist.items.map((i) => [i.stage, i.id, i.label, i.value, i.unit, i.deduction, i.assumed, i.band, i.reliable ? 'yes' : 'no', i.applies ? 'yes' : 'no', i.frames.join(' '), i.note, i.refereeCall]);
  rows.push(['', 'award-from-faults', 'Award from measured faults', checklist.award, 'award', null, null, null, null, null, null, awardFromFaultsWords(checklist), null]);
  return toCsv(CHECKLIST_CSV_HEADER, rows);
}
