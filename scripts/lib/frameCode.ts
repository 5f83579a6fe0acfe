/**
 * A frame-index barcode burned into synthetic clips, so tests can tell which decoded frame the
 * browser is actually showing (not just what the UI claims).
 *
 * Layout: FRAME_CODE_BITS square blocks in one row, least significant bit first; white = 1.
 * Large, high-contrast blocks survive lossy codecs (H.264, VP8/9, AV1) at normal quality.
 */
export const FRAME_CODE_BITS = 10;

export interface FrameCodeLayout {
  /** Left edge of the first block, px. */
  x0: number;
  /** Top edge of the row, px. */
  y0: number;
  /** Block side, px. */
  block: number;
  /** Gap between blocks, px. */
  gap: number;
}

export function frameCodeBlockCentres(layout: FrameCodeLayout): Array<{ x: number; y: number }> {
  const centres: Array<{ x: number; y: number }> = [];
  for (let bit = 0; bit < FRAME_CODE_BITS; bit++) {
    centres.push({
      x: layout.x0 + bit * (layout.block + layout.gap) + layout.block / 2,
      y: layout.y0 + layout.block / 2,
    });
  }
  return centres;
}

/** Draws the code for `frameIndex` into an RGB24 buffer of the given width. */
export function drawFrameCode(rgb: Uint8Array, width: number, frameIndex: number, layout: FrameCodeLayout): void {
  for (let bit = 0; bit < FRAME_CODE_BITS; bit++) {
    const on = (frameIndex >> bit) & 1;
    const value = on ? 255 : 0;
    const left = layout.x0 + bit * (layout.block + layout.gap);
    for (let y = layout.y0; y < layout.y0 + layout.block; y++) {
      for (let x = left; x < left + layout.block; x++) {
        const i = (y * width + x) * 3;
        rgb[i] = value;
        rgb[i + 1] = value;
        rgb[i + 2] = value;
      }
    }
  }
}

/** Reads the frame index back from the mean luminance sampled at each block centre (0–255). */
export function readFrameCode(blockLuminance: readonly number[]): number {
  let index = 0;
  blockLuminance.forEach((luma, bit) => {
    if (luma > 127) index |= 1 << bit;
  });
  return index;
}

/** Where the synthetic dive fixture (640×360) carries its code: a small strip, bottom left. */
export const SAMPLE_FRAME_CODE: FrameCodeLayout = { x0: 6, y0: 360 - 18, block: 12, gap: 4 };
