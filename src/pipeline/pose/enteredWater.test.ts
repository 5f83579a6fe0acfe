import { expect, test } from 'vitest';
import { J, JOINT_COUNT } from './skeleton.ts';
import { linedUpHeadFirst, wentIntoWater, type FrameToScene, type SeenFrame } from './enteredWater.ts';

/** A body 100 px from head to ankles, its pelvis at (x, y), its ankles `feetAngle` degrees off the line of the torso, turned `tilt` degrees from head-down. */
function body(x: number, y: number, { headDown = true, feetAngle = 0, tilt = 0 } = {}): Float32Array {
  const joints = new Float32Array(JOINT_COUNT * 3);
  const put = (joint: number, dx: number, dy: number) => joints.set([x + dx, y + dy, 0.9], joint * 3);
  const t = (tilt * Math.PI) / 180, sign = headDown ? 1 : -1;
  // The torso's direction (pelvis → head), head down: +y.
  const ux = Math.sin(t) * sign, uy = Math.cos(t) * sign;
  put(J.pelvis, 0, 0);
  put(J.thorax, 30 * ux, 30 * uy);
  put(J.head_top, 50 * ux, 50 * uy);
  const f = ((180 - feetAngle) * Math.PI) / 180 + t;
  const fx = Math.sin(f) * sign, fy = Math.cos(f) * sign;
  for (const ankle of [J.r_ankle, J.l_ankle]) put(ankle, 50 * fx, 50 * fy);
  return joints;
}

const stillCamera: FrameToScene = (_f, x, y) => [x, y];

test('a head-first, nearly straight body is lined up for the entry; a folded, upright or lying one is not', () => {
  expect(linedUpHeadFirst(body(0, 0))).toBe(true);
  expect(linedUpHeadFirst(body(0, 0, { tilt: 50 }))).toBe(true);
  expect(linedUpHeadFirst(body(0, 0, { feetAngle: 30 }))).toBe(true);
  expect(linedUpHeadFirst(body(0, 0, { feetAngle: 90 }))).toBe(false); // piked
  expect(linedUpHeadFirst(body(0, 0, { headDown: false }))).toBe(false); // standing on the board
  expect(linedUpHeadFirst(body(0, 0, { tilt: 80 }))).toBe(false); // lying across the picture
  expect(linedUpHeadFirst(new Float32Array(JOINT_COUNT * 3).fill(Number.NaN))).toBe(false);
});

test('a diver lost after falling lined up went into the water; one holding a handstand, or lost while folded, did not', () => {
  const falling: SeenFrame[] = Array.from({ length: 10 }, (_, i) => ({ index: 40 + i, joints: body(100, 100 + 20 * i) }));
  expect(wentIntoWater(falling, 50, 25, stillCamera)).toBe(true);
  // 0.2 body lengths a frame; 0.05 is too slow at 25 fps, and fast enough at 50 (0.1 a frame at 25 fps).
  const slow: SeenFrame[] = Array.from({ length: 10 }, (_, i) => ({ index: 40 + i, joints: body(100, 100 + 5 * i) }));
  expect(wentIntoWater(slow, 50, 25, stillCamera)).toBe(false);
  expect(wentIntoWater(slow, 50, 50, stillCamera)).toBe(true);
  // A camera following the diver down: the picture barely moves, the scene falls.
  const followed: SeenFrame[] = Array.from({ length: 10 }, (_, i) => ({ index: 40 + i, joints: body(100, 100 + i) }));
  const panning: FrameToScene = (f, x, y) => [x, y + 19 * (f - 40)];
  expect(wentIntoWater(followed, 50, 25, stillCamera)).toBe(false);
  expect(wentIntoWater(followed, 50, 25, panning)).toBe(true);
  const handstand: SeenFrame[] = Array.from({ length: 10 }, (_, i) => ({ index: 40 + i, joints: body(100, 100) }));
  expect(wentIntoWater(handstand, 50, 25, stillCamera)).toBe(false);
  const piked: SeenFrame[] = Array.from({ length: 10 }, (_, i) => ({ index: 40 + i, joints: body(100, 100 + 20 * i, { feetAngle: 90 }) }));
  expect(wentIntoWater(piked, 50, 25, stillCamera)).toBe(false);
  // Lined up long before the loss (more than 10 frames): the loss is not read as the entry.
  expect(wentIntoWater(falling, 70, 25, stillCamera)).toBe(false);
  // No camera path for those frames (a warm-up before the path starts): not decided.
  expect(wentIntoWater(falling, 50, 25, () => null)).toBe(false);
});
