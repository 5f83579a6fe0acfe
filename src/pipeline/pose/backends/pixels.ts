/**
 * Pixels as a pose model's input tensor wants them, kept apart from the tfjs backend so that they
 * are tested without loading tfjs.
 */

/**
 * The red, green and blue of RGBA pixels as int32, the values `tf.browser.fromPixels(image, 3)`
 * holds; written into `out` when it is given (its first pixels × 3 values).
 */
export function rgbOfRgba(rgba: Uint8ClampedArray | Uint8Array, out?: Int32Array): Int32Array {
  const pixels = rgba.length >> 2;
  if (out && out.length < pixels * 3) throw new Error(`rgbOfRgba: ${out.length} values cannot hold ${pixels} pixels`);
  const rgb = out ?? new Int32Array(pixels * 3);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
    rgb[o] = rgba[i] as number;
    rgb[o + 1] = rgba[i + 1] as number;
    rgb[o + 2] = rgba[i + 2] as number;
  }
  return rgb;
}
