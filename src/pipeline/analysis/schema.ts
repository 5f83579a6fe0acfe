/**
 * What the files users bring in (analysis JSON, exemplar library) share: size limits that fit real
 * clips, the building blocks of their schemas (zod), the diving-rule checks they all apply (dive
 * number, height, DD, scores the panel arithmetic allows), and one way of turning schema problems
 * into a message that names the field. Framework-free.
 */
import { z } from 'zod';
import { HEIGHTS, heightFromMetres, isValidDiveNumber, scoreBounds, type Height } from '../../domain/index.ts';


/**
 * Limits: generous for real footage, small enough that a hostile file is refused before it costs
 * memory. 18 000 frames is five minutes at 60 fps (a dive clip is seconds); a bank or library has
 * hundreds of exemplars, not hundreds of thousands.
 */
export const LIMITS = {
  /** Bytes of an analysis JSON or of library.json. */
  fileBytes: 64 * 1024 * 1024,
  frames: 18_000,
  /** File names, ids, labels. */
  text: 1_000,
  voters: 1_000,
  libraryEntries: 2_000,
  /** Stage features per pack (K·L × D floats). */
  features: 65_536,
  /** Other samplings of a clip's frames an analysis keeps the encoder inputs of (the app keeps 2). */
  samplings: 8,
} as const;

export const text = z.string().max(LIMITS.text, `is longer than ${LIMITS.text} characters`);
export const finite = z.number();
export const nonNegative = z.number().min(0);
export const count = z.number().int().min(0);

/** A list of finite numbers (NaN and Infinity cannot come through JSON, null is refused). */
export const numbers = (max: number) => z.array(finite).max(max, `has more than ${max} values`);

export const heightLabelSchema = z.enum(['1m', '3m', '5m', '7.5m', '10m'] as const satisfies readonly Height[]);

export const transitionsSchema = z.object({ takeOffEnd: count, entryStart: count }).refine((t) => t.takeOffEnd < t.entryStart, { message: 'take-off must end before entry starts' });

/** The replay or underwater view an analysis left out (src/pipeline/aqa/replays.ts): never from the first frame. */
export const replayLeftOutSchema = z
  .object({ start: count, end: count, slowdown: z.number().finite().positive(), view: z.literal('underwater').optional() })
  .refine((r) => r.start > 0 && r.end >= r.start, 'must be frames after the first, start before end');
/** How many times slower than real time the analysed frames play. */
export const slowdownSchema = z.number().finite().positive();

export const clipRecordSchema = z.object({
  fileName: text,
  bytes: nonNegative,
  durationSeconds: nonNegative,
  fps: z.number().positive().max(1000),
  frameCount: count.max(LIMITS.frames, `is more than ${LIMITS.frames} frames`),
  width: count.max(16_384),
  height: count.max(16_384),
  codec: text,
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 fingerprint').optional(),
});

export const poseRecordSchema = z
  .object({
    config: text,
    fps: z.number().positive().max(1000),
    width: count.max(16_384),
    height: count.max(16_384),
    frameCount: count.max(LIMITS.frames, `is more than ${LIMITS.frames} frames`),
    joints: numbers(LIMITS.frames * 48),
    boxes: z.array(finite.nullable()).max(LIMITS.frames * 4),
    scores: numbers(LIMITS.frames),
    detected: numbers(LIMITS.frames),
    repaired: numbers(LIMITS.frames * 16),
  })
  .superRefine((pose, ctx) => {
    const n = pose.frameCount;
    const expect = (key: 'joints' | 'boxes' | 'scores' | 'detected' | 'repaired', per: number) => {
      if (pose[key].length !== n * per) ctx.addIssue({ code: 'custom', path: [key], message: `has ${pose[key].length} values, expected ${n * per}` });
    };
    expect('joints', 48);
    expect('boxes', 4);
    expect('scores', 1);
    expect('detected', 1);
    expect('repaired', 16);
  });

export const splashRecordSchema = z.object({
  score: finite,
  areaSeconds: finite,
  confidence: finite,
  reason: text.nullable(),
  entryIndex: finite,
  trace: numbers(LIMITS.frames),
});

/** One exemplar as it votes (pack bank shape): the diving-rule checks are `exemplarProblems`. */
export const exemplarRecordSchema = z.object({
  id: text,
  diveNumber: text,
  height: z.number().positive().max(10),
  dd: z.number().positive().max(5),
  awards: z.array(finite).max(11),
  officialScore: finite,
  awardSum: finite,
  splashScore: finite,
  source: text,
  transitions: z.tuple([finite, finite]),
});

/**
 * Why the dive number, height label and DD cannot go together, or null. The DD is checked for the
 * form the rules give it (one decimal, 1.0 to 5.0), not against this version's table: tables change
 * between editions, and a file (or a bank) may carry an older one.
 */
export function diveProblem(code: string, height: string, dd: number | null): string | null {
  if (code === '') return dd === null ? null : 'a DD is given without a dive number';
  if (!isValidDiveNumber(code)) return `“${code.slice(0, 40)}” is not a dive number`;
  if (!(HEIGHTS as readonly string[]).includes(height)) return `${height.slice(0, 40)} is not a board or platform height`;
  if (dd === null) return null;
  if (!(dd >= 1 && dd <= 5) || Math.abs(Math.round(dd * 10) - dd * 10) > 1e-6) return `DD ${dd} is not a degree of difficulty (one decimal, 1.0 to 5.0)`;
  return null;
}

/** Why an exemplar's official score cannot be: outside what the panel allows at its DD, or disagreeing with its award sum. */
export function exemplarProblem(e: { diveNumber: string; height: number; dd: number; officialScore: number; awardSum: number }): string | null {
  const height = heightFromMetres(e.height);
  if (height === null) return `${e.height} m is not a board or platform height`;
  const dive = diveProblem(e.diveNumber, height, e.dd);
  if (dive) return dive;
  let bounds: { min: number; max: number };
  try {
    bounds = scoreBounds({ dd: e.dd });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { min, max } = bounds;
  if (!(e.officialScore >= min && e.officialScore <= max + 1e-9)) return `an official score of ${e.officialScore} is impossible at DD ${e.dd} (${min} to ${max.toFixed(2)})`;
  if (Math.abs(e.awardSum * e.dd - e.officialScore) > 0.05) return `its award sum ${e.awardSum} does not make its official score ${e.officialScore} at DD ${e.dd}`;
  return null;
}

/** A file's schema problems as one line: the first few, each naming its field. */
export function describeIssues(error: z.ZodError, limit = 4): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return path ? `${path}: ${issue.message.replace(/^Invalid input: /, '')}` : issue.message;
  });
  const shown = lines.slice(0, limit).join('; ');
  return lines.length > limit ? `${shown} (and ${lines.length - limit} more)` : shown;
}

/** JSON text → a value, refusing text beyond the size limit before parsing it. */
export function parseJsonText(text: string, tooBig: () => Error, notJson: () => Error): unknown {
  if (text.length > LIMITS.fileBytes) throw tooBig();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson();
  }
}
