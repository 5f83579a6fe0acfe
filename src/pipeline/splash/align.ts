/**
 * Camera motion between consecutive frames: the broadcast camera pans to follow the diver (tens of
 * pixels per frame on a 10 m entry) and zooms out for the splash, so a static lane rope or deck
 * must be compared with itself, not with what was at its pixel a frame ago.
 *
 * Model: cur(p) ≈ prev(c + k·(p − c) + d), a zoom k about the picture centre c and a shift d.
 *  1. Shift: exhaustive search over integer offsets on a coarse luma level (16-pixel cells at
 *     455×256), refined level by level down to the base grid, with a truncated absolute difference
 *     so the moving diver and the splash (a minority of cells, each capped) cannot drag it.
 *  2. Zoom and sub-cell shift: a few robust (Tukey-weighted) Gauss–Newton steps of Lucas–Kanade
 *     on the base grid, over the most textured cells of the current frame.
 * The base grid is blurred (3×3 binomial) first: with 2-pixel cells, an odd-pixel pan otherwise
 * changes how edges fall in cells and biases the sub-cell estimate by up to half a cell per frame,
 * which chaining turns into drift. Measured on rendered dives (pan up to ~30 px/frame, zoom-out up
 * to 50 % over the clip): under 1.2 px of accumulated error over 50 frames.
 */

export interface LumaLevel {
  cols: number;
  rows: number;
  data: Float32Array;
}

/** A frame prepared for alignment: its luma pyramid (base first) and the base gradients. */
export interface AlignFrame {
  levels: LumaLevel[];
  gradX: Float32Array;
  gradY: Float32Array;
  /** Base cells with the strongest texture (indices), where Lucas–Kanade looks. */
  points: Int32Array;
}

export interface Motion {
  /** Zoom: > 1 when the camera zoomed out (things got smaller). */
  scale: number;
  /** Shift in base cells. */
  dx: number;
  dy: number;
  /** Mean truncated luma difference (0–40) over the textured cells after alignment: the residual. */
  cost: number;
}

/** Cap on a cell's luma difference, so that foreground motion costs at most this per cell. */
const TRUNCATE = 40;
/** Shifts leaving less than this fraction of the picture overlapping are not considered. */
const MIN_OVERLAP = 0.4;
const LEVELS = 4;
const MAX_POINTS = 1500;
/** Tukey biweight cut-off for luma residuals: beyond it a cell is foreground and has no say. */
const TUKEY = 30;
/** Largest zoom change accepted between consecutive frames. */
const MAX_ZOOM_STEP = 0.05;

/** `reuse` when it holds exactly `size` values (its caller overwrites or clears every value), else a new array. */
function floats(size: number, reuse: Float32Array | undefined): Float32Array {
  return reuse && reuse.length === size ? reuse : new Float32Array(size);
}

/** Halves a level by 2×2 averaging (into `reuse`'s array when its size fits). */
function halve(level: LumaLevel, reuse?: Float32Array): LumaLevel {
  const cols = level.cols >> 1, rows = level.rows >> 1;
  const data = floats(cols * rows, reuse);
  const src = level.data, w = level.cols;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const i = 2 * y * w + 2 * x;
      data[y * cols + x] = ((src[i] as number) + (src[i + 1] as number) + (src[i + w] as number) + (src[i + w + 1] as number)) / 4;
    }
  }
  return { cols, rows, data };
}

/** The blur's horizontal pass, kept between frames (alignFrame is synchronous, so one serves all). */
let acrossScratch = new Float32Array(0);

/** 3×3 binomial blur: takes the cell-phase aliasing out before sub-cell matching. */
function smooth(cols: number, rows: number, luma: Uint8Array, reuse?: Float32Array): Float32Array {
  if (acrossScratch.length < cols * rows) acrossScratch = new Float32Array(cols * rows);
  const across = acrossScratch;
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      const left = luma[row + Math.max(0, x - 1)] as number, right = luma[row + Math.min(cols - 1, x + 1)] as number;
      across[row + x] = (left + 2 * (luma[row + x] as number) + right) / 4;
    }
  }
  const out = floats(cols * rows, reuse);
  for (let y = 0; y < rows; y++) {
    const up = Math.max(0, y - 1) * cols, down = Math.min(rows - 1, y + 1) * cols, row = y * cols;
    for (let x = 0; x < cols; x++) out[row + x] = ((across[up + x] as number) + 2 * (across[row + x] as number) + (across[down + x] as number)) / 4;
  }
  return out;
}

