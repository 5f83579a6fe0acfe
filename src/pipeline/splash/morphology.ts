/** Binary-mask cleanup on the cell grid. */

/**
 * 3×3 majority: a cell is kept when at least 5 of the 9 cells around it (itself included; outside
 * counts as 0) are set. Separable box sums, so the cost is linear in the mask size.
 * Returns how many cells are set in `out`.
 */
export function majority3x3(mask: Uint8Array, cols: number, rows: number, out: Uint8Array, scratch: Uint8Array): number {
  // Horizontal sums of three.
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      const i = row + x;
      scratch[i] = (mask[i] as number) + (x > 0 ? (mask[i - 1] as number) : 0) + (x + 1 < cols ? (mask[i + 1] as number) : 0);
    }
  }
  let count = 0;
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      const i = row + x;
      const votes = (scratch[i] as number) + (y > 0 ? (scratch[i - cols] as number) : 0) + (y + 1 < rows ? (scratch[i + cols] as number) : 0);
      const keep = votes >= 5 ? 1 : 0;
      out[i] = keep;
      count += keep;
    }
  }
  return count;
}
