/**
 * The picture inside a clip's black bars. A broadcast clip pillarboxed or letterboxed (4:3 in 16:9,
 * an upload padded to a wider frame) shows the diver smaller relative to the whole frame, and the
 * pose model, which sees the whole frame scaled to its input, then finds the diver less often and
 * less precisely: the same dive scored differently by its framing. The pose pass runs on the
 * picture inside the bars and maps its joints back to the frame. Framework-free.
 */
export interface ContentBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A pixel at or below this luma, in a column or row whose luma varies by at most BAR_RANGE, is bar. */
const BAR_LUMA = 28;
const BAR_RANGE = 14;
/** Bars thinner than this share of the side are ignored (encoder edge noise); the picture keeps at least half of each side. */
const MIN_BAR = 0.02;
const MIN_CONTENT = 0.5;

function luma(data: ArrayLike<number>, i: number): number {
  return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
}

/** The inner picture of an RGBA frame, or the whole frame when it has no bars. */
export function contentBox(frame: { data: ArrayLike<number>; width: number; height: number }): ContentBox {
  const { data, width, height } = frame;
  const isBarLine = (count: number, at: (k: number) => number): boolean => {
    let lo = 255, hi = 0;
    for (let k = 0; k < count; k += 2) {
      const v = luma(data, at(k));
      if (v > BAR_LUMA) return false;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo <= BAR_RANGE;
  };
  const column = (x: number) => isBarLine(height, (y) => (y * width + x) * 4);
  const row = (y: number) => isBarLine(width, (x) => (y * width + x) * 4);
  let left = 0, right = width - 1, top = 0, bottom = height - 1;
  while (left < width / 2 && column(left)) left++;
  while (right > width / 2 && column(right)) right--;
  while (top < height / 2 && row(top)) top++;
  while (bottom > height / 2 && row(bottom)) bottom--;
  const keep = (start: number, end: number, size: number): [number, number] => {
    const a = start >= MIN_BAR * size ? start : 0;
    const b = size - 1 - end >= MIN_BAR * size ? end : size - 1;
    return b - a + 1 >= MIN_CONTENT * size ? [a, b] : [0, size - 1];
  };
  const [x0, x1] = keep(left, right, width);
  const [y0, y1] = keep(top, bottom, height);
  // Even sizes and offsets: video frames are drawn in 2×2 chroma blocks.
  const x = x0 - (x0 % 2), y = y0 - (y0 % 2);
  return { x, y, width: Math.min(width - x, x1 - x + 1 + ((x1 - x + 1) % 2)), height: Math.min(height - y, y1 - y + 1 + ((y1 - y + 1) % 2)) };
}
