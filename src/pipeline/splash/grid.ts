/**
 * A frame reduced to a grid of small cells (about 128 cells across the short side), with the colour
 * features the splash classifier needs. Averaging over a cell also removes single-pixel spray and
 * compression noise, and keeps the cost per frame independent of the video size.
 */
import type { RgbaFrame } from './types.ts';

export interface CellGrid {
  cols: number;
  rows: number;
  /** Pixels per cell side. */
  step: number;
  /** Rec. 601 luma, 0–255. */
  luma: Uint8Array;
  /** Smallest of the cell's mean R, G, B: high only when every channel is high (white). */
  minChannel: Uint8Array;
  /** Largest minus smallest channel: low for grey/white, high for pool blue or skin. */
  chroma: Uint8Array;
  /** Mean R − mean B, −255…255: positive for skin and warm colours, negative for water. */
  warmth: Int16Array;
}

/**
 * Frames already reduced to the splash's cell grids (at `cellStepFor(width, height)`), one
 * per frame of a `width`×`height` clip: the app makes them from the decoder's planes through one
 * reused RGBA buffer rather than keep a full RGBA copy of every frame.
 */
export interface SplashGrids {
  width: number;
  height: number;
  grids: readonly CellGrid[];
}

/** Cell side in pixels so that the short side has about 128 cells. */
export function cellStepFor(width: number, height: number): number {
  return Math.max(1, Math.round(Math.min(width, height) / 128));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function cellGrid(frame: RgbaFrame, step: number): CellGrid {
  const { width, data } = frame;
  const cols = Math.floor(width / step);
  const rows = Math.floor(frame.height / step);
  const n = cols * rows;
  const luma = new Uint8Array(n);
  const minChannel = new Uint8Array(n);
  const chroma = new Uint8Array(n);
  const warmth = new Int16Array(n);
  // At most 2×2 samples per cell: enough to average away spray and noise, cheap for large frames.
  const sub = Math.max(1, step >> 1);
  const offsets: number[] = [];
  for (let sy = 0; sy < step; sy += sub) for (let sx = 0; sx < step; sx += sub) offsets.push(sy * width + sx);
  const samples = offsets.length;
  const sampleOffsets = Int32Array.from(offsets);
  // One 32-bit read per pixel where the buffer allows it (little-endian RGBA → 0xAABBGGRR).
  const words = LITTLE_ENDIAN && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : null;
  const inverse = 1 / samples;
  for (let row = 0; row < rows; row++) {
    const rowBase = row * step * width;
    for (let col = 0; col < cols; col++) {
      const base = rowBase + col * step;
      let r = 0, g = 0, b = 0;
      if (words !== null) {
        for (let k = 0; k < samples; k++) {
          const w = words[base + (sampleOffsets[k] as number)] as number;
          r += w & 255;
          g += (w >>> 8) & 255;
          b += (w >>> 16) & 255;
        }
      } else {
        for (let k = 0; k < samples; k++) {
          const p = 4 * (base + (sampleOffsets[k] as number));
          r += data[p] as number;
          g += data[p + 1] as number;
          b += data[p + 2] as number;
        }
      }
      r *= inverse;
      g *= inverse;
      b *= inverse;
      const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
      const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
      const i = row * cols + col;
      luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
      minChannel[i] = lo;
      chroma[i] = hi - lo;
      warmth[i] = r - b;
    }
  }
  return { cols, rows, step, luma, minChannel, chroma, warmth };
}

/** Thresholds of "white water", set in measure.ts relative to the pool's own colour. */
export interface WhiteThresholds {
  /** Smallest channel at least this (brighter than the water in every channel). */
  minChannel: number;
  /** Channel spread at most this (unsaturated). */
  maxChroma: number;
  /** R − B at most this: white water is neutral or bluish; skin and hair are warm. */
  maxWarmth: number;
}
