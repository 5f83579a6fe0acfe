/**
 * Classical, model-free splash measurement (the paper's eq. 21: splash area per frame, integrated
 * over the entry), shared by the trainer (rendered simulator frames in Node) and the app (real clips
 * in a worker). Pixel buffers in, numbers out: no DOM, no Node APIs.
 *
 * Everything happens in "scene" cells: the cell grid of the entry frame (grid.ts, ~128 cells on the
 * short side). The broadcast camera pans and zooms, so each frame is placed in the scene by chaining
 * frame-to-frame zoom + shift estimates (align.ts); a static lane rope stays on the same scene cell.
 *  1. Region of interest around the entry point, sized from the diver's box (side s): 2.5 s wide,
 *     from 1.75 s above the water line (the splash column) to 0.8 s below it (foam: the water line
 *     found is usually the far edge of the pool, above the entry point).
 *  2. Water model: median and MAD of the smallest colour channel on the pool surface just below the
 *     water line. White water: brighter than that in every channel by a wide margin, unsaturated,
 *     not warm (skin, hair).
 *  3. Background level per cell: how white it already was — before the entry (a robust maximum over
 *     those frames), or for a cell the camera only shows later, at its first and last sight. A cell
 *     counts only when it is white water now AND clearly whiter than the background of it and its
 *     neighbours: lane ropes, reflections, the board and the deck never count, nor does a static
 *     white edge misregistered by a cell; the diver passing in front only lowers the background.
 *  4. Per frame from the entry index: those cells, a 3×3 majority filter (glints, thin spray), area
 *     in scene pixels (so a zoom-out does not shrink the splash) / the reference area.
 *  5. Eq. 21 (trapezoids) over the trace → area-seconds → a 0–10 score.
 */
import { CameraPathTracker } from './cameraPath.ts';
import { cellGrid, cellStepFor } from './grid.ts';
import type { CellGrid, SplashGrids, WhiteThresholds } from './grid.ts';
import type { MeasureSplashOptions, RgbaFrame, SplashFailure, SplashMeasurement } from './types.ts';
import { majority3x3 } from './morphology.ts';
import { findWaterLine } from './waterLine.ts';

export const DEFAULT_SPLASH_FPS = 25;
export const DEFAULT_PRE_ENTRY_FRAMES = 8;
/** Diver box side as a fraction of the frame height when no box is given (wide broadcast framing). */
export const DEFAULT_BOX_FRACTION = 0.45;
/**
 * areaSeconds giving a score of 10·(1 − 1/e) ≈ 6.3. On simulated dives with the diver box of the
 * last frame before entry: a rip entry ~0.01 (score ~1), a visible splash ~0.05 (~4), a crash 0.2+ (~9).
 */
export const SCORE_SCALE_AREA_SECONDS = 0.1;

/** Region of interest in diver-box sides: half width, above and below the water line. */
const ROI_HALF_WIDTH = 1.25;
const ROI_ABOVE = 1.75;
const ROI_BELOW = 0.8;
/** Flags of a ROI cell in a frame. */
const SEEN = 1, WHITE_NOW = 2;
/** Window after the entry index that counts as complete for the confidence, seconds. */
const FULL_WINDOW_S = 0.6;

type Reason = NonNullable<SplashMeasurement['reason']>;

function failure(reason: SplashFailure, trace: number[] = []): SplashMeasurement {
  return {
    trace,
    areaSeconds: 0,
    score: 0,
    referenceAreaPx: 0,
    reference: 'frame-height',
    entryPoint: null,
    waterLine: null,
    geometryFrame: 0,
    confidence: 0,
    reason,
    msPerFrame: 0,
  };
}

function validFrame(frame: RgbaFrame | undefined): frame is RgbaFrame {
  return (
    frame !== undefined &&
    Number.isInteger(frame.width) &&
    Number.isInteger(frame.height) &&
    frame.width > 0 &&
    frame.height > 0 &&
    frame.data instanceof Uint8ClampedArray &&
    frame.data.length === frame.width * frame.height * 4
  );
}

