/**
 * Test support: a side-view stick figure in MPII-16 joints (frame pixels, y down) with chosen trunk
 * direction and hip, knee and elbow angles, for the kinematics and execution checklist tests.
 */
import { J, JOINT_COUNT } from '../pose/skeleton.ts';

export const RAD = Math.PI / 180;

export interface StickPose {
  /** Pelvis position, pixels. */
  px: number;
  py: number;
  /** Direction of pelvis → thorax, degrees clockwise from straight up (0 upright, 180 inverted). */
  trunk: number;
  /** Shoulder-hip-knee and hip-knee-ankle angles, degrees. */
  hip: number;
  knee: number;
  elbow: number;
}

/** Unit vector at `deg` clockwise from straight up, with y pointing down. */
export function dir(deg: number): [number, number] {
  return [Math.sin(deg * RAD), -Math.cos(deg * RAD)];
}

/**
 * A side-view stick figure: trunk 50 px (pelvis → thorax), head top 75 px from the pelvis, thigh
 * and shin 45 px, arms 30 px. Hips sit on the pelvis and shoulders on the thorax; the left side is
 * the right side moved by (2, 1) px, which keeps every angle.
 */
export function stickFigure({ px, py, trunk, hip, knee, elbow }: StickPose, confidence = 0.9): Float32Array {
  const out = new Float32Array(JOINT_COUNT * 3);
  const set = (j: number, x: number, y: number) => out.set([x, y, confidence], j * 3);
  const [ux, uy] = dir(trunk);
  const thorax: [number, number] = [px + 50 * ux, py + 50 * uy];
  set(J.pelvis, px, py);
  set(J.thorax, thorax[0], thorax[1]);
  set(J.upper_neck, px + 60 * ux, py + 60 * uy);
  set(J.head_top, px + 75 * ux, py + 75 * uy);
  // Thigh at `hip` degrees from the trunk; shin at `knee` degrees from the thigh, folding back.
  const [tx, ty] = dir(trunk + hip);
  const kneeAt: [number, number] = [px + 45 * tx, py + 45 * ty];
  const [sx, sy] = dir(trunk + hip + 180 - knee);
  const ankleAt: [number, number] = [kneeAt[0] + 45 * sx, kneeAt[1] + 45 * sy];
  // Upper arm along the thigh direction's mirror, forearm at `elbow` degrees.
  const [ax, ay] = dir(trunk + 150);
  const elbowAt: [number, number] = [thorax[0] + 30 * ax, thorax[1] + 30 * ay];
  const [fx, fy] = dir(trunk + 150 + 180 - elbow);
  const wristAt: [number, number] = [elbowAt[0] + 30 * fx, elbowAt[1] + 30 * fy];
  for (const [side, dx, dy] of [['r', 0, 0], ['l', 2, 1]] as const) {
    set(J[`${side}_hip`], px + dx, py + dy);
    set(J[`${side}_shoulder`], thorax[0] + dx, thorax[1] + dy);
    set(J[`${side}_knee`], kneeAt[0] + dx, kneeAt[1] + dy);
    set(J[`${side}_ankle`], ankleAt[0] + dx, ankleAt[1] + dy);
    set(J[`${side}_elbow`], elbowAt[0] + dx, elbowAt[1] + dy);
    set(J[`${side}_wrist`], wristAt[0] + dx, wristAt[1] + dy);
  }
  return out;
}

/**
 * A forward 1½ somersault at 30 fps, 45 frames: upright take-off (0–9), flight 10–32 turning
 * 0 → 540° and folding to hip 40° / knee 35° over frames 16–26, then a straight entry from frame 33
 * at `entryTrunk` degrees (540: vertical, head first).
 */
export function stickDive(options: { entryTrunk?: number; kneeInFlight?: number; hipInFlight?: number; hipAtEntry?: number } = {}): { fps: number; frameCount: number; joints: Float32Array } {
  const entryTrunk = options.entryTrunk ?? 540;
  const frames = Array.from({ length: 45 }, (_, f): StickPose => {
    if (f <= 9) return { px: 300, py: 400, trunk: 0, hip: 180, knee: 180, elbow: 170 };
    if (f >= 33) return { px: 300, py: 400 + (f - 33) * 20, trunk: entryTrunk, hip: options.hipAtEntry ?? 180, knee: 180, elbow: 175 };
    const s = (f - 9) / 24;
    const fold = f < 16 ? (f - 9) / 7 : f <= 26 ? 1 : (32 - f) / 6;
    const trunk = 540 * s + (entryTrunk - 540) * Math.max(0, s - 0.8) * 5;
    return { px: 300, py: 400 - 360 * s * (1 - s), trunk, hip: 180 - (180 - (options.hipInFlight ?? 40)) * fold, knee: options.kneeInFlight ?? 180 - 145 * fold, elbow: 90 };
  });
  const joints = new Float32Array(frames.length * JOINT_COUNT * 3);
  frames.forEach((p, i) => joints.set(stickFigure(p), i * JOINT_COUNT * 3));
  return { fps: 30, frameCount: frames.length, joints };
}
