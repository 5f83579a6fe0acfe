import { describe, expect, test } from 'vitest';
import { drawView, frameToView, viewToFrame, type CropView } from './crop.ts';

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