/**
 * Prepares a frame for alignment. `recycled`, a frame no longer needed (the one before the
 * previous), lends its arrays: a streamed clip then allocates nothing per frame, which on this
 * project's machine, where first writes to fresh memory are slow, was most of the camera path's cost.
 */
export function alignFrame(cols: number, rows: number, luma: Uint8Array, recycled?: AlignFrame | null): AlignFrame {
  const base: LumaLevel = { cols, rows, data: smooth(cols, rows, luma, recycled?.levels[0]?.data) };
  const levels = [base];
  for (let l = 1; l < LEVELS; l++) {
    const below = levels[l - 1] as LumaLevel;
    if (below.cols < 16 || below.rows < 16) break;
    levels.push(halve(below, recycled?.levels[l]?.data));
  }
  const d = base.data;
  // Only the inner cells get a gradient: the border stays 0, as in a new array.
  const gradX = floats(cols * rows, recycled?.gradX).fill(0);
  const gradY = floats(cols * rows, recycled?.gradY).fill(0);
  const histogram = new Uint32Array(512);
  for (let y = 1; y < rows - 1; y++) {
    for (let x = 1; x < cols - 1; x++) {
      const i = y * cols + x;
      const gx = ((d[i + 1] as number) - (d[i - 1] as number)) / 2;
      const gy = ((d[i + cols] as number) - (d[i - cols] as number)) / 2;
      gradX[i] = gx;
      gradY[i] = gy;
      const g = Math.min(511, Math.round(Math.abs(gx) + Math.abs(gy)));
      histogram[g] = (histogram[g] as number) + 1;
    }
  }
  // Strongest-gradient cells, at most MAX_POINTS, at least a little texture.
  let threshold = 511, taken = 0;
  while (threshold > 2 && taken + (histogram[threshold] as number) <= MAX_POINTS) taken += histogram[threshold--] as number;
  threshold = Math.max(2, threshold + 1);
  const points = recycled ? new Int32Array(recycled.points.buffer, recycled.points.byteOffset, MAX_POINTS) : new Int32Array(MAX_POINTS);
  let count = 0;
  for (let y = 2; y < rows - 2 && count < MAX_POINTS; y++) {
    for (let x = 2; x < cols - 2; x++) {
      const i = y * cols + x;
      if (Math.abs(gradX[i] as number) + Math.abs(gradY[i] as number) >= threshold - 0.5) {
        points[count++] = i;
        if (count === MAX_POINTS) break;
      }
    }
  }
  return { levels, gradX, gradY, points: points.subarray(0, count) };
}

/** Mean truncated |cur(x, y) − prev(x + dx, y + dy)| over the overlap; Infinity when it is too small. */
function shiftCost(prev: LumaLevel, cur: LumaLevel, dx: number, dy: number, rowStep = 1): number {
  const { cols, rows } = cur;
  const x0 = Math.max(0, -dx), x1 = Math.min(cols, prev.cols - dx);
  const y0 = Math.max(0, -dy), y1 = Math.min(rows, prev.rows - dy);
  if (x1 <= x0 || y1 <= y0 || (x1 - x0) * (y1 - y0) < MIN_OVERLAP * cols * rows) return Infinity;
  const a = cur.data, b = prev.data;
  let sum = 0, count = 0;
  for (let y = y0; y < y1; y += rowStep) {
    count += x1 - x0;
    let i = y * cols + x0;
    let j = (y + dy) * prev.cols + x0 + dx;
    for (let x = x0; x < x1; x++, i++, j++) {
      const d = Math.abs((a[i] as number) - (b[j] as number));
      sum += d < TRUNCATE ? d : TRUNCATE;
    }
  }
  return sum / count;
}

/** Integer shift in base cells by coarse-to-fine search. */
function integerShift(prev: readonly LumaLevel[], cur: readonly LumaLevel[], maxShift: { x: number; y: number }): { dx: number; dy: number } {
  const top = Math.min(prev.length, cur.length) - 1;
  const scale = 2 ** top;
  const rx = Math.ceil(maxShift.x / scale), ry = Math.ceil(maxShift.y / scale);
  let bx = 0, by = 0, best = Infinity;
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      const c = shiftCost(prev[top] as LumaLevel, cur[top] as LumaLevel, dx, dy);
      // Prefer the smaller shift on ties (a static picture, flat water).
      if (c < best - 1e-9 || (Math.abs(c - best) <= 1e-9 && dx * dx + dy * dy < bx * bx + by * by)) {
        best = c;
        bx = dx;
        by = dy;
      }
    }
  }
  for (let level = top - 1; level >= 0; level--) {
    bx *= 2;
    by *= 2;
    let nx = bx, ny = by;
    best = Infinity;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        // Every other row on the base grid: plenty of cells, half the cost.
        const c = shiftCost(prev[level] as LumaLevel, cur[level] as LumaLevel, bx + dx, by + dy, level === 0 ? 2 : 1);
        if (c < best - 1e-9) {
          best = c;
          nx = bx + dx;
          ny = by + dy;
        }
      }
    }
    bx = nx;
    by = ny;
  }
  return { dx: bx, dy: by };
}

