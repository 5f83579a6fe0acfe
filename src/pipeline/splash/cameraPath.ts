/**
 * The camera's path over a run of frames, chained from frame-to-frame motion estimates (align.ts):
 * scene = zoom[i] · (frame cell) + shift[i], in the cell units of the run's first frame (its
 * identity). The splash measurement uses it over the frames around the entry; the scene track
 * (src/pipeline/aqa/sceneTrack.ts) over the whole clip, to place the diver in the scene while the
 * camera pans and zooms to follow them.
 */
import { alignFrame, estimateMotion } from './align.ts';
import type { AlignFrame } from './align.ts';
import { cellGrid, cellStepFor } from './grid.ts';
import type { RgbaFrame } from './types.ts';

export interface CameraPath {
  /** Per frame of the run: scene = zoom · cell + shift (cells of the first frame). */
  zoom: Float64Array;
  shiftX: Float64Array;
  shiftY: Float64Array;
  /** Mean alignment residual (0–40) per frame pair: high when the chaining is unreliable. */
  residual: number;
  /**
   * Alignment residual of each frame with the one before (0 for the first): a spike is a cut to
   * another shot (video/shots.ts). Absent from paths the trainer cached before it was kept.
   */
  pairResidual?: Float64Array;
  /**
   * Per frame, the percentage of cells whose luma differs by more than CHANGE_LUMA from the same
   * place in the scene CHANGE_LAG frames earlier (that frame carried over by the path), in the half
   * of the picture (top or bottom) where more changed: within one shot only the diver and the splash
   * change, across a cross-dissolve most of the picture does (video/shots.ts). NaN for the first
   * CHANGE_LAG frames of a run, and where neither half overlaps the earlier frame on a tenth of the
   * picture. Absent from paths cached before it was kept.
   */
  lagChange?: Float64Array;
}

/** Frames apart that `lagChange` compares: short enough that the path carries one frame onto the other, long enough to span most of a dissolve. */
export const CHANGE_LAG = 8;
/** Luma difference (0–255) above which a cell counts as changed: well above the cells' compression and shading noise. */
const CHANGE_LUMA = 12;
/** …unless it differs by less than this from the same place in the picture (not the scene): it held still. */
const CHANGE_STILL = 3;
/**
 * The share of the whole picture a half must overlap the earlier frame on for its change to be
 * read. A tenth, not more: while the camera pans fast down to a 10 m entry, frames CHANGE_LAG apart
 * share only a strip, and a dissolve there is seen in that strip or not at all (until 2026-12-07
 * the whole picture had to overlap on a third, and such dissolves were missed).
 */
const CHANGE_MIN_OVERLAP = 0.1;

interface KeptGrid {
  cols: number;
  rows: number;
  luma: Uint8Array;
}

/**
 * The percentage of cells of frame b that differ from frame a at the same scene point, a and b
 * placed in the scene by (zoom, shift), in whichever half of b (top or bottom) changed more; NaN
 * where neither half overlaps a on enough of the picture. The larger half, not the whole: two
 * cameras on one pool often show much the same water, so a dissolve between them changes mainly
 * the half that shows the stands or the wall, and the whole picture's share dilutes it towards a
 * shot's own (seeds 2027 and 2029: 13 of 80 dissolves missed with the whole picture, 2 with the
 * larger half, both one blend the shot rule takes for a flash). Both frames have the same grid.
 */
function changedShare(a: KeptGrid, za: number, ax: number, ay: number, b: KeptGrid, zb: number, bx: number, by: number): number {
  const top = { changed: 0, compared: 0 }, bottom = { changed: 0, compared: 0 };
  for (let y = 0; y < b.rows; y++) {
    const iy = Math.round((zb * y + by - ay) / za);
    if (iy < 0 || iy >= a.rows) continue;
    const half = y < b.rows / 2 ? top : bottom;
    for (let x = 0; x < b.cols; x++) {
      const ix = Math.round((zb * x + bx - ax) / za);
      if (ix < 0 || ix >= a.cols) continue;
      half.compared++;
      const here = b.luma[y * b.cols + x] as number;
      if (Math.abs((a.luma[iy * a.cols + ix] as number) - here) <= CHANGE_LUMA) continue;
      // A cell that held still in the picture while the scene moved under it is a graphic burnt
      // into the picture (a score box), not a change of camera.
      if ((ix !== x || iy !== y) && Math.abs((a.luma[y * a.cols + x] as number) - here) < CHANGE_STILL) continue;
      half.changed++;
    }
  }
  const enough = CHANGE_MIN_OVERLAP * b.cols * b.rows;
  const shares = [top, bottom].filter((h) => h.compared >= enough).map((h) => (100 * h.changed) / h.compared);
  return shares.length ? Math.max(...shares) : Number.NaN;
}

