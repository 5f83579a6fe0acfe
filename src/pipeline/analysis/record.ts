/**
 * One finished (or part-finished) analysis as plain data: what is saved in IndexedDB, exported as
 * JSON and re-imported, and what the PDF and CSV exporters read. Typed arrays become number arrays
 * here so the record is JSON as it stands. Framework-free.
 *
 * `parseAnalysisRecord` checks an imported file field by field and says precisely what is wrong;
 * it never half-accepts a file.
 */
import { SCENE_TRACK_NORMALISATIONS, sceneTrackChannels } from '../aqa/sceneTrack.ts';
import type { TakeOffGeometry } from '../aqa/takeOff.ts';
import type { ExemplarRecord } from '../aqa/pack.ts';
import type { ScoreSummary } from '../aqa/analysis.ts';
import type { FrameTransitions } from '../aqa/stages.ts';
import type { Vote } from '../aqa/voting.ts';

export const ANALYSIS_FORMAT = 'divejudge.analysis/1';

export type HeightLabel = '1m' | '3m' | '5m' | '7.5m' | '10m';

export interface ClipRecord {
  fileName: string;
  bytes: number;
  durationSeconds: number;
  fps: number;
  frameCount: number;
  width: number;
  height: number;
  codec: string;
}

export interface DiveRecord {
  code: string;
  height: HeightLabel;
  name: string | null;
  dd: number | null;
}

export interface PackRef {
  id: string;
  version: string;
  name: string;
  /** The pack store's key (bundled URL path or "user:id@version"). */
  key: string;
  trainedOn: { kind: 'simulated' | 'dataset'; name: string };
  /** The label every score carries, e.g. "trained on simulated dives — indicative, …". */
  label: string;
}

/** The repaired pose sequence in frame pixels (PackedPoseSequence as plain arrays). */
export interface PoseRecord {
  config: string;
  fps: number;
  width: number;
  height: number;
  frameCount: number;
  /** frameCount × 16 × 3: x, y (pixels), confidence. */
  joints: number[];
  /** frameCount × 4 (x1, y1, x2, y2); null where no box. */
  boxes: Array<number | null>;
  scores: number[];
  detected: number[];
  /** frameCount × 16: 1 where the joint was interpolated. */
  repaired: number[];
}

export interface SplashRecord {
  score: number;
  areaSeconds: number;
  confidence: number;
  reason: string | null;
  entryIndex: number;
  trace: number[];
}

/** The encoder's view of the clip (the scoring worker's AnalysedClip as plain arrays). */
export interface EncodedRecord {
  frameIndices: number[];
  boundaries: [number, number];
  transitionProbs: number[];
  /** The encoder's inputs: T × 16 × 3 crop-centred poses and T splash areas (enough to re-encode a pose pack). */
  poses: number[];
  splash: number[];
  /** T × channels scene track (src/pipeline/aqa/sceneTrack.ts), for packs that take one: rescoring then needs no clip. */
  sceneTrack?: number[];
  /** Take-off geometry with the camera's motion undone (src/pipeline/aqa/takeOff.ts), when the pack followed the camera. */
  takeOff?: TakeOffGeometry;
  splashMeasured: SplashRecord | null;
}

export interface ScoreRecord {
  /** Indices into the exemplar list the analysis voted with (pack bank, then the personal library). */
  exemplars: number[];
  relative: number[];
  stageScores: number[];
  relativeSplash: number[];
  boundaries: [number, number];
  vote: Vote;
}

export interface AnalysisRecord {
  format: typeof ANALYSIS_FORMAT;
  id: string;
  createdAt: string;
  updatedAt: string;
  clip: ClipRecord;
  dive: DiveRecord;
  pack: PackRef;
  pose: PoseRecord | null;
  encoded: EncodedRecord | null;
  stages: { model: FrameTransitions; used: FrameTransitions } | null;
  voting: { mode: 'auto' | 'chosen'; n: number; chosen: number[] };
  score: ScoreRecord | null;
  summary: ScoreSummary | null;
  /** The exemplars that voted, copied (the report and a re-import do not need the pack). */
  voters: ExemplarRecord[];
  timings: { poseMs: number | null; encodeMs: number; splashMs: number; compareMs: number; totalMs: number | null } | null;
}

