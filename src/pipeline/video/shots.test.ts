/**
 * Cuts are found from the camera path's own alignment residuals on synthetic pool scenes: a cut to
 * another scene or to a mirrored camera is found at its frame; a panning, zooming camera over a
 * splash, and a one-frame flash, are not cuts.
 */
import { describe, expect, test } from 'vitest';
import { ClipCameraPathTracker } from '../splash/cameraPath.ts';
import { makeScene } from '../splash/testScenes.ts';
import type { RgbaFrame } from '../splash/types.ts';
import { shotCuts, shotIndexOf, shotsOf } from './shots.ts';
import { splashView } from '../aqa/clipAnalysis.ts';

function cutsOf(frames: readonly RgbaFrame[]): number[] {
  const tracker = new ClipCameraPathTracker(frames[0]?.width ?? 1);
  for (const f of frames) tracker.push(f);
  return shotCuts(tracker.result().pairResidual ?? []);
}

/** The picture a camera on the other side of the pool gives: mirrored, and framed tighter on the left half. */
function otherSide(frame: RgbaFrame): RgbaFrame {
  const { width, height } = frame;
  const data = new Uint8ClampedArray(frame.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((width - 1 - x) * 0.7), sy = Math.floor(height * 0.15 + y * 0.7);
      data.set(frame.data.subarray((sy * width + sx) * 4, (sy * width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

const panning = { pan: { x: 3, y: 1 }, zoomOutPerFrame: 0.004, splashHeight: 60, laneRope: true, frameCount: 30, contactIndex: 12 };

describe('shot cuts', () => {
  test('one shot: a panning, zooming camera over a growing splash has no cut', () => {
    expect(cutsOf(makeScene(panning).frames)).toEqual([]);
  });

  test('a cut to another scene is found at its frame', () => {
    const a = makeScene({ ...panning, seed: 1 }).frames, b = makeScene({ ...panning, seed: 2, pan: { x: -2, y: 0 } }).frames;
    expect(cutsOf([...a.slice(0, 17), ...b.slice(5)])).toEqual([17]);
  });

  test('a cut to a camera on the other side (the same pool, mirrored and framed tighter) is found', () => {
    const frames = makeScene({ ...panning, seed: 3 }).frames;
    expect(cutsOf([...frames.slice(0, 20), ...frames.slice(20).map(otherSide)])).toEqual([20]);
  });

  test('a one-frame flash is not a cut', () => {
    const frames = makeScene({ ...panning, seed: 4 }).frames.map((f, i) => (i === 10 ? { ...f, data: f.data.map((v, k) => (k % 4 === 3 ? v : Math.min(255, v + 120))) } : f));
    expect(cutsOf(frames)).toEqual([]);
  });

  test('shots from cuts, and the shot of a frame', () => {
    const shots = shotsOf(50, [20, 35]);
    expect(shots).toEqual([{ start: 0, end: 19 }, { start: 20, end: 34 }, { start: 35, end: 49 }]);
    expect([shotIndexOf(shots, 0), shotIndexOf(shots, 20), shotIndexOf(shots, 49)]).toEqual([0, 1, 2]);
    expect(shotsOf(10, [])).toEqual([{ start: 0, end: 9 }]);
  });
});

describe('the splash and the shots', () => {
  test('one shot, or a cut well before the entry: measured to the end of the clip', () => {
    expect(splashView([], 60, 25)).toEqual({ measurable: true });
    expect(splashView([30], 60, 25)).toEqual({ measurable: true });
  });

  test('a cut from just before the entry to 0.2 s after it leaves no view of the splash', () => {
    expect(splashView([55], 60, 25).measurable).toBe(false);
    expect(splashView([65], 60, 25).measurable).toBe(false);
  });

  test('a later cut (to a replay, the scoreboard) ends the measurement before it', () => {
    expect(splashView([80], 60, 25)).toEqual({ measurable: true, lastFrame: 79 });
  });
});