/** Median and scaled MAD of byte values from their histogram. */
function robustStats(histogram: Uint32Array, count: number): { median: number; sigma: number } {
  const quantile = (h: ArrayLike<number>, q: number): number => {
    let seen = 0;
    for (let v = 0; v < h.length; v++) {
      seen += h[v] as number;
      if (seen > q * count) return v;
    }
    return h.length - 1;
  };
  const median = quantile(histogram, 0.5);
  const deviations = new Uint32Array(256);
  for (let v = 0; v < 256; v++) deviations[Math.abs(v - median)] = (deviations[Math.abs(v - median)] as number) + (histogram[v] as number);
  return { median, sigma: 1.4826 * quantile(deviations, 0.5) };
}

/** Eq. 21: trapezoidal integral of per-frame areas over time. */
export function integrateSplash(areas: readonly number[], fps: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < areas.length; i++) sum += ((areas[i] ?? 0) + (areas[i + 1] ?? 0)) / 2;
  return sum / fps;
}

export function splashScoreFromAreaSeconds(areaSeconds: number): number {
  return 10 * (1 - Math.exp(-Math.max(0, areaSeconds) / SCORE_SCALE_AREA_SECONDS));
}

export function measureSplash(frames: readonly RgbaFrame[] | SplashGrids, options: MeasureSplashOptions): SplashMeasurement {
  const started = performance.now();
  const count = 'grids' in frames ? frames.grids.length : frames.length;
  if (count === 0) return failure('no-frames');
  const entry = options.entryIndex;
  if (!Number.isInteger(entry) || entry < 0) return failure('entry-out-of-range');
  if (entry >= count) return failure('no-post-entry-frames');
  const fps = options.fps !== undefined && options.fps > 0 ? options.fps : DEFAULT_SPLASH_FPS;
  const first = Math.max(0, entry - Math.max(0, Math.floor(options.preEntryFrames ?? DEFAULT_PRE_ENTRY_FRAMES)));
  const last = count - 1;
  const postCount = last - entry + 1;
  const failed = (reason: SplashFailure): SplashMeasurement => failure(reason, new Array<number>(postCount).fill(0));

  // Cell grids of the frames in use (index f − first) and the camera path over them (cameraPath.ts),
  // re-based below so that the entry frame is the identity.
  let width: number, height: number, step: number;
  let grids: CellGrid[];
  if ('grids' in frames) {
    ({ width, height } = frames);
    step = cellStepFor(width, height);
    grids = frames.grids.slice(first, last + 1);
    const cols = Math.floor(width / step), rows = Math.floor(height / step);
    if (grids.some((g) => g.step !== step || g.cols !== cols || g.rows !== rows)) return failed('inconsistent-frame-size');
  } else {
    const head = frames[first];
    if (!validFrame(head)) return failed('invalid-frame');
    ({ width, height } = head);
    for (let f = first; f <= last; f++) {
      const frame = frames[f];
      if (!validFrame(frame)) return failed('invalid-frame');
      if (frame.width !== width || frame.height !== height) return failed('inconsistent-frame-size');
    }
    step = cellStepFor(width, height);
    grids = [];
  }
  if (Math.floor(width / step) < 16 || Math.floor(height / step) < 16) return failed('invalid-frame');
  const n = last - first + 1;
  if (!('grids' in frames)) for (let i = 0; i < n; i++) grids.push(cellGrid(frames[first + i] as RgbaFrame, step));
  const tracker = new CameraPathTracker();
  for (const grid of grids) tracker.push(grid.cols, grid.rows, grid.luma);
  const path = tracker.result();
  const { zoom, shiftX, shiftY } = path;
  const residual = path.residual;
  const gridAt = (f: number): CellGrid => grids[f - first] as CellGrid;
  const { cols, rows } = grids[0] as CellGrid;
  {
    const e = entry - first;
    const a0 = zoom[e] as number, x0 = shiftX[e] as number, y0 = shiftY[e] as number;
    for (let i = 0; i < n; i++) {
      zoom[i] = (zoom[i] as number) / a0;
      shiftX[i] = ((shiftX[i] as number) - x0) / a0;
      shiftY[i] = ((shiftY[i] as number) - y0) / a0;
    }
  }
  const clampFrame = (f: number | undefined): number => Math.min(last, Math.max(first, Math.round(f ?? entry)));
  const zoomAt = (f: number): number => zoom[f - first] as number;
  // Frame cell ↔ scene cell (cell i's centre is at i) and pixel → scene.
  const sceneX = (col: number, f: number): number => zoomAt(f) * col + (shiftX[f - first] as number);
  const sceneY = (row: number, f: number): number => zoomAt(f) * row + (shiftY[f - first] as number);
  const frameCol = (x: number, f: number): number => (x - (shiftX[f - first] as number)) / zoomAt(f);
  const frameRow = (y: number, f: number): number => (y - (shiftY[f - first] as number)) / zoomAt(f);
  const pixelToSceneX = (x: number, f: number): number => sceneX(x / step - 0.5, f);
  const pixelToSceneY = (y: number, f: number): number => sceneY(y / step - 0.5, f);

  // Geometry in scene cells.
  const box = options.diverBox;
  const boxFrame = clampFrame(box?.frameIndex);
  const boxValid = box !== undefined && [box.x1, box.y1, box.x2, box.y2].every(Number.isFinite) && box.x2 > box.x1 && box.y2 > box.y1;
  // A box far smaller or larger than a diver can be (a bad detection) is clamped, not trusted.
  const boxSidePx = boxValid ? Math.min(1.5 * height, Math.max(0.1 * height, box.x2 - box.x1, box.y2 - box.y1)) : DEFAULT_BOX_FRACTION * height;
  // In scene cells (the entry frame's scale): the reference area does not change when the camera zooms.
  const side = (boxSidePx / step) * (boxValid ? zoomAt(boxFrame) : 1);
  const referenceAreaPx = (side * step) ** 2;
  const point = options.entryPoint;
  const pointValid = point !== undefined && Number.isFinite(point.x) && Number.isFinite(point.y);
  const pointFrame = clampFrame(point?.frameIndex);
  const entryX = pointValid
    ? pixelToSceneX(point.x, pointFrame)
    : boxValid
      ? pixelToSceneX((box.x1 + box.x2) / 2, boxFrame)
      : pixelToSceneX(width / 2, entry);
  const searchTop = boxValid ? pixelToSceneY(box.y1, boxFrame) : pointValid ? pixelToSceneY(point.y, pointFrame) - side : -Infinity;

  let waterLine: number | null = null;
  const given = options.waterLine;
  if (given !== undefined && Number.isFinite(given.y)) {
    waterLine = pixelToSceneY(given.y, clampFrame(given.frameIndex));
  } else {
    // Per frame, then the median of the clear ones in scene rows: robust to a frame where the
    // splash or the diver hides the surface.
    const candidates: { row: number; strength: number }[] = [];
    for (let f = first; f <= last; f++) {
      const top = Number.isFinite(searchTop) ? Math.max(0, frameRow(searchTop, f)) : 0;
      const estimate = findWaterLine(gridAt(f), frameCol(entryX - side, f), frameCol(entryX + side, f), top, rows);
      if (estimate !== null) candidates.push({ row: sceneY(estimate.row - 0.5, f), strength: estimate.strength });
    }
    const strongest = candidates.reduce((m, c) => Math.max(m, c.strength), 0);
    const strong = candidates.filter((c) => c.strength >= 0.5 * strongest).map((c) => c.row).sort((a, b) => a - b);
    if (strong.length > 0) waterLine = strong[Math.floor(strong.length / 2)] as number;
  }
  const anchorY = pointValid
    ? pixelToSceneY(point.y, pointFrame)
    : (waterLine ?? pixelToSceneY(0.67 * height, last)); // the camera settles on the splash: lower part of the last frame

  const roiX0 = Math.floor(entryX - ROI_HALF_WIDTH * side), roiX1 = Math.ceil(entryX + ROI_HALF_WIDTH * side);
  const roiY0 = Math.floor(anchorY - ROI_ABOVE * side), roiY1 = Math.ceil(anchorY + ROI_BELOW * side);
  const roiW = roiX1 - roiX0, roiH = roiY1 - roiY0;

  // Frame cell of each scene column / row of the ROI (−1 outside the frame): zoom has no rotation,
  // so the mapping is separable.
  const roiCols = (x0: number, count: number, f: number): Int32Array => {
    const out = new Int32Array(count);
    for (let x = 0; x < count; x++) {
      const c = Math.round(frameCol(x0 + x, f));
      out[x] = c >= 0 && c < cols ? c : -1;
    }
    return out;
  };
  const roiRows = (y0: number, count: number, f: number): Int32Array => {
    const out = new Int32Array(count);
    for (let y = 0; y < count; y++) {
      const r = Math.round(frameRow(y0 + y, f));
      out[y] = r >= 0 && r < rows ? r : -1;
    }
    return out;
  };

  // Water model: the pool surface just below the water line (or below the anchor), all frames.
  const bandTop = Math.round((waterLine ?? anchorY) + 1);
  const bandRows = Math.max(3, Math.round(0.4 * side));
  const histogram = new Uint32Array(256);
  let samples = 0;
  for (let f = first; f <= last; f++) {
    const grid = gridAt(f);
    const colMap = roiCols(roiX0, roiW, f), rowMap = roiRows(bandTop, bandRows, f);
    for (const fy of rowMap) {
      if (fy < 0) continue;
      for (let x = 0; x < roiW; x += 2) {
        const fx = colMap[x] as number;
        if (fx < 0) continue;
        const v = grid.minChannel[fy * cols + fx] as number;
        histogram[v] = (histogram[v] as number) + 1;
        samples++;
      }
    }
  }
  const water = samples > 0 ? robustStats(histogram, samples) : { median: 60, sigma: 10 };
  const thresholds: WhiteThresholds = {
    minChannel: Math.min(235, water.median + Math.max(4 * water.sigma, 0.45 * (255 - water.median))),
    maxChroma: 90,
    maxWarmth: 25,
  };
  // "Whiter than before": white water must brighten a cell by this much over its background level,
  // so a surface hovering near the threshold (a light banner, a glinting rope) never counts.
  const brightening = Math.max(24, 0.2 * (255 - water.median));

  // Pass 1: every ROI cell in every frame — its whiteness level (smallest channel, or 0 when the
  // colour is not white-ish: skin, hair, saturated colours) and whether it is white water now.
  const roiCells = roiW * roiH;
  const levels = new Uint8Array(n * roiCells);
  const flags = new Uint8Array(n * roiCells); // SEEN | WHITE_NOW
  const whiteMin = thresholds.minChannel, whiteChroma = thresholds.maxChroma, whiteWarmth = thresholds.maxWarmth;
  for (let f = first; f <= last; f++) {
    const { chroma, warmth, minChannel } = gridAt(f);
    const colMap = roiCols(roiX0, roiW, f), rowMap = roiRows(roiY0, roiH, f);
    const base = (f - first) * roiCells;
    for (let y = 0; y < roiH; y++) {
      const fy = rowMap[y] as number;
      if (fy < 0) continue;
      const rowBase = fy * cols, out = base + y * roiW;
      for (let x = 0; x < roiW; x++) {
        const fx = colMap[x] as number;
        if (fx < 0) continue;
        const i = rowBase + fx;
        const c = chroma[i] as number, w = warmth[i] as number, level = minChannel[i] as number;
        levels[out + x] = c <= whiteChroma + 15 && w <= whiteWarmth + 8 ? level : 0;
        flags[out + x] = level >= whiteMin && c <= whiteChroma && w <= whiteWarmth ? SEEN | WHITE_NOW : SEEN;
      }
    }
  }

  // Background level per cell. Seen before the entry: the second-highest level then (a robust
  // maximum: one glint does not count, a white rope seen twice does; the diver only darkens or
  // blends). First seen after the entry: the lower of its first and last levels — a board or
  // banner coming into view is white both times, foam that appears with the view fades.
  const background = new Uint8Array(roiCells);
  // 1 where the first sight of a cell was not white water: its change is directly observed.
  const firstSightDark = new Uint8Array(roiCells);
  {
    // Frame by frame over contiguous memory; −1 = none yet.
    const highest = new Int16Array(roiCells).fill(-1), second = new Int16Array(roiCells).fill(-1);
    const firstLevel = new Int16Array(roiCells).fill(-1), lastLevel = new Int16Array(roiCells).fill(-1);
    for (let f = first; f <= last; f++) {
      const base = (f - first) * roiCells;
      const before = f < entry;
      for (let k = 0; k < roiCells; k++) {
        if ((flags[base + k] as number) === 0) continue;
        const level = levels[base + k] as number;
        if (before) {
          if (level > (highest[k] as number)) {
            second[k] = highest[k] as number;
            highest[k] = level;
          } else if (level > (second[k] as number)) second[k] = level;
        }
        if ((firstLevel[k] as number) < 0) {
          firstLevel[k] = level;
          firstSightDark[k] = ((flags[base + k] as number) & WHITE_NOW) === 0 ? 1 : 0;
        }
        lastLevel[k] = level;
      }
    }
    for (let k = 0; k < roiCells; k++) {
      const h = highest[k] as number, s2 = second[k] as number, f0 = firstLevel[k] as number, f1 = lastLevel[k] as number;
      background[k] = h >= 0 ? (s2 >= 0 ? s2 : h) : f0 >= 0 ? Math.min(f0, f1) : 255;
    }
  }
  // Compare with the brightest background around each cell: a static white edge misregistered by
  // a cell (alignment drift) must not look like new white water.
  const backgroundMax = new Uint8Array(roiCells);
  for (let y = 0; y < roiH; y++) {
    for (let x = 0; x < roiW; x++) {
      let m = 0;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(roiH - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(roiW - 1, x + 1); nx++) m = Math.max(m, background[ny * roiW + nx] as number);
      }
      backgroundMax[y * roiW + x] = m;
    }
  }

  // Pass 2: new white water per frame from the entry on.
  const fresh = new Uint8Array(roiCells);
  const clean = new Uint8Array(roiCells);
  const scratch = new Uint8Array(roiCells);
  const trace: number[] = [];
  let visibleFrames = 0, countedCells = 0, countedSeenDark = 0;
  for (let f = entry; f <= last; f++) {
    const base = (f - first) * roiCells;
    let inside = false;
    for (let k = 0; k < roiCells; k++) {
      const flag = flags[base + k] as number;
      fresh[k] = (flag & WHITE_NOW) !== 0 && (levels[base + k] as number) >= (backgroundMax[k] as number) + brightening ? 1 : 0;
      if (flag !== 0) inside = true;
    }
    if (inside) visibleFrames++;
    // 3×3 majority: drops isolated cells (glints, noise, thin spray), keeps the body of the splash.
    const count = majority3x3(fresh, roiW, roiH, clean, scratch);
    if (count > 0) {
      countedCells += count;
      for (let k = 0; k < roiCells; k++) countedSeenDark += (clean[k] as number) & (firstSightDark[k] as number);
    }
    trace.push((count * step * step) / referenceAreaPx);
    options.onMask?.({
      frameIndex: f,
      x0: (frameCol(roiX0, f) + 0.5) * step - (0.5 * step) / zoomAt(f),
      y0: (frameRow(roiY0, f) + 0.5) * step - (0.5 * step) / zoomAt(f),
      cellSize: step / zoomAt(f),
      cols: roiW,
      rows: roiH,
      cells: clean,
    });
  }
  if (visibleFrames === 0) return failure('roi-outside-frames', new Array<number>(postCount).fill(0));

  const areaSeconds = integrateSplash(trace, fps);
  let peak = 0;
  for (let i = 1; i < trace.length; i++) if ((trace[i] as number) > (trace[peak] as number)) peak = i;
  const geometryFrame = (trace[peak] as number) > 0 ? entry + peak : last;
  const toPixelX = (x: number): number => (frameCol(x, geometryFrame) + 0.5) * step;
  const toPixelY = (y: number): number => (frameRow(y, geometryFrame) + 0.5) * step;

  // Confidence: water line known, window long enough, alignment residual, background seen before.
  const factors: { value: number; reason: Reason }[] = [
    { value: waterLine !== null || pointValid ? 1 : 0.5, reason: 'no-water-line' },
    { value: Math.min(1, postCount / fps / FULL_WINDOW_S), reason: 'short-window' },
    { value: Math.max(0, Math.min(1, 1 - (residual - 10) / 20)), reason: 'poor-alignment' },
    // Splash cells first seen without white water are sure; those the camera only showed once the
    // splash was there rest on the last-sight rule.
    { value: countedCells === 0 ? 1 : 0.6 + (0.4 * countedSeenDark) / countedCells, reason: 'unseen-background' },
  ];
  const confidence = factors.reduce((c, factor) => c * factor.value, 1);
  const weakest = factors.reduce((a, b) => (b.value < a.value ? b : a));
  const result: SplashMeasurement = {
    trace,
    areaSeconds,
    score: splashScoreFromAreaSeconds(areaSeconds),
    referenceAreaPx,
    reference: boxValid ? 'diver-box' : 'frame-height',
    entryPoint: { x: toPixelX(entryX), y: toPixelY(anchorY) },
    waterLine: waterLine === null ? null : toPixelY(waterLine),
    geometryFrame,
    confidence,
    msPerFrame: (performance.now() - started) / (last - first + 1),
  };
  if (weakest.value < 0.75) result.reason = weakest.reason;
  return result;
}
