/**
 * Side-by-side composites: two clips in one picture (a coach's comparison, an editor's split
 * screen). Each half has its own camera, zooming about its own centre, which no single pan and zoom
 * of the whole picture fits: the 407C sample placed twice side by side gets a zoom of 1.135 at its
 * end from the whole picture against 1.525 from each half (and from the sample alone), so the
 * diver's take-off read through the whole picture's path was 0.25 m higher and 0.55 m further from
 * the platform than in the sample. The camera path therefore also tracks the picture's two halves
 * (cameraPath.ts) where its column steps show a seam, and this module decides, once the clip's
 * shots are known, whether they move as two cameras.
 */
import type { CameraPath, ClipCameraPath, ColumnSteps, SideBySideHalves } from '../splash/cameraPath.ts';
import { shotCuts, shotsOf } from './shots.ts';

/** Above this disagreement (a share of a half's width), the halves move as two cameras. */
export const SIDE_BY_SIDE_DISAGREEMENT = 0.05;
/** Shots shorter than this many frames are not read: too little motion to tell. */
const MIN_SHOT_FRAMES = 8;

/**
 * How far apart the whole picture's path and a half's own path carry that half's corners back to
 * the shot's first frame, at most over frames `from`…`to`, as a share of a half's width; the
 * smaller of the two halves' figures. One camera whose half shows little to track (sky, water)
 * leaves its other half in agreement with the whole. Read within a shot: across a cut every path
 * chains two unrelated pictures.
 */
export function sideBySideDisagreement(whole: CameraPath, halves: SideBySideHalves, from: number, to: number): number {
  const { rightFrom, width, rows } = halves;
  const worst = (path: CameraPath, x0: number): number => {
    const zw0 = whole.zoom[from] as number, wx0 = whole.shiftX[from] as number, wy0 = whole.shiftY[from] as number;
    const zh0 = path.zoom[from] as number, hx0 = path.shiftX[from] as number, hy0 = path.shiftY[from] as number;
    let most = 0;
    for (let i = from + 1; i <= to; i++) {
      const zw = whole.zoom[i] as number, zh = path.zoom[i] as number;
      for (const cx of [x0, x0 + width - 1]) {
        for (const cy of [0, rows - 1]) {
          // Frame i's corner carried into the shot's first frame by each path.
          const dx = (zw * cx + (whole.shiftX[i] as number) - wx0) / zw0 - ((zh * (cx - x0) + (path.shiftX[i] as number) - hx0) / zh0 + x0);
          const dy = (zw * cy + (whole.shiftY[i] as number) - wy0) / zw0 - (zh * cy + (path.shiftY[i] as number) - hy0) / zh0;
          most = Math.max(most, Math.hypot(dx, dy) / width);
        }
      }
    }
    return most;
  };
  return Math.min(worst(halves.left, 0), worst(halves.right, rightFrom));
}

/**
 * A composite's seam: the luma step across the middle of the picture (the three column boundaries
 * there, for a thin divider), averaged over the clip, at least SEAM_RATIO times the median column
 * step and the largest anywhere in the picture. Averaged over the clip, one camera's middle column
 * is as ordinary as any (the bundled samples 1.1–1.7 times the median, the shared real clips 0.9
 * and 1.6, none the largest); the samples placed side by side with themselves read 3.0.
 */
const SEAM_RATIO = 2;

export function hasSeam(columns: ColumnSteps): boolean {
  const steps = Array.from(columns.sums.subarray(1), (v) => v / Math.max(1, columns.frames));
  if (steps.length < 8) return false;
  const cols = columns.sums.length;
  const rightFrom = cols - Math.floor(cols / 2);
  const middle = rightFrom - 1; // steps[middle] is the boundary just left of the right half
  const around = [middle - 1, middle, middle + 1];
  const seam = Math.max(...around.map((b) => steps[b] ?? 0));
  const elsewhere = Math.max(...steps.filter((_, b) => !around.includes(b)));
  const sorted = [...steps].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] as number;
  return seam >= SEAM_RATIO * typical && seam > elsewhere;
}

/** Whether the clip's halves must be tracked on their own before `readSideBySide` can decide: a seam, and no halves measured yet. */
export function needsHalves(path: ClipCameraPath): boolean {
  return path.columns !== undefined && path.halves === undefined && hasSeam(path.columns);
}

/**
 * The path with `sideBySide` decided: a seam down the middle, and halves whose own paths the whole
 * picture's does not follow (SIDE_BY_SIDE_DISAGREEMENT) within a shot. Either alone is not enough:
 * a narrow half of a small real clip drifts off the whole picture's path (0.13 on the shared
 * 320×240 10 m clip), and a picture can have a strong edge in its middle. Without the halves'
 * paths (`needsHalves`) it is not read as two cameras.
 */
export function readSideBySide(path: ClipCameraPath): ClipCameraPath {
  const halves = path.halves;
  if (!path.columns || !halves || !hasSeam(path.columns)) return { ...path, sideBySide: false };
  const shots = shotsOf(path.zoom.length, shotCuts(path.pairResidual ?? [], path.lagChange)).filter((s) => s.end - s.start + 1 >= MIN_SHOT_FRAMES);
  const disagreement = Math.max(0, ...shots.map((s) => sideBySideDisagreement(path, halves, s.start, s.end)));
  return { ...path, sideBySide: disagreement > SIDE_BY_SIDE_DISAGREEMENT };
}