/** Largest shift searched between consecutive frames, in cells: fast pans move ~15 % of the width a frame. */
export function maxShiftFor(cols: number, rows: number): { x: number; y: number } {
  return { x: Math.ceil(0.15 * cols), y: Math.ceil(0.2 * rows) };
}

/**
 * Chains motion estimates frame by frame, keeping only the previous frame's alignment data, so a
 * whole clip can stream through it.
 */
export class CameraPathTracker {
  private readonly zoom: number[] = [];
  private readonly shiftX: number[] = [];
  private readonly shiftY: number[] = [];
  private previous: AlignFrame | null = null;
  /** The frame before the previous one, whose arrays the next frame reuses. */
  private spare: AlignFrame | null = null;
  private residualSum = 0;
  private readonly pairResidual: number[] = [];
  private readonly lagChange: number[] = [];
  /** The last CHANGE_LAG frames' grids, oldest first. */
  private readonly kept: KeptGrid[] = [];

  /** Adds the next frame of the run, given as its cell luma (grid.ts). */
  push(cols: number, rows: number, luma: Uint8Array): void {
    const current = alignFrame(cols, rows, luma, this.spare);
    const i = this.zoom.length;
    if (this.previous === null) {
      this.zoom.push(1);
      this.shiftX.push(0);
      this.shiftY.push(0);
      this.pairResidual.push(0);
    } else {
      const motion = estimateMotion(this.previous, current, maxShiftFor(cols, rows));
      const a = this.zoom[i - 1] as number;
      const centreX = (cols - 1) / 2, centreY = (rows - 1) / 2;
      this.zoom.push(a * motion.scale);
      this.shiftX.push((this.shiftX[i - 1] as number) + a * ((1 - motion.scale) * centreX + motion.dx));
      this.shiftY.push((this.shiftY[i - 1] as number) + a * ((1 - motion.scale) * centreY + motion.dy));
      this.residualSum += motion.cost;
      this.pairResidual.push(motion.cost);
    }
    this.spare = this.previous;
    this.previous = current;
    const grid = { cols, rows, luma };
    const lagged = this.kept.length === CHANGE_LAG ? this.kept.shift() : undefined;
    const j = i - CHANGE_LAG;
    this.lagChange.push(lagged ? changedShare(lagged, this.zoom[j] as number, this.shiftX[j] as number, this.shiftY[j] as number, grid, this.zoom[i] as number, this.shiftX[i] as number, this.shiftY[i] as number) : Number.NaN);
    this.kept.push(grid);
  }

  get length(): number {
    return this.zoom.length;
  }

  /** Each frame's alignment residual with the one before, as measured so far (CameraPath.pairResidual). */
  get pairResiduals(): readonly number[] {
    return this.pairResidual;
  }

  /** Frame `i`'s place in the first frame's cells as measured so far (scene = zoom · cell + shift), or null before it has come. */
  at(i: number): { zoom: number; shiftX: number; shiftY: number } | null {
    const zoom = this.zoom[i], shiftX = this.shiftX[i], shiftY = this.shiftY[i];
    return zoom === undefined || shiftX === undefined || shiftY === undefined ? null : { zoom, shiftX, shiftY };
  }

  result(): CameraPath {
    return {
      zoom: Float64Array.from(this.zoom),
      shiftX: Float64Array.from(this.shiftX),
      shiftY: Float64Array.from(this.shiftY),
      residual: this.residualSum / Math.max(1, this.zoom.length - 1),
      pairResidual: Float64Array.from(this.pairResidual),
      lagChange: Float64Array.from(this.lagChange),
    };
  }
}

/** Frames wider than this are scaled down before tracking the camera over a whole clip (speed; the pan is large). */
export const CAMERA_PATH_MAX_WIDTH = 256;

