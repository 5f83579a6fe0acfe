/**
 * A session's dive sheet: who dived what, in which round, from which height, and (where known) the
 * judges' awards or the official score. Read from a CSV a coach or a meet program writes
 * (`parseDiveSheetCsv`), matched with the session's clips (`matchClips`), and, once the clips are
 * scored, turned into standings: each diver's total and rank (`standings`), and a results CSV.
 * Framework-free; the rules (dive numbers, DD, panel arithmetic) come from src/domain.
 */
import { z } from 'zod';
import { HEIGHTS, degreeOfDifficulty, heightFromMetres, isValidDiveNumber, panelScore, scoreBounds, type Height } from '../../domain/index.ts';
import { parseCsv, toCsv } from '../../export/csv/csv.ts';

export interface DiveSheetRow {
  id: string;
  diver: string;
  round: number;
  diveNumber: string;
  height: Height;
  /** The judges' awards, when known (5 or 7). */
  awards: number[] | null;
  /** The official points, when known (from the awards when only they are given). */
  officialScore: number | null;
}

/** The columns a sheet may have, by the names people write them with (case and spaces ignored). */
const COLUMN_NAMES: Record<'diver' | 'round' | 'dive' | 'height' | 'awards' | 'official', readonly string[]> = {
  diver: ['diver', 'name', 'athlete'],
  round: ['round', 'rd'],
  dive: ['dive', 'divenumber', 'diveno', 'code'],
  height: ['height', 'board', 'platform'],
  awards: ['awards', 'judges', 'judgesawards', 'marks'],
  official: ['official', 'officialscore', 'score', 'points'],
};

const key = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');

/** "3", "3m", "3 m", "10M", "7.5" → the height label; null for a height no event uses. */
export function heightOfText(text: string): Height | null {
  const metres = Number.parseFloat(text.trim().replace(/\s*m$/i, ''));
  return Number.isFinite(metres) ? heightFromMetres(metres) : null;
}

const rowSchema = z
  .object({
    diver: z.string().trim().min(1, { error: 'needs a diver' }).max(80, { error: 'is too long (80 characters at most)' }),
    round: z.coerce.number({ error: 'must be a round number' }).int({ error: 'must be a whole round number' }).min(1, { error: 'must be 1 or more' }).max(20, { error: 'must be 20 or less' }),
    dive: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine(isValidDiveNumber, { error: 'is not a valid dive number' }),
    height: z.string().transform((v, ctx) => {
      const h = heightOfText(v);
      if (h === null) ctx.addIssue({ code: 'custom', message: `must be one of ${HEIGHTS.join(', ')}` });
      return h ?? '10m';
    }),
    awards: z.string().transform((v, ctx) => {
      const parts = v.split(/[\s;|/]+/).filter(Boolean);
      if (parts.length === 0) return null;
      const awards = parts.map(Number);
      if (![5, 7].includes(awards.length) || awards.some((a) => !Number.isFinite(a) || a < 0 || a > 10 || Math.round(a * 2) !== a * 2)) {
        ctx.addIssue({ code: 'custom', message: 'must be 5 or 7 awards from 0 to 10 in half points' });
        return null;
      }
      return awards;
    }),
    official: z.string().transform((v, ctx) => {
      if (v.trim() === '') return null;
      const score = Number(v);
      if (!Number.isFinite(score) || score < 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a number of points' });
        return null;
      }
      return score;
    }),
  })
  .transform((r, ctx) => {
    const dd = degreeOfDifficulty(r.dive, r.height);
    if (dd === null) {
      ctx.addIssue({ code: 'custom', path: ['dive'], message: `is not a dive the tables allow from ${r.height}` });
      return z.NEVER;
    }
    let official = r.official;
    if (r.awards) {
      const fromAwards = panelScore(r.awards, { dd });
      if (official !== null && Math.abs(official - fromAwards) > 0.01) ctx.addIssue({ code: 'custom', path: ['official'], message: `is ${official}, but the awards make ${fromAwards.toFixed(2)} at DD ${dd}` });
      official ??= fromAwards;
    }
    if (official !== null && official > scoreBounds({ dd }).max + 1e-9) ctx.addIssue({ code: 'custom', path: ['official'], message: `is more than a panel can give at DD ${dd} (${scoreBounds({ dd }).max.toFixed(2)})` });
    return { diver: r.diver, round: r.round, diveNumber: r.dive, height: r.height, awards: r.awards, officialScore: official };
  });

export interface SheetParse {
  rows: DiveSheetRow[];
  /** One line per problem: "row 3, dive: is not a valid dive number". Rows with a problem are left out. */
  problems: string[];
}

