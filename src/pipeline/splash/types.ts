/**
 * Types of the classical splash measurement. Frames are plain RGBA buffers (from the decoder's
 * planes through pictureToRgba in the app, from @napi-rs/canvas in the trainer), or the cell grids
 * made of them (grid.ts), so the trainer and the app measure the same number with the same code.
 */
import type { Box } from '../pose/types.ts';

/** One RGBA frame, row-major, 4 bytes per pixel (the shape of ImageData). */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A diver box in one frame's pixel coordinates. */
export interface DiverBoxHint extends Box {
  /** Frame the box belongs to (index into `frames`); default: the entry index. */
  frameIndex?: number;
}

/** A point in one frame's pixel coordinates. */
export interface FramePoint {
  x: number;
  y: number;
  /** Frame the point belongs to (index into `frames`); default: the entry index. */
  frameIndex?: number;
}

export interface MeasureSplashOptions {
  /**
   * Index into `frames` of the entry: the predicted entry-start transition (or the ground truth in
   * training). Frames before it model the scene without a splash; frames from it on are measured.
   */
  entryIndex: number;
  /** Frame rate, for the time integral (eq. 21). Default 25. */
  fps?: number;
  /**
   * The diver's box from the pose stage: sizes the region of interest, and its area (the square of
   * its larger side) is the reference area. Best: the last frame with the whole body above the water
   * (a straight body, so the ruler is the same from dive to dive).
   */
  diverBox?: DiverBoxHint;
  /** Where the diver goes in, y on the water surface; default: below the box centre on the estimated water line. */
  entryPoint?: FramePoint;
  /** Row of the pool surface (any x); estimated when absent. */
  waterLine?: { y: number; frameIndex?: number };
  /** How many frames before the entry index to use (default 8). */
  preEntryFrames?: number;
  /** Called with the white-water mask of each measured frame (for an overlay or diagnostics). */
  onMask?: (mask: SplashMask) => void;
}

/** Cells counted as white water in one frame: cell (c, r) covers `cellSize` pixels from (x0 + c·cellSize, y0 + r·cellSize). */
export interface SplashMask {
  frameIndex: number;
  x0: number;
  y0: number;
  cellSize: number;
  cols: number;
  rows: number;
  /** 1 = white water, row-major; valid only during the callback. */
  cells: Uint8Array;
}

export type SplashFailure =
  | 'no-frames'
  | 'invalid-frame'
  | 'inconsistent-frame-size'
  | 'entry-out-of-range'
  | 'no-post-entry-frames'
  | 'roi-outside-frames';

/** How the per-frame area was normalised (see `SplashMeasurement.trace`). */
export type ReferenceKind = 'diver-box' | 'frame-height';

export interface SplashMeasurement {
  /**
   * White-water area per frame from the entry index to the last frame, as a fraction of the
   * reference area (`referenceAreaPx`): trace[0] is frames[entryIndex]. Areas are taken at the
   * entry frame's scale (a zoom-out does not shrink them). The reference is the diver's box because
   * a diver is about the same size in metres: like the simulator's m², the number then compares
   * across clips filmed closer or wider; the frame area would not (operators zoom to the splash).
   */
  trace: number[];
  /**
   * Eq. 21 over `trace`: the trapezoidal time integral of the normalised area, in reference-area
   * seconds. Linear in the splash, like the simulator's truth (m²·s) up to the scale of the reference.
   */
  areaSeconds: number;
  /** 0–10: 10·(1 − exp(−areaSeconds / SCORE_SCALE_AREA_SECONDS)); 0 none, ~2 a rip entry, 8+ a crash. */
  score: number;
  /** Reference area in entry-frame pixels: the diver box's (square of its larger side), or (0.45·frame height)² without a box. */
  referenceAreaPx: number;
  reference: ReferenceKind;
  /** Entry point and water-line row in the pixel coordinates of frame `geometryFrame` (null when unknown). */
  entryPoint: { x: number; y: number } | null;
  waterLine: number | null;
  /** Frame the geometry is expressed in: the frame of the largest splash area (or the last frame). */
  geometryFrame: number;
  /** 0–1: how much to trust the number (water line found, background seen, alignment residual, window length). */
  confidence: number;
  /** Why the measurement is 0 / unreliable, when it is. */
  reason?: SplashFailure | 'no-water-line' | 'short-window' | 'poor-alignment' | 'unseen-background';
  /** Mean time per frame spent measuring, milliseconds (diagnostics). */
  msPerFrame: number;
}