function bilinear(data: Float32Array, cols: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const fx = x - x0, fy = y - y0;
  const i = y0 * cols + x0;
  const a = data[i] as number, b = data[i + 1] as number, c = data[i + cols] as number, d = data[i + cols + 1] as number;
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/** Solves the 3×3 symmetric system H·x = g (row-major H); null when singular. */
function solve3(h: Float64Array, g: Float64Array): [number, number, number] | null {
  // as unknown as: a Float64Array of 9 (3 for g) read as a tuple, to destructure without a copy in this hot loop.
  const [a, b, c, d, e, f, gg, hh, ii] = h as unknown as [number, number, number, number, number, number, number, number, number];
  const det = a * (e * ii - f * hh) - b * (d * ii - f * gg) + c * (d * hh - e * gg);
  if (!(Math.abs(det) > 1e-12)) return null;
  const [p, q, r] = g as unknown as [number, number, number];
  return [
    (p * (e * ii - f * hh) - b * (q * ii - f * r) + c * (q * hh - e * r)) / det,
    (a * (q * ii - f * r) - p * (d * ii - f * gg) + c * (d * r - q * gg)) / det,
    (a * (e * r - q * hh) - b * (d * r - q * gg) + p * (d * hh - e * gg)) / det,
  ];
}

/**
 * Motion between consecutive frames. `maxShift` bounds |dx| and |dy| in base cells (a fast 10 m
 * entry pans ~30 px per frame at 25 fps). A broadcast graphic burned into the picture (the score
 * box) holds still while the scene moves under it, and its sharp text is where the strongest
 * gradients are: when the camera moved but some of the textured cells did not change at all, those
 * cells and their neighbours (the graphic's blurred border) are left out of the refinement.
 */
export function estimateMotion(prev: AlignFrame, cur: AlignFrame, maxShift: { x: number; y: number }): Motion {
  const start = integerShift(prev.levels, cur.levels, maxShift);
  // Only once the coarse search (robust to a graphic: each cell's cost is capped) says the camera
  // moved: with a still camera everything still is the scene itself.
  const moved = start.dx !== 0 || start.dy !== 0;
  const overlay = moved ? stillOverlay(prev, cur, start) : null;
  return refineMotion(prev, cur, start, overlay);
}

/** Still cells must be at least this share of the textured cells (and STILL_MIN_POINTS) to be left out. */
const STILL_MIN_FRACTION = 0.03;
const STILL_MIN_POINTS = 12;
/** A textured cell whose (blurred) luma changed by less than this held still… */
const STILL_SAME_CELL = 3;
/** …and belongs to an overlay when the camera's shift leaves it further than this from what it showed. */
const STILL_MISMATCH = 12;

/**
 * The cells of a still overlay and its border (1 where they are), or null when there is none: its
 * cells in the current frame are not compared, nor those the motion carries onto it in the previous one.
 */
function stillOverlay(prev: AlignFrame, cur: AlignFrame, shift: { dx: number; dy: number }): Uint8Array | null {
  const { cols, rows } = prev.levels[0] as LumaLevel;
  const before = (prev.levels[0] as LumaLevel).data, after = (cur.levels[0] as LumaLevel).data;
  const points = cur.points;
  if (points.length < 24) return null;
  const still = new Uint8Array(cols * rows);
  let stillCount = 0;
  for (let n = 0; n < points.length; n++) {
    const p = points[n] as number;
    if (Math.abs((after[p] as number) - (before[p] as number)) >= STILL_SAME_CELL) continue;
    // Still, and not explained by the camera's shift (an edge along the pan is still too, and is explained).
    const py = Math.floor(p / cols), px = p - py * cols, qx = px + shift.dx, qy = py + shift.dy;
    if (qx < 0 || qy < 0 || qx >= cols || qy >= rows || Math.abs((before[qy * cols + qx] as number) - (after[p] as number)) <= STILL_MISMATCH) continue;
    still[p] = 1;
    stillCount++;
  }
  if (stillCount < STILL_MIN_POINTS || stillCount < STILL_MIN_FRACTION * points.length) return null;
  // Grown by a cell: the blur spreads the graphic's edges onto its neighbours.
  const mask = new Uint8Array(cols * rows);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      if (!still[y * cols + x]) continue;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(rows - 1, y + 1); yy++) for (let xx = Math.max(0, x - 1); xx <= Math.min(cols - 1, x + 1); xx++) mask[yy * cols + xx] = 1;
    }
  }
  let left = 0;
  for (let n = 0; n < points.length; n++) if (!mask[points[n] as number]) left++;
  return left >= 24 ? mask : null;
}

