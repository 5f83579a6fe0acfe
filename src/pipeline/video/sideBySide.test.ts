import { describe, expect, it } from 'vitest';
import { ClipCameraPathTracker, frameToScene, joinCameraPaths, zoomAt } from '../splash/cameraPath.ts';
import { makeScene } from '../splash/testScenes.ts';
import type { RgbaFrame } from '../splash/types.ts';
import { needsHalves, readSideBySide } from './sideBySide.ts';

const HALF = 192, H = 216;

/** The camera path as the analysis reads it: the halves tracked too, as it does where `needsHalves` says so. */
function pathOf(frames: readonly RgbaFrame[], width: number, halves = true) {
  const tracker = new ClipCameraPathTracker(width, { halves });
  for (const frame of frames) tracker.push(frame);
  return tracker.result();
}

/** Two clips' frames side by side in one picture. */
function sideBySide(left: readonly RgbaFrame[], right: readonly RgbaFrame[]): RgbaFrame[] {
  return left.map((l, i) => {
    const r = right[i] as RgbaFrame;
    const data = new Uint8ClampedArray(2 * HALF * H * 4);
    for (let y = 0; y < H; y++) {
      data.set(l.data.subarray(y * HALF * 4, (y + 1) * HALF * 4), y * 2 * HALF * 4);
      data.set(r.data.subarray(y * HALF * 4, (y + 1) * HALF * 4), (y * 2 + 1) * HALF * 4);
    }
    return { width: 2 * HALF, height: H, data };
  });
}

describe('a side-by-side composite (two clips in one picture)', () => {
  // One camera panning and zooming in, and that clip placed twice side by side: each half zooms
  // about its own centre, which no single zoom of the whole picture fits.
  const { frames: zooming } = makeScene({ width: HALF, height: H, frameCount: 24, pan: { x: 1, y: 0 }, zoomOutPerFrame: -0.01, diver: false, seed: 9 });
  const alone = readSideBySide(pathOf(zooming, HALF));
  const composite = readSideBySide(pathOf(sideBySide(zooming, zooming), 2 * HALF));
  const last = zooming.length - 1;

  it('is read as two cameras, and a point in either half is placed in the scene as in the clip alone', () => {
    // The pose pass measures the whole picture's path and the column steps; their seam asks for the halves.
    const withoutHalves = pathOf(sideBySide(zooming, zooming), 2 * HALF, false);
    expect(withoutHalves.halves).toBeUndefined();
    expect(needsHalves(withoutHalves)).toBe(true);
    expect(readSideBySide(withoutHalves).sideBySide).toBe(false);
    expect(needsHalves(composite)).toBe(false);
    expect(composite.sideBySide).toBe(true);
    // The whole picture's single zoom is far from the clip's own.
    expect(Math.abs((composite.zoom[last] as number) - (alone.zoom[last] as number))).toBeGreaterThan(0.05);
    for (const [x, y] of [[40, 60], [150, 170]] as const) {
      const [ax, ay] = frameToScene(alone, last, x, y);
      const [lx, ly] = frameToScene(composite, last, x, y);
      const [rx, ry] = frameToScene(composite, last, x + HALF, y);
      // Within two pixels; the right half's scene is the clip's own, one half's width along.
      expect(Math.hypot(lx - ax, ly - ay)).toBeLessThan(2);
      expect(Math.hypot(rx - HALF - ax, ry - ay)).toBeLessThan(2);
    }
    expect(zoomAt(composite, last, 40)).toBeCloseTo(alone.zoom[last] as number, 1);
    // Read through the whole picture's path, as before there were halves, the point lands far off.
    const [wx, wy] = frameToScene({ ...composite, sideBySide: false }, last, 150, 170);
    const [ax, ay] = frameToScene(alone, last, 150, 170);
    expect(Math.hypot(wx - ax, wy - ay)).toBeGreaterThan(5);
  });

  it('two different clips side by side are two cameras too', () => {
    const { frames: other } = makeScene({ width: HALF, height: H, frameCount: 24, pan: { x: -2, y: 1 }, zoomOutPerFrame: 0.004, diver: false, seed: 3 });
    expect(readSideBySide(pathOf(sideBySide(zooming, other), 2 * HALF)).sideBySide).toBe(true);
  });

  it('one camera is one camera, whichever way it pans and zooms, and the whole picture places every point', () => {
    expect(alone.sideBySide).toBe(false);
    expect(needsHalves(pathOf(zooming, HALF, false))).toBe(false);
    const wide = readSideBySide(pathOf(makeScene({ width: 2 * HALF, height: H, frameCount: 30, pan: { x: 3, y: 2 }, zoomOutPerFrame: 0.006, diver: false, seed: 5 }).frames, 2 * HALF));
    expect(wide.sideBySide).toBe(false);
    expect(frameToScene(wide, 29, 300, 20)).toEqual(frameToScene({ ...wide, sideBySide: true, halves: undefined }, 29, 300, 20));
  });

  it('keeps the halves when parts measured apart are joined, and reads the joined path alike', () => {
    const frames = sideBySide(zooming, zooming);
    const joined = readSideBySide(joinCameraPaths([
      { first: 0, path: pathOf(frames.slice(0, 13), 2 * HALF) },
      { first: 12, path: pathOf(frames.slice(12), 2 * HALF) },
    ]));
    expect(joined.sideBySide).toBe(true);
    for (let i = 0; i < frames.length; i++) expect(joined.halves?.right.zoom[i]).toBeCloseTo(composite.halves?.right.zoom[i] as number, 12);
  });
});
