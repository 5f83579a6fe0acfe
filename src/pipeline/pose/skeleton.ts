/**
 * The canonical skeleton: the 16 MPII joints used by FineDiving-Pose, in their order. Every
 * backend's keypoints are mapped to this, and everything downstream (tracking, repair, the
 * skeletal encoder, kinematics) speaks only this.
 */
export const MPII_JOINTS = [
  'r_ankle', 'r_knee', 'r_hip', 'l_hip', 'l_knee', 'l_ankle',
  'pelvis', 'thorax', 'upper_neck', 'head_top',
  'r_wrist', 'r_elbow', 'r_shoulder', 'l_shoulder', 'l_elbow', 'l_wrist',
] as const;

export type MpiiJoint = (typeof MPII_JOINTS)[number];
export const JOINT_COUNT = MPII_JOINTS.length; // 16
/** Values per joint in a joints array: x, y (frame pixels), confidence 0–1. */
export const JOINT_STRIDE = 3;

export const J = Object.fromEntries(MPII_JOINTS.map((name, index) => [name, index])) as Record<MpiiJoint, number>;

/** Left/right pairs (index of right, index of left), for swap correction and mirroring. */
export const LEFT_RIGHT_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [J.r_ankle, J.l_ankle],
  [J.r_knee, J.l_knee],
  [J.r_hip, J.l_hip],
  [J.r_wrist, J.l_wrist],
  [J.r_elbow, J.l_elbow],
  [J.r_shoulder, J.l_shoulder],
];

/**
 * The paper's hierarchy (Fig. 3): torso, inner limbs (joints one bone from the torso), outer
 * limbs (the extremities). The overlay colours and the hierarchical skeletal encoder use it.
 */
export type HierarchyLevel = 'torso' | 'inner' | 'outer';

export const JOINT_LEVEL: Record<MpiiJoint, HierarchyLevel> = {
  pelvis: 'torso', thorax: 'torso', upper_neck: 'torso', head_top: 'torso',
  r_hip: 'torso', l_hip: 'torso', r_shoulder: 'torso', l_shoulder: 'torso',
  r_knee: 'inner', l_knee: 'inner', r_elbow: 'inner', l_elbow: 'inner',
  r_ankle: 'outer', l_ankle: 'outer', r_wrist: 'outer', l_wrist: 'outer',
};

/** Bones as joint index pairs, each with the hierarchy level of its outer end. */
export const BONES: ReadonlyArray<{ from: number; to: number; level: HierarchyLevel }> = [
  { from: J.pelvis, to: J.thorax, level: 'torso' },
  { from: J.thorax, to: J.upper_neck, level: 'torso' },
  { from: J.upper_neck, to: J.head_top, level: 'torso' },
  { from: J.pelvis, to: J.r_hip, level: 'torso' },
  { from: J.pelvis, to: J.l_hip, level: 'torso' },
  { from: J.thorax, to: J.r_shoulder, level: 'torso' },
  { from: J.thorax, to: J.l_shoulder, level: 'torso' },
  { from: J.r_hip, to: J.r_knee, level: 'inner' },
  { from: J.l_hip, to: J.l_knee, level: 'inner' },
  { from: J.r_shoulder, to: J.r_elbow, level: 'inner' },
  { from: J.l_shoulder, to: J.l_elbow, level: 'inner' },
  { from: J.r_knee, to: J.r_ankle, level: 'outer' },
  { from: J.l_knee, to: J.l_ankle, level: 'outer' },
  { from: J.r_elbow, to: J.r_wrist, level: 'outer' },
  { from: J.l_elbow, to: J.l_wrist, level: 'outer' },
];