/** A short line per saved analysis, for lists and the session CSV. */
export interface AnalysisListing {
  id: string;
  updatedAt: string;
  fileName: string;
  diveCode: string;
  height: HeightLabel;
  predictedScore: number | null;
  packName: string;
}

export function listingOf(record: AnalysisRecord): AnalysisListing {
  return {
    id: record.id,
    updatedAt: record.updatedAt,
    fileName: record.clip.fileName,
    diveCode: record.dive.code,
    height: record.dive.height,
    predictedScore: record.summary?.predictedScore ?? null,
    packName: record.pack.name,
  };
}

/** Float arrays rounded for storage: pixel coordinates to 0.01 px, everything else to 1e-6. */
export function toNumbers(values: ArrayLike<number>, digits = 6): number[] {
  const scale = 10 ** digits;
  return Array.from(values, (v) => (Number.isFinite(v) ? Math.round(v * scale) / scale : 0));
}

export function boxesToRecord(boxes: ArrayLike<number>): Array<number | null> {
  return Array.from(boxes, (v) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null));
}

export function boxesFromRecord(boxes: ReadonlyArray<number | null>): Float32Array {
  return Float32Array.from(boxes, (v) => (v === null ? Number.NaN : v));
}

export function serialiseAnalysis(record: AnalysisRecord): string {
  return JSON.stringify(record);
}

export class AnalysisFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisFileError';
  }
}

