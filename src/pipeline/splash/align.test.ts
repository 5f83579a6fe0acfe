import { describe, expect, it } from 'vitest';
import { alignFrame, estimateMotion } from './align.ts';
import { maxShiftFor } from './cameraPath.ts';
import { mulberry32 } from '../math/random.ts';

// A textured scene the camera pans over, seen as 160×90 cells (the camera path's grid of a 640×360 clip).
const COLS = 160, ROWS = 90;
function scene(seed: number): { width: number; height: number; luma: Float32Array } {
  const random = mulberry32(seed);
  const width = 400, height = 240;
  const coarse = Array.from({ length: 50 * 30 }, () => random() * 255);
  const luma = new Float32Array(width * height);
  // Blobs of 8 cells, smoothly interpolated: texture at the scale a real pool scene has.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gx = x / 8, gy = y / 8, x0 = Math.min(48, Math.floor(gx)), y0 = Math.min(28, Math.floor(gy)), fx = gx - x0, fy = gy - y0;
      const at = (i: number, j: number) => coarse[j * 50 + i] as number;
      luma[y * width + x] = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
    }
  }
  return { width, height, luma };
}

/** The camera's view at (left, top), with a still score graphic burned in low on the left when asked. */
function view(world: ReturnType<typeof scene>, left: number, top: number, graphic: boolean): Uint8Array {
  const out = new Uint8Array(COLS * ROWS);
  for (let y = 0; y < ROWS; y++) for (let x = 0; x < COLS; x++) out[y * COLS + x] = Math.round(world.luma[(y + top) * world.width + x + left] as number);
  if (graphic) {
    // Dark box with sharp white "text" strokes: the strongest gradients in the picture.
    for (let y = 72; y < 84; y++) {
      for (let x = 6; x < 78; x++) out[y * COLS + x] = (x % 6 < 2 && y > 74 && y < 82) || (y === 78 && x % 10 < 7) ? 250 : 20;
    }
  }
  return out;
}

describe('estimateMotion', () => {
  it('follows the scene under a still broadcast graphic: a pan of a cell and of several', () => {
    const world = scene(7);
    for (const [panX, panY] of [[4, 2], [1, 0]] as const) {
      for (const graphic of [false, true]) {
        const prev = alignFrame(COLS, ROWS, view(world, 100, 60, graphic));
        const cur = alignFrame(COLS, ROWS, view(world, 100 + panX, 60 + panY, graphic));
        const motion = estimateMotion(prev, cur, maxShiftFor(COLS, ROWS));
        const what = `pan ${panX},${panY}, graphic ${graphic}`;
        // cur(p) = prev(p + d): the view moved right and down. Without leaving the graphic out,
        // the one-cell pan came out as (0.27, −0.14) and the residual at 8.
        expect(Math.abs(motion.dx - panX), what).toBeLessThan(0.05);
        expect(Math.abs(motion.dy - panY), what).toBeLessThan(0.05);
        expect(motion.scale, what).toBeCloseTo(1, 2);
        expect(motion.cost, what).toBeLessThan(graphic ? 5 : 1);
      }
    }
  });

  it('leaves a still picture still', () => {
    const frame = view(scene(3), 50, 50, true);
    const motion = estimateMotion(alignFrame(COLS, ROWS, frame), alignFrame(COLS, ROWS, frame), maxShiftFor(COLS, ROWS));
    expect([motion.dx, motion.dy, motion.scale, motion.cost]).toEqual([0, 0, 1, 0]);
  });
});
