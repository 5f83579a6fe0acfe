/**
 * Fresh pose noise every epoch (`train.poseNoise: "resampled"`): the simulator's noise model
 * (sim/noise.ts) drawn again over each training clip's clean poses, so a model cannot learn the
 * particular errors of the one noisy sequence written per dive. 900 dives with one draw each
 * overfit within 10 epochs here. The noise model needs per frame the body orientation, blur, head
 * size, visibility, box and joints; all of it is in the written pose and truth files.
 * Test clips (and the exemplar bank, built by the export from the files) keep the written draw.
 */
import { HEAD_SIZE_FRACTION } from '../sim/body.ts';
import { noisyPoses } from '../sim/noise.ts';
import type { NoiseSourceFrame, PoseErrorStats } from '../sim/noise.ts';
import type { BodyOrientation } from '../sim/groundTruth.ts';
import { Random } from '../sim/random.ts';
import type { DivePoseFile } from '../data/fineDiving.ts';

export interface NoiseTruth {
  diver?: { statureM?: number };
  frames?: { orientation?: BodyOrientation[]; motionHeads?: number[]; camera?: Array<{ scale: number }> };
}

/** The noise model's per-frame inputs from a simulator pose file and truth file, or null when the truth lacks them. */
export function noiseSourceOf(pose: DivePoseFile, truth: NoiseTruth): NoiseSourceFrame[] | null {
  const stature = truth.diver?.statureM, frames = truth.frames;
  const n = pose.clean.joints.length;
  if (!(stature && stature > 0) || !frames?.orientation || !frames.motionHeads || !frames.camera || frames.orientation.length !== n) return null;
  return pose.clean.joints.map((joints, f) => ({
    orientation: frames.orientation?.[f] ?? 'upright',
    motionHeads: frames.motionHeads?.[f] ?? 0,
    headSizePx: HEAD_SIZE_FRACTION * stature * (frames.camera?.[f]?.scale ?? 0),
    visible: pose.clean.visible[f] ?? [],
    box: pose.clean.box[f] ?? null,
    joints: joints.map(([x, y]) => [x ?? 0, y ?? 0] as [number, number]),
  }));
}

/** One draw of backend-like poses (16 × x, y, confidence per frame), keyed by `key`. */
export function drawNoisyJoints(source: readonly NoiseSourceFrame[], stats: PoseErrorStats, key: string): Float32Array[] {
  return noisyPoses({ frames: source }, stats, new Random(key)).map((f) => f.joints);
}
