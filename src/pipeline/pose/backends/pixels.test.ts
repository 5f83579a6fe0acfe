import { describe, expect, test } from 'vitest';
import { rgbOfRgba } from './pixels.ts';

describe('RGBA pixels to the pose model\'s RGB input', () => {
  test('keeps red, green and blue of every pixel in order and drops alpha', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 10, 20, 30, 0, 250, 251, 252, 128]);
    expect(Array.from(rgbOfRgba(rgba))).toEqual([1, 2, 3, 10, 20, 30, 250, 251, 252]);
  });

  test('a whole picture: each output value is its pixel\'s channel (what tf.browser.fromPixels(image, 3) holds)', () => {
    const width = 37, height = 23;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 7919) % 256;
    const rgb = rgbOfRgba(rgba);
    expect(rgb).toBeInstanceOf(Int32Array);
    expect(rgb.length).toBe(width * height * 3);
    for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) expect(rgb[p * 3 + c]).toBe(rgba[p * 4 + c]);
  });

  test('writes into a given array, leaving what lies past the picture, and refuses one too short', () => {
    const out = new Int32Array(8).fill(-1);
    expect(rgbOfRgba(new Uint8ClampedArray([5, 6, 7, 8, 9, 10, 11, 12]), out)).toBe(out);
    expect(Array.from(out)).toEqual([5, 6, 7, 9, 10, 11, -1, -1]);
    expect(() => rgbOfRgba(new Uint8ClampedArray(12), new Int32Array(8))).toThrow(/cannot hold 3 pixels/);
  });
});