/** Reads a dive sheet CSV (a header row naming at least diver, round, dive and height). */
export function parseDiveSheetCsv(text: string, newId: () => string = () => crypto.randomUUID()): SheetParse {
  const table = parseCsv(text.replace(/^\uFEFF/, '')).filter((row) => row.some((cell) => cell.trim() !== ''));
  const header = table[0];
  if (!header) return { rows: [], problems: ['the sheet is empty'] };
  const columns = Object.fromEntries(
    (Object.keys(COLUMN_NAMES) as Array<keyof typeof COLUMN_NAMES>).map((name) => [name, header.findIndex((h) => COLUMN_NAMES[name].includes(key(h)))]),
  ) as Record<keyof typeof COLUMN_NAMES, number>;
  const missing = (['diver', 'round', 'dive', 'height'] as const).filter((c) => columns[c] < 0);
  if (missing.length > 0) return { rows: [], problems: [`the header row has no ${missing.join(', ')} column (it reads: ${header.join(', ')})`] };
  const rows: DiveSheetRow[] = [];
  const problems: string[] = [];
  table.slice(1).forEach((cells, k) => {
    const cell = (c: keyof typeof COLUMN_NAMES) => (columns[c] >= 0 ? (cells[columns[c]] ?? '') : '');
    const parsed = rowSchema.safeParse({ diver: cell('diver'), round: cell('round'), dive: cell('dive'), height: cell('height'), awards: cell('awards'), official: cell('official') });
    if (parsed.success) rows.push({ id: newId(), ...parsed.data });
    else problems.push(...parsed.error.issues.map((issue) => `row ${k + 2}, ${issue.path.join('.') || 'row'}: ${issue.message}`));
  });
  if (rows.length > 200) return { rows: rows.slice(0, 200), problems: [...problems, `only the first 200 rows are kept (the sheet has ${rows.length})`] };
  return { rows, problems };
}

/** The problem with one edited row, or null: the same checks as a sheet's. */
export function rowProblem(row: Omit<DiveSheetRow, 'id'>): string | null {
  const parsed = rowSchema.safeParse({ diver: row.diver, round: String(row.round), dive: row.diveNumber, height: row.height, awards: row.awards?.join(' ') ?? '', official: row.officialScore === null ? '' : String(row.officialScore) });
  return parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'} ${issue.message}`).join('; ');
}

/**
 * Which clip goes with which row. `order`: the clips sorted by file name, one per row in sheet
 * order. `name`: a clip whose file name holds a row's dive number (and, when several rows share it,
 * the diver's name or the round as `r2`), the first such row not yet taken.
 */
export function matchClips(rows: readonly DiveSheetRow[], fileNames: readonly string[], by: 'order' | 'name'): Map<string, string> {
  const out = new Map<string, string>();
  const sorted = [...fileNames].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (by === 'order') {
    rows.forEach((row, k) => {
      const name = sorted[k];
      if (name !== undefined) out.set(row.id, name);
    });
    return out;
  }
  const taken = new Set<string>();
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const name of sorted) {
    const n = norm(name);
    const candidates = rows.filter((r) => !taken.has(r.id) && n.includes(norm(r.diveNumber)));
    const best = candidates.find((r) => n.includes(norm(r.diver)) || n.includes(`r${r.round}`)) ?? candidates[0];
    if (best) {
      taken.add(best.id);
      out.set(best.id, name);
    }
  }
  return out;
}

export interface RowResult {
  /** The saved analysis (IndexedDB id). */
  analysisId: string;
  predictedScore: number;
  awardEquivalent: number;
}

export interface DiverStanding {
  diver: string;
  rank: number;
  /** Sum of the predicted points of the diver's scored dives. */
  predictedTotal: number;
  /** Sum of the official points, when every scored dive has one. */
  officialTotal: number | null;
  dives: number;
}

/** Each diver's predicted total over their scored dives and rank (equal totals share a rank). */
export function standings(rows: readonly DiveSheetRow[], results: Readonly<Record<string, RowResult | undefined>>): DiverStanding[] {
  const byDiver = new Map<string, { predicted: number; official: number | null; dives: number }>();
  for (const row of rows) {
    const result = results[row.id];
    if (!result) continue;
    const s = byDiver.get(row.diver) ?? { predicted: 0, official: 0, dives: 0 };
    s.predicted += result.predictedScore;
    s.official = s.official === null || row.officialScore === null ? null : s.official + row.officialScore;
    s.dives++;
    byDiver.set(row.diver, s);
  }
  const list = [...byDiver.entries()].map(([diver, s]) => ({ diver, predictedTotal: Math.round(s.predicted * 100) / 100, officialTotal: s.official === null ? null : Math.round(s.official * 100) / 100, dives: s.dives, rank: 0 }));
  list.sort((a, b) => b.predictedTotal - a.predictedTotal || a.diver.localeCompare(b.diver));
  list.forEach((s, k) => {
    const previous = list[k - 1];
    s.rank = previous && previous.predictedTotal === s.predictedTotal ? previous.rank : k + 1;
  });
  return list;
}

export const RESULTS_CSV_HEADER = ['diver', 'round', 'dive', 'height', 'predicted', 'official', 'difference', 'award_equivalent', 'diver_total', 'diver_rank'] as const;

/** One row per sheet row (scored or not), with the diver's total and rank. */
export function resultsCsv(rows: readonly DiveSheetRow[], results: Readonly<Record<string, RowResult | undefined>>): string {
  const table = standings(rows, results);
  const byDiver = new Map(table.map((s) => [s.diver, s]));
  return toCsv(
    RESULTS_CSV_HEADER,
    rows.map((row) => {
      const r = results[row.id];
      const s = byDiver.get(row.diver);
      return [row.diver, row.round, row.diveNumber, row.height, r?.predictedScore ?? null, row.officialScore, r && row.officialScore !== null ? Math.round((r.predictedScore - row.officialScore) * 100) / 100 : null, r?.awardEquivalent ?? null, s?.predictedTotal ?? null, s?.rank ?? null];
    }),
  );
}
