/**
 * One finished (or part-finished) analysis as plain data: what is saved in IndexedDB, exported as
 * JSON and re-imported, and what the PDF and CSV exporters read. Typed arrays become number arrays
 * here so the record is JSON as it stands. Framework-free.
 *
 * `analysisRecordSchema` is the one check of the format, for imported files and for records read
 * back from storage: every field, its size, and the diving rules (dive number, DD, a score the
 * panel allows). It never half-accepts a file and its message names the fields.
 */
import { z } from 'zod';
import { AWARD_BANDS, awardBand, awardForScore, scoreBounds, type AwardBand } from '../../domain/index.ts';
import { SCENE_TRACK_NORMALISATIONS, sceneTrackChannels } from '../aqa/sceneTrack.ts';
import type { TakeOffGeometry } from '../aqa/takeOff.ts';
import type { ExemplarRecord } from '../aqa/pack.ts';
import type { ScoreSummary } from '../aqa/analysis.ts';
import type { FrameTransitions } from '../aqa/stages.ts';
import type { Vote } from '../aqa/voting.ts';
import type { ClipInfo } from '../video/clipInfo.ts';
import type { PackedPoseSequence } from '../pose/packed.ts';
import {
  clipRecordSchema,
  count,
  describeIssues,
  diveProblem,
  exemplarProblem,
  exemplarRecordSchema,
  finite,
  heightLabelSchema,
  LIMITS,
  nonNegative,
  numbers,
  parseJsonText,
  poseRecordSchema,
  replayLeftOutSchema,
  slowdownSchema,
  splashRecordSchema,
  text,
  transitionsSchema,
} from './schema.ts';

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
  /** The clip's content fingerprint (src/pipeline/video/fingerprint.ts); absent in records saved before it existed. */
  fingerprint?: string;
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
  /**
   * The encoder's inputs on the other samplings of the clip's frames (src/pipeline/aqa/inputs.ts,
   * SAMPLING_SHIFTS), whose scores are averaged in; absent in files saved before the thirty-first
   * session (scored on one sampling, as they were) and for packs that look at the pixels.
   */
  resampled?: Array<{ frameIndices: number[]; poses: number[]; splash: number[]; sceneTrack?: number[] }>;
  /** Take-off geometry with the camera's motion undone (src/pipeline/aqa/takeOff.ts), when the pack followed the camera. */
  takeOff?: TakeOffGeometry;
  /** Frames that start a new shot (src/pipeline/video/shots.ts); absent for one continuous shot and in older files. */
  cuts?: number[];
  /** The clip starts with the diver in the air, its take-off not in it (src/pipeline/aqa/takeOff.ts); absent otherwise and in older files. */
  startsInFlight?: boolean;
  /** The replay or underwater view left out of the analysis (src/pipeline/aqa/replays.ts); absent when none and in older files. */
  replay?: { start: number; end: number; slowdown: number; view?: 'underwater' };
  /** How many times slower than real time the analysed part plays; absent when not measured and in older files. */
  slowdown?: number;
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
  /** ClipScore.stageSplitSpread: the likely stage splits' votes apart (award-sum units); absent for stages a judge set. */
  stageSplitSpread?: number;
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
  /** Set when the analysis came from an imported file and has not been rescored on this device since: its file name. */
  importedFrom?: string | null;
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
  /** Why the saved record cannot be opened (it fails the schema), or null. */
  damaged: string | null;
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
    damaged: null,
  };
}

