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
   * Per frame, the percentage of its cells whose luma differs by more than CHANGE_LUMA from the same
   * place in the scene CHANGE_LAG frames earlier (that frame carried over by the path): within one
   * shot only the diver and the splash change, across a cross-dissolve nearly everything does
   * (video/shots.ts). NaN for the first CHANGE_LAG frames of a run, and where the two frames
   * overlap on less than a third of the picture. Absent from paths cached before it was kept.
   */
  lagChange?: Float64Array;
}

/** Frames apart that `lagChange` compares: short enough that the path carries one frame onto the other, long enough to span most of a dissolve. */
export const CHANGE_LAG = 8;
/** Luma difference (0–255) above which a cell counts as changed: well above the cells' compression and shading noise. */
const CHANGE_LUMA = 12;
/** The share of the picture two frames must overlap on for `lagChange` to be read. */
const CHANGE_MIN_OVERLAP = 1 / 3;

interface KeptGrid {
  cols: number;
  rows: number;
  luma: Uint8Array;
}

/**
 * The percentage of frame b's cells that differ from frame a at the same scene point, a and b placed
 * in the scene by (zoom, shift); NaN where they overlap on too little of the picture.
 */
function changedShare(a: KeptGrid, za: number, ax: number, ay: number, b: KeptGrid, zb: number, bx: number, by: number): number {
  let changed = 0, compared = 0;
  for (let y = 0; y < b.rows; y++) {
    const sy = zb * y + by;
    const iy = Math.round((sy - ay) / za);
    if (iy < 0 || iy >= a.rows) continue;
    for (let x = 0; x < b.cols; x++) {
      const ix = Math.round((zb * x + bx - ax) / za);
      if (ix < 0 || ix >= a.cols) continue;
      compared++;
      if (Math.abs((a.luma[iy * a.cols + ix] as number) - (b.luma[y * b.cols + x] as number)) > CHANGE_LUMA) changed++;
    }
  }
  return compared >= CHANGE_MIN_OVERLAP * b.cols * b.rows ? (100 * changed) / compared : Number.NaN;
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
  private residualSum = 0;
  private readonly pairResidual: number[] = [];
  private readonly lagChange: number[] = [];
  /** The last CHANGE_LAG frames' grids, oldest first. */
  private readonly kept: KeptGrid[] = [];

  /** Adds the next frame of the run, given as its cell luma (grid.ts). */
  push(cols: number, rows: number, luma: Uint8Array): void {
    const current = alignFrame(cols, rows, luma);
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

/** The camera path of a whole clip and how its cells map to the clip's pixels. */
export interface ClipCameraPath extends CameraPath {
  /** Original pixels per cell. */
  pixelsPerCell: number;
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

  constructor(private readonly originalWidth: number) {}

  push(frame: RgbaFrame): void {
    if (this.step === 0) {
      this.step = cellStepFor(frame.width, frame.height);
      this.decodedWidth = frame.width;
    }
    if (frame.width !== this.decodedWidth) throw new Error(`camera path: frame ${this.tracker.length} is ${frame.width} px wide, the first was ${this.decodedWidth}`);
    const grid = cellGrid(frame, this.step);
    this.tracker.push(grid.cols, grid.rows, grid.luma);
  }

  get length(): number {
    return this.tracker.length;
  }

  result(): ClipCameraPath {
    if (this.tracker.length === 0) throw new Error('camera path: no frames');
    return { ...this.tracker.result(), pixelsPerCell: (this.step * this.originalWidth) / this.decodedWidth };
  }
}

/** A point of frame `f` in original pixels → scene, in original pixels of the first frame. */
export function frameToScene(path: ClipCameraPath, f: number, x: number, y: number): [number, number] {
  const i = Math.min(path.zoom.length - 1, Math.max(0, f));
  const k = path.pixelsPerCell, zoom = path.zoom[i] as number;
  // Cell i's centre is at i: pixel x lies at cell x / k − 0.5.
  return [(zoom * (x / k - 0.5) + (path.shiftX[i] as number) + 0.5) * k, (zoom * (y / k - 0.5) + (path.shiftY[i] as number) + 0.5) * k];
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
  const zoom = Array.from(head.path.zoom), shiftX = Array.from(head.path.shiftX), shiftY = Array.from(head.path.shiftY);
  const pairs = Array.from(head.path.pairResidual ?? new Float64Array(head.path.zoom.length));
  // A later part has no frames before its tie: its first CHANGE_LAG frames have no lagChange.
  const nan = (n: number) => new Float64Array(n).fill(Number.NaN);
  const changes = Array.from(head.path.lagChange ?? nan(head.path.zoom.length));
  for (const part of ordered.slice(1)) {
    const tie = zoom.length - 1;
    if (part.first !== tie) throw new Error(`camera path: a part starts at frame ${part.first}, not on frame ${tie} where the one before ends`);
    if (part.path.pixelsPerCell !== head.path.pixelsPerCell) throw new Error('camera path: parts measured at different sizes');
    const a = zoom[tie] as number, x0 = shiftX[tie] as number, y0 = shiftY[tie] as number;
    const partPairs = part.path.pairResidual ?? new Float64Array(part.path.zoom.length);
    const partChanges = part.path.lagChange ?? nan(part.path.zoom.length);
    for (let i = 1; i < part.path.zoom.length; i++) {
      changes.push(partChanges[i] as number);
      zoom.push(a * (part.path.zoom[i] as number));
      shiftX.push(x0 + a * (part.path.shiftX[i] as number));
      shiftY.push(y0 + a * (part.path.shiftY[i] as number));
      pairs.push(partPairs[i] as number);
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
    pixelsPerCell: head.path.pixelsPerCell,
  };
}
