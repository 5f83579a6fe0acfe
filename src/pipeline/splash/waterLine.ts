/**
 * The pool surface near the entry: the row where, going down the picture, the colour turns into
 * water — the strongest step toward "bluer than red" (pool water: B > R; the far deck, wall, stands
 * and the diver are not), with a smaller weight on the luma step, discounted when rows below it are
 * not water. Rows are averaged over a band of
 * columns around the entry point, so a narrow splash column does not move the edge.
 */
import type { CellGrid } from './grid.ts';

export interface WaterLineEstimate {
  /** First water row (cells of the grid). */
  row: number;
  /** Blueness step across the edge, 0–255-ish: how clear the surface is. */
  strength: number;
}

/** Rows averaged on each side of a candidate edge. */
const HALF_WINDOW = 3;

/**
 * Strongest water edge with its top row in [rowStart, rowEnd), over columns [colStart, colEnd).
 * Null when no row turns clearly bluer downward.
 */
export function findWaterLine(grid: CellGrid, colStart: number, colEnd: number, rowStart: number, rowEnd: number): WaterLineEstimate | null {
  const c0 = Math.max(0, Math.floor(colStart)), c1 = Math.min(grid.cols, Math.ceil(colEnd));
  if (c1 - c0 < 2) return null;
  const rows = grid.rows;
  const blue = new Float32Array(rows);
  const luma = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let b = 0, l = 0;
    for (let col = c0; col < c1; col++) {
      const i = row * grid.cols + col;
      b -= grid.warmth[i] as number;
      l += grid.luma[i] as number;
    }
    blue[row] = b / (c1 - c0);
    luma[row] = l / (c1 - c0);
  }
  const r0 = Math.max(HALF_WINDOW, Math.floor(rowStart)), r1 = Math.min(rows - HALF_WINDOW + 1, Math.ceil(rowEnd));
  let best: WaterLineEstimate | null = null;
  let bestScore = 0;
  for (let row = r0; row < r1; row++) {
    let blueAbove = 0, blueBelow = 0, lumaAbove = 0, lumaBelow = 0;
    for (let k = 1; k <= HALF_WINDOW; k++) {
      blueAbove += blue[row - k] as number;
      lumaAbove += luma[row - k] as number;
      blueBelow += blue[row + k - 1] as number;
      lumaBelow += luma[row + k - 1] as number;
    }
    blueAbove /= HALF_WINDOW;
    blueBelow /= HALF_WINDOW;
    const step = blueBelow - blueAbove;
    // Below must look like water (clearly bluer than red), and get bluer across the edge.
    if (blueBelow < 12 || step < 12) continue;
    // Everything under the surface is water: discount edges with non-water rows below them (blue
    // seats in the stands, a blue banner).
    let waterRows = 0;
    for (let r = row; r < rows; r++) if ((blue[r] as number) >= Math.max(12, 0.6 * blueBelow)) waterRows++;
    const score = (step + (0.25 * Math.abs(lumaBelow - lumaAbove)) / HALF_WINDOW) * (waterRows / (rows - row));
    if (score > bestScore) {
      bestScore = score;
      best = { row, strength: step };
    }
  }
  return best;
}