const HEIGHT_LABELS: readonly string[] = ['1m', '3m', '5m', '7.5m', '10m'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects every problem of an imported file, so the message names them all at once. */
class Checker {
  readonly problems: string[] = [];
  object(value: unknown, path: string): Json {
    if (isObject(value)) return value;
    this.problems.push(`${path} is missing or not an object`);
    return {};
  }
  string(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    this.problems.push(`${path} should be text`);
    return '';
  }
  number(value: unknown, path: string, nullable = false): number {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (nullable && value === null) return Number.NaN;
    this.problems.push(`${path} should be a number`);
    return 0;
  }
  numbers(value: unknown, path: string, length?: number, nullable = false): void {
    if (!Array.isArray(value)) {
      this.problems.push(`${path} should be a list of numbers`);
      return;
    }
    const bad = value.findIndex((v) => !((typeof v === 'number' && Number.isFinite(v)) || (nullable && v === null)));
    if (bad >= 0) this.problems.push(`${path}[${bad}] is not a number`);
    if (length !== undefined && value.length !== length) this.problems.push(`${path} has ${value.length} values, expected ${length}`);
  }
  transitions(value: unknown, path: string, frameCount: number): void {
    const t = this.object(value, path);
    const a = this.number(t.takeOffEnd, `${path}.takeOffEnd`);
    const b = this.number(t.entryStart, `${path}.entryStart`);
    if (!(a >= 0 && a < b && b < Math.max(frameCount, b + 1))) this.problems.push(`${path}: take-off must end before entry starts, inside the clip`);
  }
}

/**
 * A JSON file's text → an AnalysisRecord, or an AnalysisFileError naming what is wrong
 * ("not a DiveJudge analysis", a newer format, or the fields that do not fit).
 */
export function parseAnalysisRecord(text: string, fileName = 'the file'): AnalysisRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AnalysisFileError(`${fileName} is not JSON, so it is not a DiveJudge analysis.`);
  }
  if (!isObject(json) || typeof json.format !== 'string' || !json.format.startsWith('divejudge.analysis/')) {
    throw new AnalysisFileError(`${fileName} is JSON but not a DiveJudge analysis (no "format": "${ANALYSIS_FORMAT}").`);
  }
  if (json.format !== ANALYSIS_FORMAT) throw new AnalysisFileError(`${fileName} was written by a newer DiveJudge (${json.format}); this version reads ${ANALYSIS_FORMAT}.`);
  const c = new Checker();
  c.string(json.id, 'id');
  c.string(json.createdAt, 'createdAt');
  c.string(json.updatedAt, 'updatedAt');
  const clip = c.object(json.clip, 'clip');
  c.string(clip.fileName, 'clip.fileName');
  for (const key of ['bytes', 'durationSeconds', 'fps', 'frameCount', 'width', 'height'] as const) c.number(clip[key], `clip.${key}`);
  const frameCount = typeof clip.frameCount === 'number' ? clip.frameCount : 0;
  const dive = c.object(json.dive, 'dive');
  c.string(dive.code, 'dive.code');
  if (!HEIGHT_LABELS.includes(dive.height as string)) c.problems.push(`dive.height should be one of ${HEIGHT_LABELS.join(', ')}`);
  if (dive.dd !== null) c.number(dive.dd, 'dive.dd');
  const pack = c.object(json.pack, 'pack');
  for (const key of ['id', 'version', 'name', 'key', 'label'] as const) c.string(pack[key], `pack.${key}`);
  c.object(pack.trainedOn, 'pack.trainedOn');
  if (json.pose !== null) {
    const pose = c.object(json.pose, 'pose');
    const n = c.number(pose.frameCount, 'pose.frameCount');
    c.numbers(pose.joints, 'pose.joints', n * 48);
    c.numbers(pose.boxes, 'pose.boxes', n * 4, true);
    c.numbers(pose.scores, 'pose.scores', n);
    c.numbers(pose.detected, 'pose.detected', n);
    c.numbers(pose.repaired, 'pose.repaired', n * 16);
  }
  if (json.encoded !== null) {
    const encoded = c.object(json.encoded, 'encoded');
    c.numbers(encoded.frameIndices, 'encoded.frameIndices');
    const T = Array.isArray(encoded.frameIndices) ? encoded.frameIndices.length : 0;
    c.numbers(encoded.boundaries, 'encoded.boundaries', 2);
    c.numbers(encoded.transitionProbs, 'encoded.transitionProbs', T * 2);
    c.numbers(encoded.poses, 'encoded.poses', T * 48);
    c.numbers(encoded.splash, 'encoded.splash', T);
    if (encoded.sceneTrack !== undefined) {
      // Which scene track depends on the pack it was scored with: any known channel count.
      c.numbers(encoded.sceneTrack, 'encoded.sceneTrack');
      const counts = SCENE_TRACK_NORMALISATIONS.map((n) => T * sceneTrackChannels(n));
      if (Array.isArray(encoded.sceneTrack) && !counts.includes(encoded.sceneTrack.length)) c.problems.push(`encoded.sceneTrack has ${encoded.sceneTrack.length} values, expected ${counts.join(' or ')}`);
    }
    if (encoded.takeOff !== undefined) {
      const t = c.object(encoded.takeOff, 'encoded.takeOff');
      for (const k of ['takeOffFrame', 'apexFrame', 'bodyLength', 'bodyLengthM', 'rise', 'clearance'] as const) c.number(t[k], `encoded.takeOff.${k}`);
    }
  }
  if (json.stages !== null) {
    const stages = c.object(json.stages, 'stages');
    c.transitions(stages.model, 'stages.model', frameCount);
    c.transitions(stages.used, 'stages.used', frameCount);
  }
  const voting = c.object(json.voting, 'voting');
  if (voting.mode !== 'auto' && voting.mode !== 'chosen') c.problems.push('voting.mode should be "auto" or "chosen"');
  c.number(voting.n, 'voting.n');
  c.numbers(voting.chosen, 'voting.chosen');
  if (json.score !== null) {
    const score = c.object(json.score, 'score');
    c.numbers(score.exemplars, 'score.exemplars');
    const n = Array.isArray(score.exemplars) ? score.exemplars.length : 0;
    c.numbers(score.relative, 'score.relative', n);
    c.numbers(score.relativeSplash, 'score.relativeSplash', n);
    c.numbers(score.stageScores, 'score.stageScores');
    c.object(score.vote, 'score.vote');
  }
  if (json.summary !== null) {
    const summary = c.object(json.summary, 'summary');
    c.number(summary.predictedScore, 'summary.predictedScore');
  }
  if (!Array.isArray(json.voters)) c.problems.push('voters should be a list');
  if (c.problems.length > 0) {
    const shown = c.problems.slice(0, 4).join('; ');
    throw new AnalysisFileError(`${fileName} is a DiveJudge analysis but it is damaged: ${shown}${c.problems.length > 4 ? ` (and ${c.problems.length - 4} more)` : ''}.`);
  }
  return json as unknown as AnalysisRecord;
}
