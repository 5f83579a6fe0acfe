/**
 * The square, optionally rotated, region of a frame that a pose backend sees, and the mapping of
 * its keypoints back to frame pixels. Rotating the crop so the diver looks upright is how the
 * pose stage recovers inverted bodies, which general-purpose models were rarely trained on.
 */
import type { CropRect } from './types.ts';

export interface CropView {
  crop: CropRect;
  /** Clockwise rotation applied to the crop before the backend sees it, radians. */
  rotation: number;
  /** Side of the square canvas handed to the backend, px. */
  outSize: number;
  /** Mirror left↔right after rotating (test-time augmentation; the backend's left is then the diver's right). */
  mirror?: boolean;
}

/** Point in the backend's canvas → point in the full frame. */
export function viewToFrame(view: CropView, x: number, y: number): [number, number] {
  const scale = view.crop.size / view.outSize;
  const u = (view.mirror ? view.outSize / 2 - x : x - view.outSize / 2) * scale;
  const v = (y - view.outSize / 2) * scale;
  // Undo the clockwise rotation: rotate counter-clockwise by the same angle.
  const c = Math.cos(-view.rotation), s = Math.sin(-view.rotation);
  const cx = view.crop.x + view.crop.size / 2, cy = view.crop.y + view.crop.size / 2;
  return [cx + u * c - v * s, cy + u * s + v * c];
}

/** Point in the full frame → point in the backend's canvas (inverse of viewToFrame). */
export function frameToView(view: CropView, x: number, y: number): [number, number] {
  const cx = view.crop.x + view.crop.size / 2, cy = view.crop.y + view.crop.size / 2;
  const u = x - cx, v = y - cy;
  const c = Math.cos(view.rotation), s = Math.sin(view.rotation);
  const scale = view.outSize / view.crop.size;
  const x1 = (u * c - v * s) * scale;
  return [(view.mirror ? -x1 : x1) + view.outSize / 2, (u * s + v * c) * scale + view.outSize / 2];
}

/** Maps a joints array (x, y, conf triples) from view pixels to frame pixels, in place. */
export function jointsViewToFrame(view: CropView, joints: Float32Array): Float32Array {
  for (let i = 0; i + 2 < joints.length; i += 3) {
    const [x, y] = viewToFrame(view, joints[i] ?? Number.NaN, joints[i + 1] ?? Number.NaN);
    joints[i] = x;
    joints[i + 1] = y;
  }
  return joints;
}

/**
 * The grid a followed crop is rounded to. A crop placed from the last frame's joints moves with
 * every hundredth of a pixel of them, and the model's answer moves by a few times what its crop
 * moved, so two runs whose arithmetic differs in the last digits (WebGPU and WASM) drifted apart
 * by pixels within ten frames. On a grid, such a difference changes the next crop only where it
 * straddles a grid line, about once in ten thousand crops for the 1e-4 px the two differ by on
 * the same picture. The steps are about a pixel of the model's 256-px picture. Used where the
 * pose stage's `snapCrops` asks; off by default, since the new draw of the poses it gives cost the
 * shown score on the test dives and, on the benchmark's clip, speed (docs/measurements.md, "The crop
 * on a grid").
 */
export const CROP_GRID = { positionStepsPerSide: 256, sizeStepsPerOctave: 64, rotationStepsPerHalfTurn: 256 } as const;

export function snapToStep(value: number, step: number): number {
  return step > 0 && Number.isFinite(value) ? Math.round(value / step) * step : value;
}

/** A positive length rounded to the nearest of 2^(k / stepsPerOctave). */
export function snapToOctaveStep(value: number, stepsPerOctave: number): number {
  return value > 0 && Number.isFinite(value) ? 2 ** (Math.round(Math.log2(value) * stepsPerOctave) / stepsPerOctave) : value;
}

export function snapAngle(radians: number): number {
  return snapToStep(radians, Math.PI / CROP_GRID.rotationStepsPerHalfTurn);
}

/** The crop rounded to CROP_GRID: size first, then its centre to a step of the rounded size. */
export function snapCrop(crop: CropRect): CropRect {
  const size = snapToOctaveStep(crop.size, CROP_GRID.sizeStepsPerOctave);
  const step = size / CROP_GRID.positionStepsPerSide;
  const cx = snapToStep(crop.x + crop.size / 2, step);
  const cy = snapToStep(crop.y + crop.size / 2, step);
  return { x: cx - size / 2, y: cy - size / 2, size };
}

interface Canvas2D {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasImageSource, dx: number, dy: number): void;
  fillStyle: string | CanvasGradient | CanvasPattern;
}

/** Draws the view of `image` into a context whose canvas is outSize × outSize. */
export function drawView(ctx: Canvas2D, image: CanvasImageSource, view: CropView): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, view.outSize, view.outSize);
  const scale = view.outSize / view.crop.size;
  const c = Math.cos(view.rotation), s = Math.sin(view.rotation);
  const cx = view.crop.x + view.crop.size / 2, cy = view.crop.y + view.crop.size / 2;
  // canvas = T(out/2) · M(mirror) · R(rotation) · S(scale) · T(−centre) · frame
  const m = view.mirror ? -1 : 1;
  const a = m * c * scale, b = s * scale, cc = -m * s * scale, d = c * scale;
  const e = view.outSize / 2 - (a * cx + cc * cy);
  const f = view.outSize / 2 - (b * cx + d * cy);
  ctx.setTransform(a, b, cc, d, e, f);
  ctx.drawImage(image, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