/**
 * The two halves of a picture tracked as cameras of their own: a side-by-side composite (a coach's
 * comparison, an editor's split screen) puts two clips in one picture, each half zooming about its
 * own centre, which no single pan and zoom of the whole picture fits (the 407C sample placed twice
 * side by side: the whole picture's zoom at the end 1.135, each half's 1.525, as the sample alone).
 */
export interface SideBySideHalves {
  left: CameraPath;
  right: CameraPath;
  /** The right half's first cell column. */
  rightFrom: number;
  /** Each half's width and height, cells. */
  width: number;
  rows: number;
}

/**
 * Per boundary between neighbouring cell columns (index b: between columns b − 1 and b; 0 unused),
 * the mean luma step across it summed over the frames: a composite's seam stays put while both
 * pictures move, so its step stands out over the clip (video/sideBySide.ts). Cheap, so kept on
 * every clip; the halves' own paths are measured only where it finds a seam.
 */
export interface ColumnSteps {
  sums: Float64Array;
  frames: number;
}

/** The camera path of a whole clip and how its cells map to the clip's pixels. */
export interface ClipCameraPath extends CameraPath {
  /** Original pixels per cell. */
  pixelsPerCell: number;
  /** The luma steps between the picture's columns over the clip (absent from paths cached before they were kept). */
  columns?: ColumnSteps;
  /** The picture's halves tracked on their own, when asked for (`ClipCameraPathTracker`'s `halves`). */
  halves?: SideBySideHalves;
  /**
   * True once the clip's halves are found to move as two cameras (video/sideBySide.ts, which
   * needs the clip's shots): points are then placed in the scene by their own half's path.
   */
  sideBySide?: boolean;
}


/** The size to decode a `width`×`height` clip at for its camera path. */
export function cameraPathSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, CAMERA_PATH_MAX_WIDTH / width);
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)) };
}

/**
 * Streams a clip's frames (decoded at `cameraPathSize`) into a camera path whose cells are tied to
 * the clip's original pixels (`originalWidth` across).
 */
export class ClipCameraPathTracker {
  private readonly tracker = new CameraPathTracker();
  private step = 0;
  private decodedWidth = 0;
  private columns: ColumnSteps | null = null;
  /**
   * The picture's left and right halves, tracked as cameras of their own when `options.halves`
   * asks for it: about as much work again as the whole picture's path (in the browser, 2.2 s of
   * pose-worker time for the whole picture's path of a 100-frame sample, 4.0 s with the halves),
   * so only for a clip whose column steps show a seam (video/sideBySide.ts).
   */
  private halves: { left: CameraPathTracker; right: CameraPathTracker; rightFrom: number; width: number; rows: number } | null = null;
  private readonly trackHalves: boolean;

  constructor(private readonly originalWidth: number, options: { halves?: boolean } = {}) {
    this.trackHalves = options.halves === true;
  }

  push(frame: RgbaFrame): void {
    if (this.step === 0) {
      this.step = cellStepFor(frame.width, frame.height);
      this.decodedWidth = frame.width;
    }
    if (frame.width !== this.decodedWidth) throw new Error(`camera path: frame ${this.tracker.length} is ${frame.width} px wide, the first was ${this.decodedWidth}`);
    const grid = cellGrid(frame, this.step);
    const half = Math.floor(grid.cols / 2);
    this.columns ??= { sums: new Float64Array(grid.cols), frames: 0 };
    addColumnSteps(grid.cols, grid.rows, grid.luma, this.columns.sums);
    this.columns.frames++;
    if (this.trackHalves) this.halves ??= { left: new CameraPathTracker(), right: new CameraPathTracker(), rightFrom: grid.cols - half, width: half, rows: grid.rows };
    this.tracker.push(grid.cols, grid.rows, grid.luma);
    if (this.halves) {
      const { left, right, rightFrom, width, rows } = this.halves;
      if (grid.rows !== rows) throw new Error(`camera path: frame ${this.tracker.length - 1} has ${grid.rows} rows of cells, the first frame ${rows}`);
      left.push(width, rows, columns(grid.cols, rows, grid.luma, 0, width));
      right.push(width, rows, columns(grid.cols, rows, grid.luma, rightFrom, width));
    }
  }

  get length(): number {
    return this.tracker.length;
  }