/** A stored value that fails the schema, listed so that the user can see it and remove it (never rendered from its own fields). */
export function damagedListing(value: unknown, problems: string): AnalysisListing {
  const id = typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : '';
  return { id, updatedAt: '', fileName: 'damaged analysis', diveCode: '', height: '10m', predictedScore: null, packName: '', damaged: problems };
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

const AWARD_BAND_NAMES = AWARD_BANDS.map((b) => b.band) as [AwardBand, ...AwardBand[]];

const packRefSchema = z.object({
  id: text,
  version: text,
  name: text,
  key: text,
  trainedOn: z.object({ kind: z.enum(['simulated', 'dataset']), name: text }),
  label: text,
});

const encodedSchema = z
  .object({
    frameIndices: z.array(count).max(LIMITS.frames),
    boundaries: z.tuple([count, count]),
    transitionProbs: numbers(LIMITS.frames * 2),
    poses: numbers(LIMITS.frames * 48),
    splash: numbers(LIMITS.frames),
    sceneTrack: numbers(LIMITS.frames * 64).optional(),
    resampled: z
      .array(z.object({ frameIndices: z.array(count).max(LIMITS.frames), poses: numbers(LIMITS.frames * 48), splash: numbers(LIMITS.frames), sceneTrack: numbers(LIMITS.frames * 64).optional() }))
      .max(LIMITS.samplings)
      .optional(),
    takeOff: z.object({ takeOffFrame: finite, apexFrame: finite, bodyLength: finite, bodyLengthM: finite, rise: finite, clearance: finite }).optional(),
    cuts: z
      .array(count)
      .max(LIMITS.frames)
      .refine((cuts) => cuts.every((c, i) => c > 0 && (i === 0 || c > (cuts[i - 1] as number))), 'must be frames after the first, in increasing order')
      .optional(),
    startsInFlight: z.boolean().optional(),
    replay: replayLeftOutSchema.optional(),
    slowdown: slowdownSchema.optional(),
    splashMeasured: splashRecordSchema.nullable(),
  })
  .superRefine((e, ctx) => {
    const T = e.frameIndices.length;
    const expect = (key: 'transitionProbs' | 'poses' | 'splash', per: number) => {
      if (e[key].length !== T * per) ctx.addIssue({ code: 'custom', path: [key], message: `has ${e[key].length} values, expected ${T * per}` });
    };
    expect('transitionProbs', 2);
    expect('poses', 48);
    expect('splash', 1);
    // Which scene track depends on the pack it was scored with: any known channel count.
    const counts = SCENE_TRACK_NORMALISATIONS.map((n) => T * sceneTrackChannels(n));
    if (e.sceneTrack && !counts.includes(e.sceneTrack.length)) ctx.addIssue({ code: 'custom', path: ['sceneTrack'], message: `has ${e.sceneTrack.length} values, expected ${counts.join(' or ')}` });
    // Each other sampling is the same clip read on other frames: the same shapes as the first.
    (e.resampled ?? []).forEach((r, k) => {
      const at = ['resampled', k];
      if (r.frameIndices.length !== T) ctx.addIssue({ code: 'custom', path: [...at, 'frameIndices'], message: `has ${r.frameIndices.length} frames, expected ${T}` });
      if (r.poses.length !== T * 48) ctx.addIssue({ code: 'custom', path: [...at, 'poses'], message: `has ${r.poses.length} values, expected ${T * 48}` });
      if (r.splash.length !== T) ctx.addIssue({ code: 'custom', path: [...at, 'splash'], message: `has ${r.splash.length} values, expected ${T}` });
      if ((r.sceneTrack?.length ?? null) !== (e.sceneTrack?.length ?? null)) ctx.addIssue({ code: 'custom', path: [...at, 'sceneTrack'], message: 'a scene track unlike the first sampling\'s' });
    });
  });

const voteSchema = z.object({ awardSum: finite, officialScore: finite, spread: nonNegative, perExemplar: numbers(LIMITS.voters) });

const scoreSchema = z
  .object({
    exemplars: z.array(count).max(LIMITS.voters),
    relative: numbers(LIMITS.voters),
    stageScores: numbers(LIMITS.voters * 16),
    relativeSplash: numbers(LIMITS.voters),
    boundaries: z.tuple([count, count]),
    vote: voteSchema,
    stageSplitSpread: nonNegative.optional(),
  })
  .superRefine((s, ctx) => {
    for (const key of ['relative', 'relativeSplash'] as const) {
      if (s[key].length !== s.exemplars.length) ctx.addIssue({ code: 'custom', path: [key], message: `has ${s[key].length} values, expected ${s.exemplars.length}` });
    }
  });

const summarySchema = z.object({
  dd: z.number().positive().max(5),
  predictedScore: finite,
  predictedAwardSum: finite,
  awardEquivalent: z.number().min(0).max(10),
  awardExact: finite,
  band: z.enum(AWARD_BAND_NAMES),
  uncertainty: nonNegative,
  low: finite,
  high: finite,
  exemplarScore: finite,
  stages: z.array(z.object({ stage: text, awardSum: finite, points: finite })).max(16),
  unexplained: finite,
  waterfall: z.array(z.object({ label: text, start: finite, end: finite, kind: z.enum(['total', 'gain', 'loss']) })).max(32),
  splashAreaSeconds: finite,
  splashEstimate: finite,
  votes: z
    .array(
      z.object({
        index: count,
        id: text,
        diveNumber: text,
        height: finite,
        source: text,
        officialScore: finite,
        scoreAtQueryDd: finite,
        impliedScore: finite,
        relativePoints: finite,
      }),
    )
    .max(LIMITS.voters),
  unboundedScore: finite.nullable().optional(),
  voteSpread: nonNegative.optional(),
  confidenceReasons: z.array(text).max(16).optional(),
  modelScore: finite.optional(),
  checklist: z.object({ award: z.number().min(0).max(10), score: finite, counted: count, share: z.number().min(0).max(1) }).nullable().optional(),
  stageSplits: z.object({ count, likeliestShare: z.number().min(0).max(1) }).nullable().optional(),
  samplings: z.number().int().min(1).max(LIMITS.samplings + 1).optional(),
});

/** The one schema of an analysis file (and of a saved analysis read back from IndexedDB). */
export const analysisRecordSchema = z
  .object({
    format: z.literal(ANALYSIS_FORMAT),
    id: text.min(1),
    createdAt: text,
    updatedAt: text,
    clip: clipRecordSchema,
    dive: z.object({ code: z.string().max(12), height: heightLabelSchema, name: text.nullable(), dd: z.number().positive().max(5).nullable() }),
    pack: packRefSchema,
    pose: poseRecordSchema.nullable(),
    encoded: encodedSchema.nullable(),
    stages: z.object({ model: transitionsSchema, used: transitionsSchema }).nullable(),
    voting: z.object({ mode: z.enum(['auto', 'chosen']), n: count.max(LIMITS.voters), chosen: z.array(count).max(LIMITS.voters) }),
    score: scoreSchema.nullable(),
    summary: summarySchema.nullable(),
    voters: z.array(exemplarRecordSchema).max(LIMITS.voters),
    timings: z.object({ poseMs: finite.nullable(), encodeMs: finite, splashMs: finite, compareMs: finite, totalMs: finite.nullable() }).nullable(),
    importedFrom: text.nullable().optional(),
  })
  .superRefine((r, ctx) => {
    const dive = diveProblem(r.dive.code, r.dive.height, r.dive.dd);
    if (dive) ctx.addIssue({ code: 'custom', path: ['dive', 'code'], message: dive });
    if (r.stages) {
      const last = Math.max(r.clip.frameCount, r.stages.used.entryStart + 1);
      if (r.stages.used.entryStart >= last || r.stages.model.entryStart >= Math.max(r.clip.frameCount, r.stages.model.entryStart + 1)) ctx.addIssue({ code: 'custom', path: ['stages'], message: 'lie outside the clip' });
    }
    r.voters.forEach((v, i) => {
      const problem = exemplarProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', path: ['voters', i], message: problem });
    });
    if (r.summary) {
      const s = r.summary;
      if (r.dive.dd !== null && Math.abs(s.dd - r.dive.dd) > 1e-6) ctx.addIssue({ code: 'custom', path: ['summary', 'dd'], message: `is ${s.dd}, but the dive's DD is ${r.dive.dd}` });
      let bounds: { min: number; max: number } | null = null;
      try {
        bounds = scoreBounds({ dd: s.dd });
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['summary', 'dd'], message: error instanceof Error ? error.message : String(error) });
      }
      if (bounds) {
        if (!(s.predictedScore >= bounds.min && s.predictedScore <= bounds.max + 1e-6)) {
          ctx.addIssue({ code: 'custom', path: ['summary', 'predictedScore'], message: `${s.predictedScore} is impossible at DD ${s.dd} (${bounds.min} to ${bounds.max.toFixed(2)})` });
        } else {
          const award = awardForScore(s.predictedScore, { dd: s.dd }).award;
          if (award !== s.awardEquivalent) ctx.addIssue({ code: 'custom', path: ['summary', 'awardEquivalent'], message: `is ${s.awardEquivalent}, but ${s.predictedScore.toFixed(2)} points at DD ${s.dd} make ${award}` });
          if (awardBand(award) !== s.band) ctx.addIssue({ code: 'custom', path: ['summary', 'band'], message: `is “${s.band}”, but award ${award} is “${awardBand(award)}”` });
        }
        if (!(s.low >= bounds.min - 1e-6 && s.low <= s.predictedScore + 1e-6 && s.high >= s.predictedScore - 1e-6 && s.high <= bounds.max + 1e-6)) {
          ctx.addIssue({ code: 'custom', path: ['summary', 'low'], message: 'and high do not bracket the score inside what the panel allows' });
        }
      }
      if (!r.score) ctx.addIssue({ code: 'custom', path: ['score'], message: 'is missing, but the file has a summary' });
    }
  });

