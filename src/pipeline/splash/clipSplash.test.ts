import { describe, expect, it } from 'vitest';
import { ClipTailKeeper, measureClipSplash, splashGridsFromTail, splashOnset, splashSeenLongEnough, splashWindow, transferablesOfTail, SPLASH_MAX_WIDTH, SPLASH_MIN_VIEW_AFTER_CONTACT_S, type ClipTailFrames } from './clipSplash.ts';
import { cellGrid, cellStepFor } from './grid.ts';
import { pictureToRgba, type DecodedPicture } from '../video/picture.ts';
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

describe('how much of the splash a view must show', () => {
  // A splash's area over time as the app measures one (25 fps): rising from the contact, then settling.
  const splash = (before: number, after: number) => [...new Array<number>(before).fill(0), 0.1, 0.4, 0.8, 1, 0.9, 0.7, 0.55, 0.45, 0.35, 0.28, 0.22, 0.17, 0.13, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02].slice(0, before + after);

  it('finds the onset where the white water starts to rise, extrapolated back to zero', () => {
    expect(splashOnset(splash(10, 20))).toBeCloseTo(11 - 0.4 / 0.3, 9); // frame 11 (0.4) is the first at 30% of the peak, rising 0.3 from frame 10
    expect(splashOnset([0, 0, 0])).toBeNull();
    expect(splashOnset([])).toBeNull();
  });

  it('believes a splash seen 0.6 s past its onset, and not one cut off sooner', () => {
    const fps = 25, need = Math.ceil(SPLASH_MIN_VIEW_AFTER_CONTACT_S * fps);
    const onset = splashOnset(splash(10, 20)) as number;
    const frames = (n: number) => splash(10, 20).slice(0, n);
    expect(splashSeenLongEnough(frames(Math.ceil(onset + need)), fps, true)).toBe(true);
    expect(splashSeenLongEnough(frames(Math.ceil(onset + need) - 1), fps, true)).toBe(false);
    // The same at a clip's end as at a cut: a view that ends early shows part of the splash either way.
    expect(splashSeenLongEnough(frames(14), fps, false)).toBe(false);
    expect(splashSeenLongEnough(splash(10, 20), fps, false)).toBe(true);
  });

  it('believes no white water only where the view lasts long enough for a splash to have come', () => {
    expect(splashSeenLongEnough(new Array<number>(50).fill(0), 25, true)).toBe(true);
    expect(splashSeenLongEnough(new Array<number>(20).fill(0), 25, true)).toBe(false);
    // A clip that simply ends with none reads as a rip entry, as it always has.
    expect(splashSeenLongEnough(new Array<number>(20).fill(0), 25, false)).toBe(true);
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

  it('measures the same on the frames\' cell grids as on their pixels (how the app hands them over)', () => {
    const step = cellStepFor(window.width, window.height);
    const grids = { width: window.width, height: window.height, grids: scene.frames.map((f) => cellGrid(f, step)) };
    const fromPixels = measureClipSplash(scene.frames, entryStart, window, 25, () => box);
    const fromGrids = measureClipSplash(grids, entryStart, window, 25, () => box);
    expect(fromGrids.areaSeconds).toBeGreaterThan(0);
    expect({ ...fromGrids, msPerFrame: 0 }).toEqual({ ...fromPixels, msPerFrame: 0 });
    const otherSize = { ...grids, grids: [...grids.grids.slice(0, 5), cellGrid(scene.frames[5] as (typeof scene.frames)[number], step + 1), ...grids.grids.slice(6)] };
    expect(measureClipSplash(otherSize, entryStart, window, 25, () => box).reason).toBe('inconsistent-frame-size');
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

// Image-sized buffers converted in plain JS: on a machine busy with the e2e suite this took 5 s once.
describe('the clip tail the pose pass keeps for the splash', { timeout: 30_000 }, () => {
  // An I420 picture in one reused decoder buffer, as VideoFrame.copyTo writes it; frame i's luma
  // all holds i, so which frame came back is readable.
  const W = 960, H = 540; // wider than the splash reads (640): the window is scaled down
  const decoderBuffer = new Uint8Array(W * H * 1.5 + 64);
  const pictureOf = (i: number): DecodedPicture => {
    decoderBuffer.fill(128);
    decoderBuffer.fill(i, 0, W * H);
    return {
      kind: 'yuv', width: W, height: H, chromaShiftX: 1, chromaShiftY: 1, fullRange: true, matrix: 'bt709',
      y: { data: decoderBuffer, offset: 0, stride: W, step: 1 },
      u: { data: decoderBuffer, offset: W * H, stride: W / 2, step: 1 },
      v: { data: decoderBuffer, offset: W * H * 1.25, stride: W / 2, step: 1 },
    };
  };
  const keep = (from: number, to: number, maxBytes?: number) => {
    const keeper = new ClipTailKeeper(maxBytes);
    for (let i = from; i <= to; i++) keeper.push(i, pictureOf(i));
    return keeper.result() ?? undefined;
  };

  it('hands out exactly the window the splash decodes, reduced at its size as a decode would be', () => {
    const tail = keep(70, 99);
    const window = splashWindow(85, W, H);
    const frames = splashGridsFromTail(tail, window, 100);
    expect([frames?.width, frames?.height]).toEqual([window.width, window.height]);
    // Each grid is the one a decode of its frame gives (frame i's cells all read i's grey).
    const decoded = (i: number) => cellGrid(pictureToRgba(pictureOf(i), window.width, window.height), cellStepFor(window.width, window.height));
    expect(frames?.grids.map((g) => g.minChannel[0])).toEqual(Array.from({ length: 100 - window.from }, (_, k) => decoded(window.from + k).minChannel[0]));
    expect(new Set(frames?.grids.map((g) => g.minChannel[0])).size).toBeGreaterThan(15);
    expect(frames?.grids[0]).toEqual(decoded(window.from));
    // A cut after the entry ends the window there, as the decode's `to` does.
    expect(splashGridsFromTail(tail, window, 100, 90)?.grids).toHaveLength(91 - window.from);
    // The copies own their pixels: the decoder's buffer moved on, they did not.
    expect(tail?.pictures[0]?.kind === 'yuv' && tail.pictures[0].y.data !== decoderBuffer).toBe(true);
    expect(transferablesOfTail(tail as ClipTailFrames)).toHaveLength(30);
  });

  it('gives nothing the splash could not trust: a window before the tail, a tail short of the end', () => {
    const tail = keep(70, 99);
    expect(splashGridsFromTail(tail, splashWindow(75, W, H), 100)).toBeNull();
    expect(splashGridsFromTail(tail, splashWindow(85, W, H), 101)).toBeNull();
    expect(splashGridsFromTail(undefined, splashWindow(85, W, H), 100)).toBeNull();
  });

  it('drops the oldest frames past its byte budget, and keeps nothing after a gap or an unreadable frame', () => {
    const capped = keep(0, 99, W * H * 1.5 * 30);
    expect(capped?.from).toBe(70);
    expect(capped?.pictures.map((p) => (p.kind === 'yuv' ? p.y.data[0] : -1))).toEqual(Array.from({ length: 30 }, (_, k) => 70 + k));
    const gap = new ClipTailKeeper();
    gap.push(10, pictureOf(10));
    gap.push(12, pictureOf(12));
    expect(gap.result()).toBeNull();
    const tooLarge = new ClipTailKeeper(W * H * 1.5 * 20);
    tooLarge.push(10, pictureOf(10));
    expect(tooLarge.result()).toBeNull();
    const unreadable = new ClipTailKeeper();
    unreadable.push(10, pictureOf(10));
    unreadable.abandon();
    unreadable.push(11, pictureOf(11));
    expect(unreadable.result()).toBeNull();
  });
});
