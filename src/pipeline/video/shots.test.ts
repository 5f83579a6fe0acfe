/**
 * Cuts are found from the camera path's own alignment residuals on synthetic pool scenes: a cut to
 * another scene or to a mirrored camera is found at its frame; a panning, zooming camera over a
 * splash, and a one-frame flash, are not cuts.
 */
import { describe, expect, test } from 'vitest';
import { ClipCameraPathTracker } from '../splash/cameraPath.ts';
import { makeScene } from '../splash/testScenes.ts';
import type { RgbaFrame } from '../splash/types.ts';
import { dissolveCuts, mayStartShot, shotCuts, shotIndexOf, shotsOf } from './shots.ts';
import { splashView } from '../aqa/clipAnalysis.ts';
import { median } from '../math/stats.ts';

function pathOf(frames: readonly RgbaFrame[]) {
  const tracker = new ClipCameraPathTracker(frames[0]?.width ?? 1);
  for (const f of frames) tracker.push(f);
  return tracker.result();
}

function cutsOf(frames: readonly RgbaFrame[]): number[] {
  const path = pathOf(frames);
  return shotCuts(path.pairResidual ?? [], path.lagChange);
}

/** Frames `from` … `from + length − 1` fade from `a` to `b` (a broadcast cross-dissolve), b after. */
function dissolve(a: readonly RgbaFrame[], b: readonly RgbaFrame[], from: number, length: number): RgbaFrame[] {
  return a.map((frame, i) => {
    const other = b[i] as RgbaFrame;
    if (i < from) return frame;
    if (i >= from + length) return other;
    const alpha = (i - from + 1) / (length + 1);
    return { ...frame, data: frame.data.map((v, k) => Math.round((1 - alpha) * v + alpha * (other.data[k] as number))) };
  });
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

  test('as the frames come, a cut is seen on its own frame and nowhere else in either shot', () => {
    // What the pose stage asks of each frame as it arrives (only the frames before it are known).
    const flaggedAsTheyCome = (frames: readonly RgbaFrame[]): number[] => {
      const tracker = new ClipCameraPathTracker(frames[0]?.width ?? 1);
      const flagged: number[] = [];
      for (const [i, frame] of frames.entries()) {
        tracker.push(frame);
        if (mayStartShot(tracker.pairResiduals, i)) flagged.push(i);
      }
      return flagged;
    };
    const frames = makeScene({ ...panning, seed: 3 }).frames;
    expect(flaggedAsTheyCome([...frames.slice(0, 20), ...frames.slice(20).map(otherSide)])).toEqual([20]);
    // One camera panning and zooming over a growing splash: never.
    expect(flaggedAsTheyCome(makeScene(panning).frames)).toEqual([]);
  });

  test('a one-frame flash is not a cut', () => {
    const frames = makeScene({ ...panning, seed: 4 }).frames.map((f, i) => (i === 10 ? { ...f, data: f.data.map((v, k) => (k % 4 === 3 ? v : Math.min(255, v + 120))) } : f));
    expect(cutsOf(frames)).toEqual([]);
  });

  test('a cross-dissolve to another camera is one shot change, inside the blend', () => {
    const long = { ...panning, frameCount: 44 };
    const a = makeScene({ ...long, seed: 3 }).frames;
    const b = makeScene({ ...long, seed: 3 }).frames.map(otherSide);
    const cuts = cutsOf(dissolve(a, b, 18, 12));
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toBeGreaterThanOrEqual(16);
    expect(cuts[0]).toBeLessThanOrEqual(31);
    // Frame to frame, the blend alone is not a cut.
    expect(shotCuts(pathOf(dissolve(a, b, 18, 12)).pairResidual ?? [])).toEqual([]);
  });

  test('a cross-dissolve between two cameras that show the same water is found from the half of the picture that changes', () => {
    const long = { ...panning, frameCount: 44 };
    const a = makeScene({ ...long, seed: 3 }).frames;
    const stands = makeScene({ ...long, seed: 9 }).frames;
    // The second camera: other stands above, the very same water below.
    const b = a.map((frame, i) => {
      const data = Uint8ClampedArray.from(frame.data);
      data.set((stands[i] as RgbaFrame).data.subarray(0, (frame.width * frame.height * 4) / 2));
      return { ...frame, data };
    });
    const cuts = cutsOf(dissolve(a, b, 18, 8));
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toBeGreaterThanOrEqual(16);
    expect(cuts[0]).toBeLessThanOrEqual(27);
  });

  test('a score graphic burnt into the picture is not read as change while the camera pans under it', () => {
    const plain = makeScene({ ...panning, pan: { x: 2, y: 5 }, seed: 11 }).frames;
    const withGraphic = plain.map((frame) => {
      const data = Uint8ClampedArray.from(frame.data);
      // A dark box with light text bars, low on the left, in the same place in every frame.
      for (let y = Math.round(frame.height * 0.78); y < Math.round(frame.height * 0.9); y++) {
        for (let x = Math.round(frame.width * 0.04); x < Math.round(frame.width * 0.5); x++) {
          const text = y % 6 < 3 && x % 9 < 6;
          data.set(text ? [235, 235, 235] : [20, 24, 60], (y * frame.width + x) * 4);
        }
      }
      return { ...frame, data };
    });
    const usualChange = (frames: readonly RgbaFrame[]) => median(Array.from(pathOf(frames).lagChange ?? []).filter(Number.isFinite));
    // Counted as changed wherever the scene moved under it, the graphic adds about 12 points here;
    // held still, only the cells along its edges (half graphic, half scene) still add about 5.
    expect(usualChange(withGraphic) - usualChange(plain)).toBeLessThan(7);
    expect(cutsOf(withGraphic)).toEqual([]);
  });

  test("a hard cut's own change over the following frames is not a second shot change", () => {
    const long = { ...panning, frameCount: 44 };
    const frames = makeScene({ ...long, seed: 6 }).frames;
    expect(cutsOf([...frames.slice(0, 20), ...frames.slice(20).map(otherSide)])).toEqual([20]);
  });

  test('a dissolve is read off the changed share: a run standing over the clip\'s median, its peak half the lag past the middle', () => {
    const change = Array.from({ length: 60 }, (_, i) => (i < 8 ? Number.NaN : 10 + (i % 3)));
    for (let i = 30; i < 38; i++) change[i] = 45 - Math.abs(i - 34) * 3;
    expect(dissolveCuts(change)).toEqual([30]);
    // The same run in the frames right after a spike at 30 (a hard cut or a flash) is its own change.
    expect(dissolveCuts(change, [30])).toEqual([]);
    // Under the excess: nothing.
    expect(dissolveCuts(change.map((v) => Math.min(v, 29)))).toEqual([]);
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
