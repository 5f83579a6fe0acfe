/**
 * The app pose stage's output for one clip, cached on disk by `npm run eval:app` (the poses the
 * page computed, read back from its automation hook) and read by the trainer (`train.poses: "app"`)
 * and by eval:app's Node scoring. One format, checked where it is read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { JOINT_COUNT } from '../../src/pipeline/pose/skeleton.ts';
import type { ClipPoseInput } from '../../src/pipeline/aqa/clipAnalysis.ts';

const appPoseFileSchema = z
  .object({
    config: z.string(),
    frameCount: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    fps: z.number().positive(),
    joints: z.array(z.number()),
    boxes: z.array(z.number().nullable()),
    detected: z.array(z.number()),
    /** frameCount × 16, 1 where the pose stage interpolated the joint; absent in files written before 2026-12-04. */
    repaired: z.array(z.number()).optional(),
    /** true in files written since 2026-12-05 (the page's numbers in full); absent: rounded to 0.01 px. */
    exact: z.literal(true).optional(),
  })
  .refine((f) => f.joints.length === f.frameCount * JOINT_COUNT * 3 && f.boxes.length === f.frameCount * 4 && (f.repaired === undefined || f.repaired.length === f.frameCount * JOINT_COUNT), 'joints, boxes or repaired flags do not match the frame count');

export type AppPoseFile = z.infer<typeof appPoseFileSchema>;

/**
 * The app's default pose configuration label, what its cached poses are filed under. '+halves'
 * since 2026-12-04: the clip's pose pass split in two halves (src/pipeline/pose/segments.ts), and
 * the pose backend starting every clip afresh; poses cached before then are under the label
 * without it (packs 2.0.2 and earlier were trained and measured on those). From 2026-12-04
 * (seventh session) to 2026-12-05 '+lost3x8' (a diver lost for more than 3 frames searched for on
 * every 8th frame); since 2026-12-05 (twelfth session) '+lost8x4', the search of before, now
 * labelled (poses of before 12-04 with it are under the label with neither); since 2026-12-07
 * (twenty-sixth session) '+water12', a diver lost into the water looked for on every 12th frame
 * (src/pipeline/pose/enteredWater.ts): pack 2.0.3 was trained on poses under the label without it;
 * since 2026-12-07 (twenty-ninth session) '+recut', the diver looked for afresh on a frame that may
 * start a new shot (video/shots.ts, `mayStartShot`); since 2026-12-07 (thirty-third session)
 * '+unflip', a body read head to feet the wrong way round read again with the crop turned the other
 * way (pose/poseStage.ts, `reversedBodyRetry`). Poses under '+snap' (the thirtieth to thirty-third
 * sessions' measurements of the crop on a grid, pose/crop.ts CROP_GRID; not the default) are not the app's.
 */
export const APP_POSE_CONFIG = 'blazepose-full+upright+crop3+retry+swapfix+smooth+lost8x4+water12+recut+unflip+halves';

/** Broadcast structure rendered into a set (`npm run sim -- --cut-at-entry / --underwater / --replay K / --slow-motion K`). */
export interface RenderStructure {
  cut: boolean;
  /** A cut to an underwater camera just after the entry (absent: none). */
  underwater?: boolean;
  replay: number | null;
  slowMotion: number | null;
}

/** A rendered set's name in eval:app's caches, e.g. "seed-2026-640x360-cut-replay2" (its poses' group). */
export function renderSetName(seed: string, size: string, structure: RenderStructure): string {
  return `seed-${seed}-${size}${structure.cut ? '-cut' : ''}${structure.underwater === true ? '-underwater' : ''}${structure.replay === null ? '' : `-replay${structure.replay}`}${structure.slowMotion === null ? '' : `-slow${structure.slowMotion}`}`;
}

/**
 * The folder a pose configuration's files are under: its label with every run of other characters
 * as "_". Up to 80 characters that is all; a longer label keeps its first 71 and a hash of the
 * whole, since cut at 80 two labels that differ only in their ends were one folder.
 */
export function poseConfigFolder(config: string): string {
  const name = config.replace(/[^\w.-]+/g, '_');
  return name.length <= 80 ? name : `${name.slice(0, 71)}_${createHash('sha256').update(config).digest('hex').slice(0, 8)}`;
}

/** `<root>/<group>/<pose configuration>/<clip id>.json`; group is e.g. "seed-11-640x360" or "samples". */
export function appPosePath(root: string, group: string, config: string, clipId: string): string {
  return join(root, group, poseConfigFolder(config), `${clipId.replace(/[/:]/g, '_')}.json`);
}

/**
 * Exactly the numbers the page gave (float32 values, written in full). Until 2026-12-05 they were
 * rounded to 0.01 px, far below any pose error, yet enough to move the analysis in Node off the
 * browser's: on one simulated dive of 150 the entry stage started 3 frames later and the model's
 * score fell from 66.48 to 61.23 (README, How far to trust the score).
 */
export function writeAppPoseFile(path: string, pose: AppPoseFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...pose, boxes: pose.boxes.map((v) => (v === null || !Number.isFinite(v) ? null : v)), exact: true }));
}

/**
 * Cached poses that are another clip's. eval:app before 2026-12-05 could file a clip's poses under
 * another dive of the same file name; such a file has the other clip's frame count (two of seed
 * 11's 600 did, found 2026-12-06 as they were about to draw pack 2.0.3's exemplars).
 */
export class OtherClipsPosesError extends Error {}

/**
 * The cached poses as the clip analysis takes them (with the frames the diver was found in, the
 * interpolation flags where the file has them, and whether the file holds rounded poses), or null
 * when the clip has none cached. Given the clip's frame count, a file of another count throws
 * OtherClipsPosesError.
 */
export function readAppPoseFile(path: string, clipFrames?: number): (ClipPoseInput & { detected: Uint8Array; repaired?: Uint8Array; rounded: boolean }) | null {
  if (!existsSync(path)) return null;
  const parsed = appPoseFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not an app pose file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  const f = parsed.data;
  if (clipFrames !== undefined && f.frameCount !== clipFrames) throw new OtherClipsPosesError(`${path}: ${f.frameCount} frames cached for a clip of ${clipFrames}: another clip's poses; delete the file and run eval:app --poses-only again`);
  return { frameCount: f.frameCount, width: f.width, height: f.height, fps: f.fps, joints: Float32Array.from(f.joints), boxes: Float32Array.from(f.boxes, (v) => v ?? Number.NaN), detected: Uint8Array.from(f.detected), ...(f.repaired ? { repaired: Uint8Array.from(f.repaired) } : {}), rounded: f.exact !== true };
}

let warnedRounded = false;
/** Says once per run that rounded poses are being read: the analysis in Node can then differ from the browser's on a few clips. */
export function warnIfRounded(pose: { rounded: boolean } | null): void {
  if (!pose?.rounded || warnedRounded) return;
  warnedRounded = true;
  console.warn('note: some cached app poses are rounded to 0.01 px (written before 2026-12-05); the analysis in Node can differ from the browser\'s on a few of those clips. For exact ones, delete the cache\'s poses/ folder and run eval:app without --node.');
}
