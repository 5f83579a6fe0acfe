import { describe, expect, it } from 'vitest';
import { CHANGE_LAG, ClipCameraPathTracker, frameToScene, joinCameraPaths } from './cameraPath.ts';
import { makeScene } from './testScenes.ts';
import type { RgbaFrame } from './types.ts';

const W = 384, H = 216;

function pathOf(frames: readonly RgbaFrame[]) {
  const tracker = new ClipCameraPathTracker(W);
  for (const frame of frames) tracker.push(frame);
  return tracker.result();
}

describe('joinCameraPaths', () => {
  // A camera that pans and zooms out over 30 frames.
  const { frames } = makeScene({ width: W, height: H, frameCount: 30, pan: { x: 3, y: 2 }, zoomOutPerFrame: 0.006, diver: false, seed: 5 });
  const whole = pathOf(frames);

  it('gives the path of one pass over the clip from parts measured separately, each starting on the frame the one before ends', () => {
    const joined = joinCameraPaths([
      { first: 11, path: pathOf(frames.slice(11, 21)) },
      { first: 0, path: pathOf(frames.slice(0, 12)) },
      { first: 20, path: pathOf(frames.slice(20)) },
    ]);
    expect(joined.zoom.length).toBe(30);
    for (let i = 0; i < 30; i++) {
      expect(joined.zoom[i]).toBeCloseTo(whole.zoom[i] as number, 12);
      expect(joined.shiftX[i]).toBeCloseTo(whole.shiftX[i] as number, 10);
      expect(joined.shiftY[i]).toBeCloseTo(whole.shiftY[i] as number, 10);
    }
    // The same frame pairs were aligned: the residuals are the very same numbers.
    expect(Array.from(joined.pairResidual ?? [])).toEqual(Array.from(whole.pairResidual ?? []));
    expect(joined.residual).toBeCloseTo(whole.residual, 12);
    expect(joined.pixelsPerCell).toBe(whole.pixelsPerCell);
    // The camera really moved: a join that ignored the tie frame would be far off.
    expect(Math.abs((whole.shiftX[29] as number) - (whole.shiftX[0] as number))).toBeGreaterThan(10);
  });

  it("joins each frame's change against the frame CHANGE_LAG before; a later part has none for its first frames (no frames before its tie)", () => {
    const joined = joinCameraPaths([
      { first: 0, path: pathOf(frames.slice(0, 12)) },
      { first: 11, path: pathOf(frames.slice(11, 21)) },
      { first: 20, path: pathOf(frames.slice(20)) },
    ]);
    const change = Array.from(joined.lagChange ?? []), wholeChange = Array.from(whole.lagChange ?? []);
    expect(change).toHaveLength(30);
    const unread = (f: number) => f < CHANGE_LAG || (f > 11 && f < 11 + CHANGE_LAG) || (f > 20 && f < 20 + CHANGE_LAG);
    for (let f = 0; f < 30; f++) {
      if (unread(f)) expect(change[f], `frame ${f}`).toBeNaN();
      else expect(change[f], `frame ${f}`).toBeCloseTo(wholeChange[f] as number, 6);
    }
    // One camera over a still scene: little changes once the pan and zoom are undone (cell
    // resampling; 10–17 % in the half that changed more, where a dissolve to another camera reads 25–60 %).
    expect(Math.max(...wholeChange.filter(Number.isFinite))).toBeLessThan(20);
  });

  it('refuses parts that do not overlap by their tie frame', () => {
    expect(() => joinCameraPaths([{ first: 0, path: pathOf(frames.slice(0, 12)) }, { first: 12, path: pathOf(frames.slice(12)) }])).toThrow(/not on frame 11/);
    expect(() => joinCameraPaths([{ first: 3, path: pathOf(frames.slice(3)) }])).toThrow(/frame 0/);
  });
});

describe('ClipCameraPathTracker.sceneOf', () => {
  it('places a point of a frame in the scene as frameToScene does on the finished path, frame by frame as they come', () => {
    const { frames } = makeScene({ width: W, height: H, frameCount: 12, pan: { x: 3, y: 2 }, zoomOutPerFrame: 0.006, diver: false, seed: 7 });
    // The path at half the clip's width, tied to pixels of a clip twice as wide, as the pose worker measures it.
    const tracker = new ClipCameraPathTracker(2 * W);
    const seenAsTheyCame: Array<[number, number] | null> = [];
    for (const [i, frame] of frames.entries()) {
      expect(tracker.sceneOf(i, 10, 10)).toBeNull();
      tracker.push(frame);
      seenAsTheyCame.push(tracker.sceneOf(i, 300, 200));
    }
    const path = tracker.result();
    for (const [i, point] of seenAsTheyCame.entries()) {
      const [x, y] = frameToScene(path, i, 300, 200);
      expect(point?.[0]).toBeCloseTo(x, 9);
      expect(point?.[1]).toBeCloseTo(y, 9);
    }
    // The camera moved: the same pixel is elsewhere in the scene by the last frame.
    expect(Math.abs((seenAsTheyCame[11]?.[0] ?? 0) - (seenAsTheyCame[0]?.[0] ?? 0))).toBeGreaterThan(10);
  });
});
