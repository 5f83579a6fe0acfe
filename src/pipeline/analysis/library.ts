/**
 * The personal exemplar library as data: one entry per dive a coach added with its official score.
 * Features are kept per model pack (a pack's compare graph decides what its features mean), and
 * the pose and splash are kept so features can be recomputed for a pack the entry has not met.
 * The export file is a zip: `library.json` (format below) + `clips/<id>` for the clips that exist.
 * Framework-free.
 */
import { heightFromMetres, panelBreakdown } from '../../domain/index.ts';
import type { ExemplarRecord } from '../aqa/pack.ts';
import type { FrameTransitions } from '../aqa/stages.ts';
import type { ClipRecord, PoseRecord, SplashRecord } from './record.ts';

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
    features: {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** library.json's text → entries, or an error naming the first thing wrong. */
export function parseLibraryFile(text: string, fileName = 'the file'): LibraryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ExemplarInputError(`${fileName}: library.json is not JSON.`);
  }
  if (!isObject(json) || json.format !== LIBRARY_FORMAT) throw new ExemplarInputError(`${fileName} is not a DiveJudge exemplar library (no "format": "${LIBRARY_FORMAT}").`);
  if (!Array.isArray(json.entries)) throw new ExemplarInputError(`${fileName}: "entries" should be a list.`);
  json.entries.forEach((entry, i) => {
    const where = `${fileName}: entry ${i + 1}`;
    if (!isObject(entry) || typeof entry.id !== 'string') throw new ExemplarInputError(`${where} has no id.`);
    const record = entry.record;
    if (!isObject(record) || typeof record.diveNumber !== 'string' || typeof record.officialScore !== 'number' || typeof record.dd !== 'number' || typeof record.awardSum !== 'number') {
      throw new ExemplarInputError(`${where} (${entry.id}) lacks its dive number, DD or official score.`);
    }
    const pose = entry.pose;
    if (!isObject(pose) || !Array.isArray(pose.joints) || typeof pose.frameCount !== 'number' || pose.joints.length !== pose.frameCount * 48) {
      throw new ExemplarInputError(`${where} (${entry.id}) has a damaged pose.`);
    }
    if (!isObject(entry.stages) || !isObject(entry.clip) || !isObject(entry.features)) throw new ExemplarInputError(`${where} (${entry.id}) lacks its stages, clip details or features.`);
  });
  return json as unknown as LibraryFile;
}