/** Zoom and sub-cell shift by robust Lucas–Kanade over the textured cells, from the integer shift, none on or onto `overlay`. */
function refineMotion(prev: AlignFrame, cur: AlignFrame, start: { dx: number; dy: number }, overlay: Uint8Array | null): Motion {
  const points = cur.points;
  const { dx: sx, dy: sy } = start;
  const base = prev.levels[0] as LumaLevel;
  const { cols, rows } = base;
  const curData = (cur.levels[0] as LumaLevel).data;
  const cx = (cols - 1) / 2, cy = (rows - 1) / 2;
  let k = 1, dx = sx, dy = sy;
  const h = new Float64Array(9);
  const g = new Float64Array(3);
  let tukey = TUKEY;
  const evaluate = (accumulate: boolean): number => {
    h.fill(0);
    g.fill(0);
    let cost = 0, used = 0;
    for (let n = 0; n < points.length; n++) {
      const p = points[n] as number;
      if (overlay && overlay[p]) continue;
      const py = Math.floor(p / cols), px = p - py * cols;
      const u = px - cx, v = py - cy;
      const qx = cx + k * u + dx, qy = cy + k * v + dy;
      if (qx < 0 || qy < 0 || qx >= cols - 1 || qy >= rows - 1) continue;
      if (overlay && overlay[Math.round(qy) * cols + Math.round(qx)]) continue;
      const r = bilinear(base.data, cols, qx, qy) - (curData[p] as number);
      const ar = Math.abs(r);
      cost += ar < TRUNCATE ? ar : TRUNCATE;
      used++;
      if (!accumulate || ar >= tukey) continue;
      const t = 1 - (r / tukey) ** 2;
      const w = t * t;
      const gx = bilinear(prev.gradX, cols, qx, qy), gy = bilinear(prev.gradY, cols, qx, qy);
      const j0 = gx, j1 = gy, j2 = gx * u + gy * v;
      h[0] = (h[0] as number) + w * j0 * j0;
      h[1] = (h[1] as number) + w * j0 * j1;
      h[2] = (h[2] as number) + w * j0 * j2;
      h[4] = (h[4] as number) + w * j1 * j1;
      h[5] = (h[5] as number) + w * j1 * j2;
      h[8] = (h[8] as number) + w * j2 * j2;
      g[0] = (g[0] as number) - w * j0 * r;
      g[1] = (g[1] as number) - w * j1 * r;
      g[2] = (g[2] as number) - w * j2 * r;
    }
    h[3] = h[1] as number;
    h[6] = h[2] as number;
    h[7] = h[5] as number;
    // A little damping (Levenberg) keeps weakly textured frames from wandering.
    for (const d of [0, 4, 8]) h[d] = (h[d] as number) * 1.01 + 1e-6;
    return used >= 0.25 * points.length && used > 0 ? cost / used : Infinity;
  };
  if (points.length >= 24) {
    for (let iteration = 0; iteration < 8; iteration++) {
      // Wide robust window first (half a cell off, sharp edges leave large residuals), then tight.
      tukey = iteration < 3 ? 3 * TUKEY : TUKEY;
      evaluate(true);
      const step = solve3(h, g);
      if (step === null) break;
      const [ddx, ddy, dk] = step;
      dx += ddx;
      dy += ddy;
      k = Math.max(1 - MAX_ZOOM_STEP, Math.min(1 + MAX_ZOOM_STEP, k + dk));
      // Lucas–Kanade only refines: if it wanders off the coarse answer, keep the coarse one.
      if (Math.abs(dx - sx) > 3 || Math.abs(dy - sy) > 3) {
        k = 1;
        dx = sx;
        dy = sy;
        break;
      }
      if (iteration >= 3 && Math.abs(ddx) < 0.01 && Math.abs(ddy) < 0.01 && Math.abs(dk) < 1e-4) break;
    }
  }
  const cost = evaluate(false);
  return { scale: k, dx, dy, cost: Number.isFinite(cost) ? cost : TRUNCATE };
}