  /** The whole picture's alignment residual of each frame of the run with the one before, so far. */
  get pairResiduals(): readonly number[] {
    return this.tracker.pairResiduals;
  }

  /**
   * A point of the run's frame `i` (original pixels) in the scene as the whole picture's path
   * measured so far places it, as frameToScene does once the path is done; null before frame `i` came.
   */
  sceneOf(i: number, x: number, y: number): [number, number] | null {
    const place = this.tracker.at(i);
    if (!place || this.decodedWidth === 0) return null;
    const k = (this.step * this.originalWidth) / this.decodedWidth;
    return cellToScene(place, k, x / k - 0.5, y / k - 0.5);
  }

  result(): ClipCameraPath {
    if (this.tracker.length === 0) throw new Error('camera path: no frames');
    const whole = this.tracker.result();
    const path: ClipCameraPath = { ...whole, pixelsPerCell: (this.step * this.originalWidth) / this.decodedWidth };
    if (this.columns) path.columns = { sums: Float64Array.from(this.columns.sums), frames: this.columns.frames };
    if (this.halves) {
      const { rightFrom, width, rows } = this.halves;
      path.halves = { left: this.halves.left.result(), right: this.halves.right.result(), rightFrom, width, rows };
    }
    return path;
  }
}

/** Adds each column boundary's mean luma step of one frame to `sums`. */
function addColumnSteps(cols: number, rows: number, luma: Uint8Array, sums: Float64Array): void {
  for (let b = 1; b < cols; b++) {
    let step = 0;
    for (let y = 0; y < rows; y++) step += Math.abs((luma[y * cols + b] as number) - (luma[y * cols + b - 1] as number));
    sums[b] = (sums[b] as number) + step / rows;
  }
}

/** `width` cell columns from `from` of a cols × rows grid, as a grid of their own. */
function columns(cols: number, rows: number, luma: Uint8Array, from: number, width: number): Uint8Array {
  const out = new Uint8Array(width * rows);
  for (let y = 0; y < rows; y++) out.set(luma.subarray(y * cols + from, y * cols + from + width), y * width);
  return out;
}

/** The path that moves the point at cell column `cellX`, and that path's first column (0 for the whole picture). */
function pathAt(path: ClipCameraPath, cellX: number): { path: CameraPath; from: number } {
  const halves = path.halves;
  if (!halves || path.sideBySide !== true) return { path, from: 0 };
  return cellX < halves.rightFrom ? { path: halves.left, from: 0 } : { path: halves.right, from: halves.rightFrom };
}

/** The camera's zoom on frame `f` where the point at original pixel x is (its half's, in a side-by-side composite). */
export function zoomAt(path: ClipCameraPath, f: number, x: number): number {
  const i = Math.min(path.zoom.length - 1, Math.max(0, f));
  return pathAt(path, x / path.pixelsPerCell - 0.5).path.zoom[i] as number;
}

/** A point of frame `f` in original pixels → scene, in original pixels of the first frame. */
export function frameToScene(path: ClipCameraPath, f: number, x: number, y: number): [number, number] {
  const i = Math.min(path.zoom.length - 1, Math.max(0, f));
  const k = path.pixelsPerCell;
  // Cell i's centre is at i: pixel x lies at cell x / k − 0.5. In a side-by-side composite the
  // point moves with its own half's camera, whose cells start at column `from`.
  const cellX = x / k - 0.5;
  const { path: moving, from } = pathAt(path, cellX);
  return cellToScene({ zoom: moving.zoom[i] as number, shiftX: moving.shiftX[i] as number, shiftY: moving.shiftY[i] as number }, k, cellX, y / k - 0.5, from);
}

/**
 * The one formula from a frame's cells to the scene: a frame placed by `place` (scene cell =
 * zoom · cell + shift, relative to the first column `from` of the camera that moves it), the point
 * at cell (cellX, cellY), returned in original pixels at `k` pixels a cell.
 */
function cellToScene(place: { zoom: number; shiftX: number; shiftY: number }, k: number, cellX: number, cellY: number, from = 0): [number, number] {
  return [(place.zoom * (cellX - from) + place.shiftX + from + 0.5) * k, (place.zoom * cellY + place.shiftY + 0.5) * k];
}

/** A camera path measured over part of a clip: from frame `first` on, the identity at `first`. */
export interface CameraPathPart {
  first: number;
  path: ClipCameraPath;
}