/** A value (a file's parsed JSON, or a record read back from storage) → an AnalysisRecord, or the problems naming their fields. */
export function checkAnalysisRecord(value: unknown): { ok: true; record: AnalysisRecord } | { ok: false; problems: string } {
  const result = analysisRecordSchema.safeParse(value);
  // The schema's output is the record with unknown keys dropped; its type is checked against AnalysisRecord below.
  return result.success ? { ok: true, record: result.data } : { ok: false, problems: describeIssues(result.error) };
}

/** Compile-time: the schema's output is an AnalysisRecord, so the two cannot drift apart. */
type SchemaOutput = z.output<typeof analysisRecordSchema>;
const schemaMatchesRecord: (value: SchemaOutput) => AnalysisRecord = (value) => value;
void schemaMatchesRecord;

/**
 * A JSON file's text → an AnalysisRecord, or an AnalysisFileError naming what is wrong
 * ("not a DiveJudge analysis", a newer format, too big, or the fields that do not fit).
 */
export function parseAnalysisRecord(text: string, fileName = 'the file'): AnalysisRecord {
  const json = parseJsonText(
    text,
    () => new AnalysisFileError(`${fileName} is ${(text.length / 2 ** 20).toFixed(0)} MB: larger than any DiveJudge analysis (at most ${LIMITS.fileBytes / 2 ** 20} MB), so it was not read.`),
    () => new AnalysisFileError(`${fileName} is not JSON, so it is not a DiveJudge analysis.`),
  );
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('format' in json) || typeof json.format !== 'string' || !json.format.startsWith('divejudge.analysis/')) {
    throw new AnalysisFileError(`${fileName} is JSON but not a DiveJudge analysis (no "format": "${ANALYSIS_FORMAT}").`);
  }
  if (json.format !== ANALYSIS_FORMAT) throw new AnalysisFileError(`${fileName} was written by a newer DiveJudge (${json.format.slice(0, 60)}); this version reads ${ANALYSIS_FORMAT}.`);
  const checked = checkAnalysisRecord(json);
  if (!checked.ok) throw new AnalysisFileError(`${fileName} is a DiveJudge analysis but it is damaged: ${checked.problems}.`);
  return checked.record;
}

