import { describe, expect, test } from 'vitest';
import { CROP_GRID, drawView, frameToView, snapAngle, snapCrop, snapToOctaveStep, snapToStep, viewToFrame, type CropView } from './crop.ts';

const views: CropView[] = [
  { crop: { x: 100, y: 50, size: 200 }, rotation: 0, outSize: 256 },
  { crop: { x: -40, y: 10, size: 120 }, rotation: Math.PI / 2, outSize: 256 },
  { crop: { x: 300, y: 200, size: 90 }, rotation: Math.PI, outSize: 192 },
  { crop: { x: 0, y: 0, size: 455 }, rotation: 1.1, outSize: 256 },
  { crop: { x: 20, y: 30, size: 150 }, rotation: 0.7, outSize: 256, mirror: true },
];

describe('crop views', () => {
  test.each(views)('frame → view → frame is the identity (rotation $rotation)', (view) => {
    for (const [x, y] of [[120, 80], [0, 0], [455, 256], [180.5, 150.25]] as const) {
      const [u, v] = frameToView(view, x, y);
      const [x2, y2] = viewToFrame(view, u, v);
      expect(x2).toBeCloseTo(x, 6);
      expect(y2).toBeCloseTo(y, 6);
    }
  });

  test('the crop centre lands in the view centre; a clockwise quarter turn moves "up" to "right"', () => {
    const view: CropView = { crop: { x: 100, y: 100, size: 100 }, rotation: Math.PI / 2, outSize: 200 };
    expect(frameToView(view, 150, 150).map((n) => Math.round(n))).toEqual([100, 100]);
    // A point above the centre (smaller y) appears right of centre after a clockwise turn.
    const [u, v] = frameToView(view, 150, 120);
    expect(u).toBeCloseTo(160);
    expect(v).toBeCloseTo(100);
  });

  test('a mirrored view puts the right of the crop on the left', () => {
    const view: CropView = { crop: { x: 0, y: 0, size: 100 }, rotation: 0, outSize: 100, mirror: true };
    expect(frameToView(view, 90, 50)[0]).toBeCloseTo(10);
  });

  test.each([views[1]!, views[4]!])('drawView uses the same transform as frameToView', (view) => {
    let matrix: number[] = [];
    const ctx = {
      fillStyle: '',
      fillRect() {},
      drawImage() {},
      setTransform(a: number, b: number, c: number, d: number, e: number, f: number) {
        if (a !== 1 || b !== 0 || e !== 0) matrix = [a, b, c, d, e, f];
      },
    };
    drawView(ctx, {} as CanvasImageSource, view);
    const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
    const [x, y] = [30, 70];
    const [u, v] = frameToView(view, x, y);
    expect(a * x + c * y + e).toBeCloseTo(u, 6);
    expect(b * x + d * y + f).toBeCloseTo(v, 6);
  });
});

describe('the followed crop on a grid (CROP_GRID)', () => {
  const placed = { x: 203.37, y: 91.8, size: 287.4 };

  test('crops 1e-4 px apart, as the WebGPU and WASM answers on one picture are, come out the same', () => {
    let same = 0;
    const trials = 200;
    for (let k = 0; k < trials; k++) {
      const crop = { x: placed.x + k * 1.37, y: placed.y + k * 0.71, size: placed.size + k * 0.53 };
      const nudged = { x: crop.x + 1e-4, y: crop.y - 1e-4, size: crop.size + 1e-4 };
      if (JSON.stringify(snapCrop(crop)) === JSON.stringify(snapCrop(nudged))) same++;
    }
    // Only a crop that straddles a grid line can change: about one in ten thousand per coordinate.
    expect(same).toBeGreaterThanOrEqual(trials - 1);
  });

  test('keeps the diver centred: within half a step of where the crop was placed, the size within half a step of an octave', () => {
    for (let k = 0; k < 50; k++) {
      const crop = { x: placed.x + k * 3.1, y: placed.y - k * 2.3, size: placed.size * (1 + k / 40) };
      const snapped = snapCrop(crop);
      const ratio = Math.log2(snapped.size / crop.size);
      expect(Math.abs(ratio)).toBeLessThanOrEqual(1 / (2 * CROP_GRID.sizeStepsPerOctave) + 1e-12);
      const step = snapped.size / CROP_GRID.positionStepsPerSide;
      expect(Math.abs(snapped.x + snapped.size / 2 - (crop.x + crop.size / 2))).toBeLessThanOrEqual(step / 2 + 1e-9);
      expect(Math.abs(snapped.y + snapped.size / 2 - (crop.y + crop.size / 2))).toBeLessThanOrEqual(step / 2 + 1e-9);
    }
  });

  test('turns on a grid of steps of a half turn, the nearest step either way', () => {
    const step = Math.PI / CROP_GRID.rotationStepsPerHalfTurn;
    expect(snapAngle(0.4 * step)).toBe(0);
    expect(snapAngle(-2.6 * step)).toBeCloseTo(-3 * step, 12);
    expect(snapAngle(1.2345)).toBe(snapAngle(1.2345 + 1e-4));
  });

  test('lengths snap to powers of 2^(1/n); what is not a positive finite number passes through', () => {
    expect(snapToOctaveStep(100, 16)).toBeCloseTo(2 ** (Math.round(Math.log2(100) * 16) / 16), 12);
    expect(snapToOctaveStep(0, 16)).toBe(0);
    expect(snapToStep(Number.NaN, 1)).toBeNaN();
  });
});
