/**
 * The personal exemplar library as data: one entry per dive a coach added with its official score.
 * Features are kept per model pack (a pack's compare graph decides what its features mean), and
 * the pose and splash are kept so features can be recomputed for a pack the entry has not met.
 * The export file is a zip: `library.json` (format below) + `clips/<id>` for the clips that exist.
 * Framework-free.
 */
import { z } from 'zod';
import { heightFromMetres, panelBreakdown } from '../../domain/index.ts';
import type { ExemplarRecord } from '../aqa/pack.ts';
import type { FrameTransitions } from '../aqa/stages.ts';
import type { ReplayLeftOut } from '../aqa/replays.ts';
import type { ClipRecord, PoseRecord, SplashRecord } from './record.ts';
import { boundedUnzip, listZip, ZipLimitError, type ZipEntryInfo } from '../zip/boundedUnzip.ts';
import { clipRecordSchema, count, describeIssues, exemplarProblem, exemplarRecordSchema, LIMITS, numbers, parseJsonText, poseRecordSchema, replayLeftOutSchema, slowdownSchema, splashRecordSchema, text, transitionsSchema } from './schema.ts';

export const LIBRARY_FORMAT = 'divejudge.exemplar-library/1';

export interface PackFeatures {
  /** K·L × D fused stage features (the compare graph's query_fused). */
  fused: number[];
  static: number[] | null;
  /** Model-axis boundaries used, and the pack's frame count. */
  boundaries: [number, number];
  frames: number;
}

export interface LibraryEntry {
  id: string;
  createdAt: string;
  /** Voting data, in the bank's own shape (`source` says it is the user's). */
  record: ExemplarRecord;
  clip: ClipRecord;
  pose: PoseRecord;
  splash: SplashRecord | null;
  stages: FrameTransitions;
  /** The slow-motion replay its analysis left out, and the analysed part's time scale (src/pipeline/aqa/replays.ts); absent when none and in older files. */
  replay?: ReplayLeftOut;
  slowdown?: number;
  /** By pack key "id@version". */
  features: Record<string, PackFeatures>;
}

export interface LibraryFile {
  format: typeof LIBRARY_FORMAT;
  exportedAt: string;
  entries: LibraryEntry[];
}

export function packFeatureKey(pack: { id: string; version: string }): string {
  return `${pack.id}@${pack.version}`;
}

export interface NewExemplarInput {
  id: string;
  createdAt: string;
  diveNumber: string;
  heightMetres: number;
  dd: number;
  officialScore: number | null;
  awards: number[];
  clip: ClipRecord;
  pose: PoseRecord;
  splash: SplashRecord | null;
  stages: FrameTransitions;
  replay?: ReplayLeftOut | null;
  slowdown?: number | null;
}

export class ExemplarInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExemplarInputError';
  }
}

/**
 * The official score a coach gives (or the one the awards make, by the panel rules), checked:
 * awards 0–10 in half points on a 3, 5 or 7-judge panel; a score between 0 and 30 × DD; a score
 * and awards that disagree are refused with both figures.
 */
export function officialScoreOf(input: { officialScore: number | null; awards: number[]; dd: number }): number {
  let fromAwards: number | null = null;
  if (input.awards.length > 0) {
    try {
      fromAwards = panelBreakdown(input.awards, { dd: input.dd }).points;
    } catch (error) {
      throw new ExemplarInputError(error instanceof Error ? error.message : String(error));
    }
  }
  const score = input.officialScore ?? fromAwards;
  if (score === null) throw new ExemplarInputError('Give the official score (or the judges’ awards).');
  if (!(score >= 0 && score <= 30 * input.dd + 1e-9)) throw new ExemplarInputError(`An official score of ${score} is impossible at DD ${input.dd} (0 to ${(30 * input.dd).toFixed(2)}).`);
  if (fromAwards !== null && Math.abs(fromAwards - score) > 0.011) throw new ExemplarInputError(`The awards make ${fromAwards.toFixed(2)} at DD ${input.dd}, not ${score.toFixed(2)}.`);
  return Math.round(score * 100) / 100;
}

export function newLibraryEntry(input: NewExemplarInput): LibraryEntry {
  const officialScore = officialScoreOf(input);
  const height = heightFromMetres(input.heightMetres);
  return {
    id: input.id,
    createdAt: input.createdAt,
    record: {
      id: input.id,
      diveNumber: input.diveNumber.toUpperCase(),
      height: input.heightMetres,
      dd: input.dd,
      awards: input.awards,
      officialScore,
      awardSum: officialScore / input.dd,
      splashScore: input.splash?.areaSeconds ?? 0,
      source: `your library: ${input.clip.fileName} (${height ?? `${input.heightMetres} m`})`,
      transitions: [0, 0],
    },
    clip: input.clip,
    pose: input.pose,
    splash: input.splash,
    stages: input.stages,
    ...(input.replay ? { replay: input.replay } : {}),
    ...(input.slowdown != null ? { slowdown: input.slowdown } : {}),
    features: {},
  };
}

const packFeaturesSchema = z.object({
  fused: numbers(LIMITS.features),
  static: numbers(LIMITS.features).nullable(),
  boundaries: z.tuple([count, count]),
  frames: count.max(LIMITS.frames),
});

