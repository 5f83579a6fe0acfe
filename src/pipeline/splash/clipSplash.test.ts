import { describe, expect, it } from 'vitest';
import { measureClipSplash, splashWindow, SPLASH_MAX_WIDTH } from './clipSplash.ts';
import { measureSplash } from './measure.ts';
import { makeScene } from './testScenes.ts';

describe('splashWindow', () => {
  it('starts a few frames before the entry and never before the clip', () => {
    expect(splashWindow(60, 640, 360).from).toBe(52);
    expect(splashWindow(3, 640, 360).from).toBe(0);
  });

  it('scales wide clips down to the measuring width and leaves small ones alone', () => {
    const hd = splashWindow(60, 1920, 1080);
    expect(hd.width).toBe(SPLASH_MAX_WIDTH);
    expect(hd.height).toBe(360);
    expect(hd.scale).toBeCloseTo(1 / 3, 9);
    const small = splashWindow(60, 320, 180);
    expect([small.width, small.height, small.scale]).toEqual([320, 180, 1]);
  });
});

describe('measureClipSplash', () => {
  // A synthetic clip of 40 frames whose entry stage starts at frame 20: the scene's frames are the
  // decoded window (from frame 12 on), as the worker and the trainer decode them.
  const entryStart = 20;
  const window = splashWindow(entryStart, 384, 216);
  const scene = makeScene({ entryIndex: entryStart - window.from, contactIndex: entryStart - window.from + 4, frameCount: 40 - window.from, splashHeight: 32 });
  const box = scene.diverBox;

  it('measures what measureSplash measures with the last diver box before the entry', () => {
    const boxFrame = entryStart - 1;
    const result = measureClipSplash(scene.frames, entryStart, window, 25, (f) => (f <= boxFrame ? box : null));
    const direct = measureSplash(scene.frames, { entryIndex: entryStart - window.from, fps: 25, diverBox: { ...box, frameIndex: boxFrame - window.from } });
    expect(result.from).toBe(window.from);
    expect(result.reason).toBeUndefined();
    expect(result.areaSeconds).toBeCloseTo(direct.areaSeconds, 9);
    expect(result.score).toBeGreaterThan(0.5);
  });

  it('skips frames where the diver was not found and looks further back', () => {
    const calls: number[] = [];
    measureClipSplash(scene.frames, entryStart, window, 25, (f) => {
      calls.push(f);
      return f === 15 ? box : null;
    });
    expect(calls).toEqual([19, 18, 17, 16, 15]);
  });

  it('scales the box into the decoded frame size', () => {
    const half = { ...window, width: window.width, scale: 0.5 };
    const doubled = { x1: box.x1 * 2, y1: box.y1 * 2, x2: box.x2 * 2, y2: box.y2 * 2 };
    const scaled = measureClipSplash(scene.frames, entryStart, half, 25, () => doubled);
    const plain = measureClipSplash(scene.frames, entryStart, window, 25, () => box);
    expect(scaled.areaSeconds).toBeCloseTo(plain.areaSeconds, 9);
  });
});
