import { describe, expect, test } from 'vitest';
import { simulateDive } from './dive.ts';
import { diveTruth, underwaterCutFrame } from './groundTruth.ts';
import { DiveRenderer, renderDive } from './render.ts';

/** Mean absolute RGB difference between two frames inside a box. */
function difference(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number, box: readonly number[]): number {
  let sum = 0, n = 0;
  for (let y = Math.max(0, Math.floor(box[1] ?? 0)); y < Math.min(256, Math.ceil(box[3] ?? 0)); y++) {
    for (let x = Math.max(0, Math.floor(box[0] ?? 0)); x < Math.min(width, Math.ceil(box[2] ?? 0)); x++) {
      const i = (y * width + x) * 4;
      sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0)) + Math.abs((a[i + 1] ?? 0) - (b[i + 1] ?? 0)) + Math.abs((a[i + 2] ?? 0) - (b[i + 2] ?? 0));
      n++;
    }
  }
  return sum / Math.max(1, n);
}

describe('renderer', () => {
  test('frames are FineDiving-sized and the diver is drawn inside the truth box', () => {
    const dive = simulateDive({ seed: 'render', runIndex: 0, code: '107B', height: '3m' });
    const truth = diveTruth(dive, { fps: 5 });
    const renderer = new DiveRenderer(dive, truth);
    const withDiver = renderer.frameRgba(2).slice();
    const frame = truth.frames[2];
    expect(frame?.box).not.toBeNull();
    expect(renderer.renderFrame(2).width).toBe(455);
    expect(renderer.renderFrame(2).height).toBe(256);
    // The same shot without the diver differs only where the diver is.
    const empty = new DiveRenderer(dive, truth, { hideDiver: true }).frameRgba(2).slice();
    const box = frame?.box ?? [0, 0, 1, 1];
    expect(difference(withDiver, empty, 455, box)).toBeGreaterThan(8);
    expect(difference(withDiver, empty, 455, [0, 0, 40, 40])).toBe(0);
  }, 30_000);

  test('an underwater camera shows water (red absorbed) and the diver inside the truth box, under the surface', () => {
    const dive = simulateDive({ seed: 'render', runIndex: 2, code: '107B', height: '3m' });
    const size = { fps: 12.5, width: 455, height: 256 };
    const cut = underwaterCutFrame(dive, diveTruth(dive, size));
    const truth = diveTruth(dive, { ...size, underwaterAtFrame: cut });
    const index = Math.min(truth.frameCount - 1, cut + 3);
    const frame = truth.frames[index];
    expect(frame?.camera.underwater).toBe(true);
    expect(frame?.box).not.toBeNull();
    const renderer = new DiveRenderer(dive, truth);
    const withDiver = renderer.frameRgba(index).slice();
    const empty = new DiveRenderer(dive, truth, { hideDiver: true }).frameRgba(index).slice();
    expect(difference(withDiver, empty, 455, frame?.box ?? [0, 0, 1, 1])).toBeGreaterThan(8);
    // Away from the diver and the bubbles the picture is water: blue-green, little red.
    let red = 0, blue = 0;
    for (let y = 200; y < 250; y++) for (let x = 0; x < 40; x++) { const i = (y * 455 + x) * 4; red += empty[i] ?? 0; blue += empty[i + 2] ?? 0; }
    expect(red).toBeLessThan(0.5 * blue);
    // The live frames before the cut are the main camera's, as without the cut.
    const plain = new DiveRenderer(dive, diveTruth(dive, size)).frameRgba(cut - 1).slice();
    expect(difference(renderer.frameRgba(cut - 1), plain, 455, [0, 0, 455, 256])).toBe(0);
  }, 30_000);

  test('renderDive iterates every frame with its truth; JPEG encoding works', () => {
    const dive = simulateDive({ seed: 'render', runIndex: 1, code: '5253B', height: '10m' });
    let count = 0;
    let bytes = 0;
    for (const frame of renderDive(dive, { fps: 4, width: 228, height: 128 })) {
      expect(frame.truth.index).toBe(frame.index);
      if (count === 3) bytes = frame.canvas.encodeSync('jpeg', 85).length;
      count++;
    }
    expect(count).toBeGreaterThan(10);
    expect(bytes).toBeGreaterThan(2000);
  }, 30_000);
});