/**
 * One path over the whole clip from parts measured side by side (the pose workers' segments,
 * src/pipeline/pose/segments.ts). Each later part starts on the previous part's last frame, so that
 * frame ties the two together: a later part's frames are carried into the first part's cells
 * through it. The same frame pairs are aligned as in one pass over the clip; only the chained
 * products are associated differently (a relative difference of about 1e-15).
 */
export function joinCameraPaths(parts: readonly CameraPathPart[]): ClipCameraPath {
  const ordered = [...parts].sort((a, b) => a.first - b.first);
  const head = ordered[0];
  if (!head || head.first !== 0) throw new Error('camera path: the first part must start at frame 0');
  let length = head.path.zoom.length;
  for (const part of ordered.slice(1)) {
    if (part.first !== length - 1) throw new Error(`camera path: a part starts at frame ${part.first}, not on frame ${length - 1} where the one before ends`);
    if (part.path.pixelsPerCell !== head.path.pixelsPerCell) throw new Error('camera path: parts measured at different sizes');
    length += part.path.zoom.length - 1;
  }
  const whole = joinRuns(ordered.map((p) => p.path));
  const path: ClipCameraPath = { ...whole, pixelsPerCell: head.path.pixelsPerCell };
  const halves = ordered.map((p) => p.path.halves);
  if (halves.every((h): h is SideBySideHalves => h !== undefined)) {
    const { rightFrom, width, rows } = halves[0] as SideBySideHalves;
    if (halves.some((h) => h.rightFrom !== rightFrom || h.width !== width || h.rows !== rows)) throw new Error('camera path: parts split the picture differently');
    path.halves = { left: joinRuns(halves.map((h) => h.left)), right: joinRuns(halves.map((h) => h.right)), rightFrom, width, rows };
  } else if (halves.some((h) => h !== undefined)) throw new Error('camera path: parts disagree on whether the picture is split');
  const columnParts = ordered.map((p) => p.path.columns);
  if (columnParts.every((c): c is ColumnSteps => c !== undefined)) {
    // Each later part's tie frame is summed twice: one frame in a clip's worth, for a clip-long average.
    const sums = new Float64Array((columnParts[0] as ColumnSteps).sums.length);
    for (const c of columnParts) c.sums.forEach((v, b) => (sums[b] = (sums[b] as number) + v));
    path.columns = { sums, frames: columnParts.reduce((n, c) => n + c.frames, 0) };
  }
  return path;
}

/** Runs measured one after the other, each starting on the frame the one before ends on, chained into one. */
function joinRuns(runs: readonly CameraPath[]): CameraPath {
  const head = runs[0] as CameraPath;
  const zoom = Array.from(head.zoom), shiftX = Array.from(head.shiftX), shiftY = Array.from(head.shiftY);
  const pairs = Array.from(head.pairResidual ?? new Float64Array(head.zoom.length));
  // A later part has no frames before its tie: its first CHANGE_LAG frames have no lagChange.
  const nan = (n: number) => new Float64Array(n).fill(Number.NaN);
  const changes = Array.from(head.lagChange ?? nan(head.zoom.length));
  for (const run of runs.slice(1)) {
    const tie = zoom.length - 1;
    const a = zoom[tie] as number, x0 = shiftX[tie] as number, y0 = shiftY[tie] as number;
    const runPairs = run.pairResidual ?? new Float64Array(run.zoom.length);
    const runChanges = run.lagChange ?? nan(run.zoom.length);
    for (let i = 1; i < run.zoom.length; i++) {
      changes.push(runChanges[i] as number);
      zoom.push(a * (run.zoom[i] as number));
      shiftX.push(x0 + a * (run.shiftX[i] as number));
      shiftY.push(y0 + a * (run.shiftY[i] as number));
      pairs.push(runPairs[i] as number);
    }
  }
  let residualSum = 0;
  for (let i = 1; i < pairs.length; i++) residualSum += pairs[i] as number;
  return {
    zoom: Float64Array.from(zoom),
    shiftX: Float64Array.from(shiftX),
    shiftY: Float64Array.from(shiftY),
    residual: residualSum / Math.max(1, pairs.length - 1),
    pairResidual: Float64Array.from(pairs),
    lagChange: Float64Array.from(changes),
  };
}