const libraryEntrySchema = z
  .object({
    id: text.min(1),
    createdAt: text,
    record: exemplarRecordSchema,
    clip: clipRecordSchema,
    pose: poseRecordSchema,
    splash: splashRecordSchema.nullable(),
    stages: transitionsSchema,
    replay: replayLeftOutSchema.optional(),
    slowdown: slowdownSchema.optional(),
    features: z.record(text, packFeaturesSchema),
  })
  .superRefine((entry, ctx) => {
    // The same domain checks as the add-exemplar form: a dive number, a height, a score the panel allows.
    const problem = exemplarProblem(entry.record);
    if (problem) ctx.addIssue({ code: 'custom', path: ['record'], message: problem });
    else {
      try {
        officialScoreOf({ officialScore: entry.record.officialScore, awards: entry.record.awards, dd: entry.record.dd });
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['record', 'awards'], message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (entry.record.id !== entry.id) ctx.addIssue({ code: 'custom', path: ['record', 'id'], message: `is not the entry's id (${entry.id.slice(0, 40)})` });
  });

/** The one schema of library.json (and of entries read back from storage). */
export const libraryFileSchema = z.object({
  format: z.literal(LIBRARY_FORMAT),
  exportedAt: text,
  entries: z.array(libraryEntrySchema).max(LIMITS.libraryEntries, `has more than ${LIMITS.libraryEntries} exemplars`),
});

/** Compile-time: the schema's output is a LibraryFile, so the two cannot drift apart. */
const schemaMatchesLibrary: (value: z.output<typeof libraryFileSchema>) => LibraryFile = (value) => value;
void schemaMatchesLibrary;

/** A stored entry read back → the entry, or the problems naming their fields. */
export function checkLibraryEntry(value: unknown): { ok: true; entry: LibraryEntry } | { ok: false; problems: string } {
  const result = libraryEntrySchema.safeParse(value);
  return result.success ? { ok: true, entry: result.data } : { ok: false, problems: describeIssues(result.error) };
}

/** library.json's text → entries, or an error naming every field that is wrong. */
export function parseLibraryFile(text: string, fileName = 'the file'): LibraryFile {
  const json = parseJsonText(
    text,
    () => new ExemplarInputError(`${fileName}: library.json is larger than any DiveJudge library (at most ${LIMITS.fileBytes / 2 ** 20} MB), so it was not read.`),
    () => new ExemplarInputError(`${fileName}: library.json is not JSON.`),
  );
  if (typeof json !== 'object' || json === null || !('format' in json) || json.format !== LIBRARY_FORMAT) throw new ExemplarInputError(`${fileName} is not a DiveJudge exemplar library (no "format": "${LIBRARY_FORMAT}").`);
  const result = libraryFileSchema.safeParse(json);
  if (!result.success) throw new ExemplarInputError(`${fileName} is a DiveJudge library but it is damaged: ${describeIssues(result.error)}.`);
  // Entries vote with the award sum their official score makes, never with one the file states.
  for (const entry of result.data.entries) entry.record.awardSum = entry.record.officialScore / entry.record.dd;
  return result.data;
}

/** A library zip holds its clips: 2 GiB is far beyond a session's worth and within what a tab can hold. */
export const LIBRARY_ZIP_LIMIT = 2 * 1024 ** 3;

/**
 * A library export (zip) → its entries and the clips they name, read bounded (boundedUnzip):
 * library.json first, then only the clips of its entries, none larger than it declares, and never
 * one that would inflate like no video does (clips are stored, not deflated, on export).
 */
export function readLibraryZip(bytes: Uint8Array, fileName: string): { library: LibraryFile; clips: Record<string, Uint8Array> } {
  let listing: ZipEntryInfo[];
  try {
    listing = listZip(bytes);
  } catch {
    throw new ExemplarInputError(`${fileName} is not a DiveJudge library file (a .zip with library.json).`);
  }
  if (!listing.some((e) => e.name === 'library.json')) throw new ExemplarInputError(`${fileName} has no library.json: it is not a DiveJudge library file.`);
  const unzip = (limitOf: (entry: ZipEntryInfo) => number | null) => {
    try {
      return boundedUnzip(bytes, limitOf);
    } catch (error) {
      if (error instanceof ZipLimitError) throw new ExemplarInputError(`${fileName} was refused: ${error.message}.`);
      throw error;
    }
  };
  const json = unzip((e) => (e.name === 'library.json' ? LIMITS.fileBytes : null))['library.json'] ?? new Uint8Array(0);
  const library = parseLibraryFile(new TextDecoder().decode(json), fileName);
  const clipNames = new Set(library.entries.map((e) => `clips/${e.id}`));
  const bomb = listing.find((e) => clipNames.has(e.name) && e.declaredSize > Math.max(1024 * 1024, e.compressedSize * 20));
  if (bomb) throw new ExemplarInputError(`${bomb.name} would inflate ${(bomb.declaredSize / Math.max(1, bomb.compressedSize)).toFixed(0)} times, which no video clip does: ${fileName} was refused before inflating it (a zip bomb?).`);
  const files = unzip((e) => (clipNames.has(e.name) ? LIBRARY_ZIP_LIMIT : null));
  const clips: Record<string, Uint8Array> = {};
  for (const entry of library.entries) {
    const clip = files[`clips/${entry.id}`];
    if (clip) clips[entry.id] = clip;
  }
  return { library, clips };
}
