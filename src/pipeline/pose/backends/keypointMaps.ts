/**
 * From each backend's own keypoints to the 16 MPII joints (FineDiving-Pose order).
 *
 * Direct: ankles, knees, hips, wrists, elbows, shoulders exist in both BlazePose (33) and
 * COCO-17 (MoveNet). Derived: pelvis = hip midpoint, thorax = shoulder midpoint. The head has
 * no top or neck keypoint in either model: both come from the head centre (ear midpoint) along
 * the thorax→head axis —
 *   upper_neck = thorax + NECK_FRACTION · (head − thorax)
 *   head_top   = head + HEAD_TOP_EXTENSION · (head − thorax)
 * Constants from raw MediaPipe landmarks on the FineDiving-Pose examples, checked across dives
 * (PCKh@0.5 of head_top: dive A 0.88, dive B 0.91; upper_neck 0.97 — the same constants on both, so
 * not fitted to one dive). A face-frame model (eyes−mouth as "up") did no better.
 * Confidence of a derived joint is the minimum of its sources.
 */
import { J, JOINT_COUNT, JOINT_STRIDE } from '../skeleton.ts';

export const NECK_FRACTION = 0.4;
export const HEAD_TOP_EXTENSION = 0.7;

/** A keypoint list as both runtimes give it: x, y in input pixels, score 0–1. */
export interface RawKeypoint {
  x: number;
  y: number;
  score: number;
}

/** COCO-17 (MoveNet) indices. */
const COCO = {
  nose: 0, l_eye: 1, r_eye: 2, l_ear: 3, r_ear: 4, l_shoulder: 5, r_shoulder: 6, l_elbow: 7, r_elbow: 8,
  l_wrist: 9, r_wrist: 10, l_hip: 11, r_hip: 12, l_knee: 13, r_knee: 14, l_ankle: 15, r_ankle: 16,
} as const;

/** BlazePose-33 (MediaPipe) indices. */
const BLAZE = {
  nose: 0, l_eye: 2, r_eye: 5, l_ear: 7, r_ear: 8, mouth_l: 9, mouth_r: 10, l_shoulder: 11, r_shoulder: 12,
  l_elbow: 13, r_elbow: 14, l_wrist: 15, r_wrist: 16, l_hip: 23, r_hip: 24, l_knee: 25, r_knee: 26, l_ankle: 27, r_ankle: 28,
} as const;

type Names = 'nose' | 'l_eye' | 'r_eye' | 'l_ear' | 'r_ear' | 'l_shoulder' | 'r_shoulder' | 'l_elbow' | 'r_elbow' | 'l_wrist' | 'r_wrist' | 'l_hip' | 'r_hip' | 'l_knee' | 'r_knee' | 'l_ankle' | 'r_ankle';

function mapToMpii(keypoints: readonly RawKeypoint[], index: Record<Names, number>): Float32Array {
  const out = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
  const kp = (name: Names): RawKeypoint => keypoints[index[name]] ?? { x: Number.NaN, y: Number.NaN, score: 0 };
  const put = (joint: number, x: number, y: number, score: number) => {
    const ok = Number.isFinite(x) && Number.isFinite(y);
    out[joint * 3] = x;
    out[joint * 3 + 1] = y;
    out[joint * 3 + 2] = ok ? Math.max(0, Math.min(1, score)) : 0;
  };
  const copy = (joint: number, name: Names) => {
    const p = kp(name);
    put(joint, p.x, p.y, p.score);
  };
  const mid = (a: RawKeypoint, b: RawKeypoint): RawKeypoint => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, score: Math.min(a.score, b.score) });

  copy(J.r_ankle, 'r_ankle'); copy(J.r_knee, 'r_knee'); copy(J.r_hip, 'r_hip');
  copy(J.l_hip, 'l_hip'); copy(J.l_knee, 'l_knee'); copy(J.l_ankle, 'l_ankle');
  copy(J.r_wrist, 'r_wrist'); copy(J.r_elbow, 'r_elbow'); copy(J.r_shoulder, 'r_shoulder');
  copy(J.l_shoulder, 'l_shoulder'); copy(J.l_elbow, 'l_elbow'); copy(J.l_wrist, 'l_wrist');

  const pelvis = mid(kp('l_hip'), kp('r_hip'));
  const thorax = mid(kp('l_shoulder'), kp('r_shoulder'));
  put(J.pelvis, pelvis.x, pelvis.y, pelvis.score);
  put(J.thorax, thorax.x, thorax.y, thorax.score);

  // Head centre: the ear midpoint. Both models place the far ear well even when they mark it
  // "not visible" in a side view, so its position is used whatever its score.
  const ears = mid(kp('l_ear'), kp('r_ear'));
  const earScore = Math.max(kp('l_ear').score, kp('r_ear').score);
  const dx = ears.x - thorax.x, dy = ears.y - thorax.y;
  const headScore = Math.min(earScore, thorax.score);
  put(J.upper_neck, thorax.x + NECK_FRACTION * dx, thorax.y + NECK_FRACTION * dy, headScore);
  put(J.head_top, ears.x + HEAD_TOP_EXTENSION * dx, ears.y + HEAD_TOP_EXTENSION * dy, headScore);
  return out;
}

export function cocoToMpii(keypoints: readonly RawKeypoint[]): Float32Array {
  return mapToMpii(keypoints, COCO);
}

export function blazePoseToMpii(keypoints: readonly RawKeypoint[]): Float32Array {
  return mapToMpii(keypoints, BLAZE);
}
