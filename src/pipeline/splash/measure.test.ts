import { describe, expect, it } from 'vitest';
import { measureSplash } from './index.ts';
import type { RgbaFrame, SplashMask } from './index.ts';
import { makeScene } from './testScenes.ts';
import type { SceneOptions } from './testScenes.ts';

/** Score of a synthetic clip measured with the diver box, as the pipeline calls it. */
function measure(options: SceneOptions) {
  const scene = makeScene(options);
  return { scene, result: measureSplash(scene.frames, { entryIndex: scene.entryIndex, diverBox: scene.diverBox }) };
}

describe('measureSplash on synthetic entries', () => {
  it('gives a bigger score to a bigger splash', () => {
    const scores = [0, 12, 20, 32, 48].map((splashHeight) => measure({ splashHeight }).result.score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan((scores[i - 1] as number) + 0.1);
    expect(scores[scores.length - 1]).toBeLessThanOrEqual(10);
  }, 30_000); // five synthetic entries: about 3 s alone, more on a shared 2-core machine

  it('scores an entry without a splash near zero', () => {
    const { result } = measure({ splashHeight: 0 });
    expect(result.score).toBeLessThan(0.1);
    expect(result.reason).toBeUndefined();
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  it('ignores a white lane rope and a reflection that were there before the entry', () => {
    const plain = measure({ splashHeight: 32 }).result.score;
    const without = measure({ splashHeight: 0, laneRope: true, reflection: true }).result;
    const withSplash = measure({ splashHeight: 32, laneRope: true, reflection: true }).result;
    expect(without.score).toBeLessThan(0.1);
    // The rope behind the splash hides a little of it (white on white), nothing is added.
    expect(withSplash.score).toBeGreaterThan(0.7 * plain);
    expect(withSplash.score).toBeLessThan(1.05 * plain);
  });

  it('does not see a splash in a camera pan, and measures the same splash while panning', () => {
    const still = measure({ splashHeight: 32 }).result.score;
    for (const pan of [{ x: 3, y: 2 }, { x: -2, y: 3 }]) {
      expect(measure({ splashHeight: 0, pan }).result.score).toBeLessThan(0.1);
      const panned = measure({ splashHeight: 32, pan }).result.score;
      expect(Math.abs(panned - still)).toBeLessThan(0.2 * still);
    }
  });

  it('does not see a splash in a zoom-out with a pan and a lane rope', () => {
    const { result } = measure({ splashHeight: 0, pan: { x: -2, y: 3 }, zoomOutPerFrame: 0.008, laneRope: true, reflection: true });
    expect(result.score).toBeLessThan(0.1);
    // A zoom-out does not shrink the splash: areas are measured at the entry frame's scale.
    const still = measure({ splashHeight: 32 }).result.score;
    expect(measure({ splashHeight: 32, zoomOutPerFrame: 0.01 }).result.score).toBeGreaterThan(0.8 * still);
  });

  it('finds the water line and the entry point, and reports them in the peak frame', () => {
    for (const pan of [{ x: 0, y: 0 }, { x: 3, y: 2 }]) {
      const { scene, result } = measure({ splashHeight: 32, pan });
      expect(result.waterLine).not.toBeNull();
      expect(Math.abs((result.waterLine as number) - scene.waterLineAt(result.geometryFrame))).toBeLessThanOrEqual(2.5);
      expect(Math.abs((result.entryPoint?.x ?? -1) - scene.entryXAt(result.geometryFrame))).toBeLessThanOrEqual(3);
    }
  });

  it('traces the area from the entry index on: zero before contact, peaking soon after it', () => {
    const { scene, result } = measure({ splashHeight: 32, entryIndex: 8, contactIndex: 12 });
    expect(result.trace).toHaveLength(scene.frames.length - 8);
    expect(Math.max(...result.trace.slice(0, 12 - 8))).toBe(0);
    const peak = result.trace.indexOf(Math.max(...result.trace));
    expect(8 + peak).toBeGreaterThanOrEqual(13);
    expect(8 + peak).toBeLessThanOrEqual(17);
    expect(result.geometryFrame).toBe(8 + peak);
    expect(result.reference).toBe('diver-box');
    expect(result.referenceAreaPx).toBeCloseTo((scene.diverBox.x2 - scene.diverBox.x1) ** 2, 0);
  });

  it('works without a diver box, normalising by a fraction of the frame height', () => {
    const small = makeScene({ splashHeight: 20 });
    const large = makeScene({ splashHeight: 48 });
    const a = measureSplash(small.frames, { entryIndex: small.entryIndex });
    const b = measureSplash(large.frames, { entryIndex: large.entryIndex });
    expect(a.reference).toBe('frame-height');
    expect(a.referenceAreaPx).toBeCloseTo((0.45 * 216) ** 2, 0);
    expect(b.score).toBeGreaterThan(a.score + 1);
  });

  it('reports the counted cells through onMask, matching the trace', () => {
    const scene = makeScene({ splashHeight: 32, pan: { x: 2, y: 1 } });
    const counted = new Map<number, number>();
    const result = measureSplash(scene.frames, {
      entryIndex: scene.entryIndex,
      diverBox: scene.diverBox,
      onMask: (mask: SplashMask) => counted.set(mask.frameIndex, mask.cells.reduce((sum, v) => sum + v, 0)),
    });
    expect([...counted.keys()]).toEqual(result.trace.map((_, i) => scene.entryIndex + i));
    const peak = result.geometryFrame;
    expect(counted.get(peak)).toBeGreaterThan(20);
    // Trace = counted cells × cell area (at the entry frame's scale) / reference area.
    const cellArea = (result.trace[peak - scene.entryIndex] as number) * result.referenceAreaPx / (counted.get(peak) as number);
    expect(cellArea).toBeCloseTo(4, 5); // 2×2-pixel cells at 384×216
  });
});

describe('measureSplash on bad input', () => {
  const scene = makeScene({ splashHeight: 20, frameCount: 16 });
  const frames = scene.frames;
  const first = frames[0] as RgbaFrame;

  it.each([
    ['no frames', [] as RgbaFrame[], 0, 'no-frames'],
    ['a negative entry index', frames, -1, 'entry-out-of-range'],
    ['a fractional entry index', frames, 2.5, 'entry-out-of-range'],
    ['an entry index past the end', frames, frames.length, 'no-post-entry-frames'],
    ['a frame with too little data', [...frames.slice(0, 5), { width: first.width, height: first.height, data: new Uint8ClampedArray(10) }, ...frames.slice(6)], 8, 'invalid-frame'],
    ['a frame of another size', [...frames.slice(0, 5), { width: 100, height: 50, data: new Uint8ClampedArray(100 * 50 * 4) }, ...frames.slice(6)], 8, 'inconsistent-frame-size'],
    ['frames too small to measure', [{ width: 8, height: 8, data: new Uint8ClampedArray(256) }], 0, 'invalid-frame'],
  ])('%s: score 0 with a reason, no exception', (_name, input, entryIndex, reason) => {
    const result = measureSplash(input, { entryIndex });
    expect(result.score).toBe(0);
    expect(result.areaSeconds).toBe(0);
    expect(result.confidence).toBe(0);
    expect(result.reason).toBe(reason);
  });

  it('an entry at the last frame: a one-frame trace and low confidence ("short-window")', () => {
    const result = measureSplash(frames, { entryIndex: frames.length - 1, diverBox: scene.diverBox });
    expect(result.trace).toHaveLength(1);
    expect(result.score).toBe(0);
    expect(result.confidence).toBeLessThan(0.2);
    expect(result.reason).toBe('short-window');
  });

  it('an entry at the first frame still measures (the frames before the splash are the background)', () => {
    const early = makeScene({ splashHeight: 32, entryIndex: 0, contactIndex: 3, frameCount: 24 });
    const result = measureSplash(early.frames, { entryIndex: 0, diverBox: early.diverBox });
    expect(result.score).toBeGreaterThan(1);
  });

  it('a window that starts inside the splash flags it ("unseen-background")', () => {
    const late = makeScene({ splashHeight: 48, entryIndex: 0, contactIndex: 0, frameCount: 24, pan: { x: 0, y: 4 } });
    const result = measureSplash(late.frames.slice(3), { entryIndex: 0, diverBox: late.diverBox });
    expect(result.confidence).toBeLessThan(0.9);
  });

  it('a nonsense diver box is clamped, not trusted', () => {
    const result = measureSplash(frames, { entryIndex: 8, diverBox: { x1: 10, y1: 10, x2: 11, y2: 11 } });
    expect(Number.isFinite(result.score)).toBe(true);
    expect(result.referenceAreaPx).toBeGreaterThanOrEqual((0.1 * first.height) ** 2 - 1e-6);
  });
});
