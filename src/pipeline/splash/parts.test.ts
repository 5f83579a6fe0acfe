import { describe, expect, it } from 'vitest';
import { alignFrame, estimateMotion } from './align.ts';
import { cellGrid, cellStepFor } from './grid.ts';
import { integrateSplash, splashScoreFromAreaSeconds } from './measure.ts';
import { majority3x3 } from './morphology.ts';
import { makeScene } from './testScenes.ts';
import type { SceneOptions } from './testScenes.ts';
import type { RgbaFrame } from './types.ts';
import { findWaterLine } from './waterLine.ts';

function motionBetween(options: SceneOptions, a: number, b: number) {
  const scene = makeScene({ splashHeight: 0, frameCount: Math.max(a, b) + 1, ...options });
  const prepare = (frame: RgbaFrame) => {
    const grid = cellGrid(frame, cellStepFor(frame.width, frame.height));
    return alignFrame(grid.cols, grid.rows, grid.luma);
  };
  return estimateMotion(prepare(scene.frames[a] as RgbaFrame), prepare(scene.frames[b] as RgbaFrame), { x: 30, y: 20 });
}

describe('camera motion', () => {
  it('recovers a pan of a few pixels per frame to a fraction of a cell', () => {
    // 3 px right and 2 px down per frame at 2-pixel cells: 1.5 and 1 cells.
    const motion = motionBetween({ pan: { x: 3, y: 2 } }, 4, 5);
    expect(motion.dx).toBeCloseTo(1.5, 1);
    expect(motion.dy).toBeCloseTo(1, 1);
    expect(motion.scale).toBeCloseTo(1, 2);
  });

  it('recovers a fast pan (a 10 m entry) and a zoom-out', () => {
    const fast = motionBetween({ pan: { x: 0, y: 14 } }, 4, 5);
    expect(fast.dy).toBeCloseTo(7, 1);
    const zoom = motionBetween({ zoomOutPerFrame: 0.02 }, 0, 1);
    expect(zoom.scale).toBeCloseTo(1.02, 2);
  });

  it('reports no motion for a still camera', () => {
    const still = motionBetween({}, 3, 4);
    expect(Math.abs(still.dx)).toBeLessThan(0.1);
    expect(Math.abs(still.dy)).toBeLessThan(0.1);
  });
});

describe('water line', () => {
  const frame = (split: number | null): RgbaFrame => {
    const width = 160, height = 128;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const water = split !== null && y >= split;
        const o = (y * width + x) * 4;
        data.set(water ? [40, 140, 200, 255] : [120, 110, 100, 255], o);
      }
    }
    return { width, height, data };
  };

  it('is the row where the picture turns into water', () => {
    const grid = cellGrid(frame(70), 1);
    expect(findWaterLine(grid, 0, grid.cols, 0, grid.rows)?.row).toBe(70);
  });

  it('is not found where there is no water', () => {
    const grid = cellGrid(frame(null), 1);
    expect(findWaterLine(grid, 0, grid.cols, 0, grid.rows)).toBeNull();
  });
});

describe('cleanup and integration', () => {
  it('the 3×3 majority removes isolated cells and keeps blobs', () => {
    const cols = 12, rows = 8;
    const mask = new Uint8Array(cols * rows);
    mask[1 * cols + 1] = 1; // a lone glint
    for (let y = 3; y < 7; y++) for (let x = 5; x < 10; x++) mask[y * cols + x] = 1; // a 5×4 blob
    const out = new Uint8Array(cols * rows);
    const count = majority3x3(mask, cols, rows, out, new Uint8Array(cols * rows));
    expect(out[1 * cols + 1]).toBe(0);
    expect(out[4 * cols + 7]).toBe(1);
    expect(count).toBeGreaterThanOrEqual(12);
    expect(count).toBeLessThanOrEqual(20);
  });

  it('integrates areas over time with trapezoids (eq. 21)', () => {
    expect(integrateSplash([0, 1, 1, 0], 2)).toBeCloseTo(1, 10); // (0.5 + 1 + 0.5) / 2 s
    expect(integrateSplash([3], 25)).toBe(0);
  });

  it('maps area-seconds to a 0–10 score, monotonic and saturating', () => {
    expect(splashScoreFromAreaSeconds(0)).toBe(0);
    expect(splashScoreFromAreaSeconds(0.05)).toBeLessThan(splashScoreFromAreaSeconds(0.1));
    expect(splashScoreFromAreaSeconds(100)).toBeLessThanOrEqual(10);
  });
});
