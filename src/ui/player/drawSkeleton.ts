/**
 * Drawing a skeleton on a 2D canvas: the player's overlay, the comparison players and the report's
 * key frames share it, so a skeleton looks the same everywhere.
 */
import { DEFAULT_POSE_STAGE_CONFIG } from '../../pipeline/pose/poseStage.ts';
import { BONES, JOINT_COUNT, JOINT_LEVEL, MPII_JOINTS, type HierarchyLevel } from '../../pipeline/pose/skeleton.ts';

/** Colours per hierarchy level, as in the paper's Fig. 3: torso, inner limbs, outer limbs. */
export const LEVEL_COLOURS: Record<HierarchyLevel, string> = {
  torso: '#ffd166',
  inner: '#06d6a0',
  outer: '#ef476f',
};

/** The pose stage's own threshold: the overlay shows exactly the joints the benchmark scores. */
export const MIN_CONFIDENCE = DEFAULT_POSE_STAGE_CONFIG.minJointConfidence;

export interface SkeletonStyle {
  /** Line unit in canvas pixels. */
  unit: number;
  /** One colour for every bone and joint (an exemplar drawn over the query), else the level colours. */
  colour?: string;
  alpha?: number;
  /** Joints (16) that were interpolated: drawn hollow. */
  repaired?: ArrayLike<number> | null;
}

/** Joints: 16 × 3 (x, y, confidence) already in canvas coordinates. Returns the joints drawn. */
export function drawSkeleton(ctx: CanvasRenderingContext2D, joints: ArrayLike<number>, style: SkeletonStyle): number {
  const { unit } = style;
  const ok = (j: number) => (joints[j * 3 + 2] ?? 0) >= MIN_CONFIDENCE && Number.isFinite(joints[j * 3] ?? Number.NaN);
  ctx.save();
  ctx.globalAlpha = style.alpha ?? 1;
  ctx.lineCap = 'round';
  for (const bone of BONES) {
    if (!ok(bone.from) || !ok(bone.to)) continue;
    ctx.strokeStyle = style.colour ?? LEVEL_COLOURS[bone.level];
    ctx.lineWidth = unit * 1.4;
    ctx.beginPath();
    ctx.moveTo(joints[bone.from * 3] ?? 0, joints[bone.from * 3 + 1] ?? 0);
    ctx.lineTo(joints[bone.to * 3] ?? 0, joints[bone.to * 3 + 1] ?? 0);
    ctx.stroke();
  }
  let drawn = 0;
  for (let j = 0; j < JOINT_COUNT; j++) {
    if (!ok(j)) continue;
    drawn++;
    const name = MPII_JOINTS[j];
    const colour = style.colour ?? LEVEL_COLOURS[name ? JOINT_LEVEL[name] : 'torso'];
    ctx.beginPath();
    ctx.arc(joints[j * 3] ?? 0, joints[j * 3 + 1] ?? 0, unit * 1.6, 0, Math.PI * 2);
    // Interpolated joints are hollow: the judge sees which ones the model did not see.
    if (style.repaired?.[j]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = unit * 0.6;
      ctx.stroke();
    } else {
      ctx.fillStyle = colour;
      ctx.fill();
    }
  }
  ctx.restore();
  return drawn;
}