/** What a saved analysis keeps of a loaded clip. */
export function clipRecordOf(clip: { info: ClipInfo; fingerprint: string }): ClipRecord {
  const { info } = clip;
  return { fileName: info.name, bytes: info.sizeBytes, durationSeconds: info.durationSeconds, fps: info.fps, frameCount: info.frameCount, width: info.width, height: info.height, codec: info.codec, fingerprint: clip.fingerprint };
}

/** A pose sequence as the record stores it (rounded). */
export function poseRecordOf(sequence: PackedPoseSequence): PoseRecord {
  return {
    config: sequence.config,
    fps: sequence.fps,
    width: sequence.width,
    height: sequence.height,
    frameCount: sequence.frameCount,
    joints: toNumbers(sequence.joints, 3),
    boxes: boxesToRecord(sequence.boxes),
    scores: toNumbers(sequence.scores, 4),
    detected: Array.from(sequence.detected),
    repaired: Array.from(sequence.repaired),
  };
}

/** The way back: a saved pose as the pose stage's packed sequence. */
export function packedPoseOf(pose: PoseRecord): PackedPoseSequence {
  return {
    fps: pose.fps,
    width: pose.width,
    height: pose.height,
    config: pose.config,
    frameCount: pose.frameCount,
    joints: Float32Array.from(pose.joints),
    boxes: boxesFromRecord(pose.boxes),
    scores: Float32Array.from(pose.scores),
    detected: Uint8Array.from(pose.detected),
    repaired: Uint8Array.from(pose.repaired),
  };
}
