import { describe, expect, test } from 'vitest';
import { i420Picture, i420Size, pictureToRgba, yuvMatrixOf, type DecodedPicture } from './picture.ts';

/** A 4:2:0 frame filled with one Y, U, V. */
function flatI420(width: number, height: number, y: number, u: number, v: number): Uint8Array {
  const bytes = new Uint8Array(i420Size(width, height));
  bytes.fill(y, 0, width * height);
  const c = Math.ceil(width / 2) * Math.ceil(height / 2);
  bytes.fill(u, width * height, width * height + c);
  bytes.fill(v, width * height + c);
  return bytes;
}

const pixel = (data: Uint8ClampedArray, i = 0): number[] => Array.from(data.subarray(i * 4, i * 4 + 4));

describe('decoded pictures to RGBA', () => {
  test('limited-range BT.601: video black and white map to 0 and 255, primaries to their colours', () => {
    expect(pixel(pictureToRgba(i420Picture(flatI420(4, 4, 16, 128, 128), 4, 4, false, 'bt601'), 4, 4).data)).toEqual([0, 0, 0, 255]);
    expect(pixel(pictureToRgba(i420Picture(flatI420(4, 4, 235, 128, 128), 4, 4, false, 'bt601'), 4, 4).data)).toEqual([255, 255, 255, 255]);
    // Pure red in BT.601 limited range is Y 81, Cb 90, Cr 240.
    const [r, g, b] = pixel(pictureToRgba(i420Picture(flatI420(4, 4, 81, 90, 240), 4, 4, false, 'bt601'), 4, 4).data);
    expect(r).toBeGreaterThanOrEqual(253);
    expect(g).toBeLessThanOrEqual(2);
    expect(b).toBeLessThanOrEqual(2);
  });

  test('full range and BT.709 use their own coefficients', () => {
    expect(pixel(pictureToRgba(i420Picture(flatI420(2, 2, 255, 128, 128), 2, 2, true, 'bt709'), 2, 2).data)).toEqual([255, 255, 255, 255]);
    // The same Cr reads redder under BT.709 (1.5748) than under BT.601 (1.402) at full range.
    const r709 = pixel(pictureToRgba(i420Picture(flatI420(2, 2, 100, 128, 180), 2, 2, true, 'bt709'), 2, 2).data)[0] as number;
    const r601 = pixel(pictureToRgba(i420Picture(flatI420(2, 2, 100, 128, 180), 2, 2, true, 'bt601'), 2, 2).data)[0] as number;
    expect(r709).toBe(Math.round(100 + 1.5748 * 52));
    expect(r601).toBe(Math.round(100 + 1.402 * 52));
    expect(yuvMatrixOf('bt709')).toBe('bt709');
    expect(yuvMatrixOf(null)).toBe('bt709');
    expect(yuvMatrixOf('unknown')).toBe('bt709');
    expect(yuvMatrixOf('smpte170m')).toBe('bt601');
    expect(yuvMatrixOf('bt470bg')).toBe('bt601');
  });

  test('NV12 (interleaved chroma) reads as the same picture as I420', () => {
    const w = 6, h = 4;
    const i420 = flatI420(w, h, 0, 0, 0);
    for (let i = 0; i < w * h; i++) i420[i] = 16 + ((i * 37) % 200);
    const cw = 3, ch = 2;
    for (let i = 0; i < cw * ch; i++) {
      i420[w * h + i] = 60 + i * 20;
      i420[w * h + cw * ch + i] = 200 - i * 15;
    }
    const nv12 = new Uint8Array(w * h + 2 * cw * ch);
    nv12.set(i420.subarray(0, w * h));
    for (let i = 0; i < cw * ch; i++) {
      nv12[w * h + 2 * i] = i420[w * h + i] as number;
      nv12[w * h + 2 * i + 1] = i420[w * h + cw * ch + i] as number;
    }
    const asNv12: DecodedPicture = {
      kind: 'yuv', width: w, height: h,
      y: { data: nv12, offset: 0, stride: w, step: 1 },
      u: { data: nv12, offset: w * h, stride: 2 * cw, step: 2 },
      v: { data: nv12, offset: w * h + 1, stride: 2 * cw, step: 2 },
      chromaShiftX: 1, chromaShiftY: 1, fullRange: false, matrix: 'bt601',
    };
    expect(pictureToRgba(asNv12, w, h).data).toEqual(pictureToRgba(i420Picture(i420, w, h, false, 'bt601'), w, h).data);
  });

  test('scaling down averages the pixels each output pixel covers', () => {
    // A 4×2 RGBA picture (rows padded to 20 bytes): left half black, right half white.
    const stride = 20;
    const data = new Uint8Array(stride * 2);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) data.set(x < 2 ? [0, 0, 0, 255] : [255, 255, 255, 255], y * stride + x * 4);
    const halved = pictureToRgba({ kind: 'rgba', width: 4, height: 2, data, order: 'rgba', stride }, 2, 1);
    expect(pixel(halved.data, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(halved.data, 1)).toEqual([255, 255, 255, 255]);
    const one = pictureToRgba({ kind: 'rgba', width: 4, height: 2, data, order: 'rgba', stride }, 1, 1);
    expect(pixel(one.data)).toEqual([128, 128, 128, 255]);
  });

  test('BGRA is read in its own channel order', () => {
    const data = new Uint8Array([10, 20, 30, 255]);
    expect(pixel(pictureToRgba({ kind: 'rgba', width: 1, height: 1, data, order: 'bgra', stride: 4 }, 1, 1).data)).toEqual([30, 20, 10, 255]);
  });
  test('scaling a YUV picture down gives, to the byte, the average of each output pixel\'s source span', () => {
    // The definition, one output pixel at a time: luma averaged over the pixels of its span (at most
    // 4 evenly spaced per axis), chroma over the chroma samples those pixels sit on.
    const reference = (picture: Extract<DecodedPicture, { kind: 'yuv' }>, width: number, height: number): number[] => {
      const span = (source: number, target: number, i: number): number[] => {
        const a = Math.floor((i * source) / target), b = Math.max(a + 1, Math.floor(((i + 1) * source) / target));
        const step = Math.max(1, Math.ceil((b - a) / 4));
        const out: number[] = [];
        for (let v = a; v < b; v += step) out.push(v);
        return out;
      };
      const [kr, kb] = picture.matrix === 'bt709' ? [0.2126, 0.0722] : [0.299, 0.114];
      const kg = 1 - kr - kb, yScale = picture.fullRange ? 1 : 255 / 219, cScale = picture.fullRange ? 1 : 255 / 224, yOffset = picture.fullRange ? 0 : 16;
      const byte = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));
      const at = (plane: typeof picture.y, x: number, y: number) => plane.data[plane.offset + y * plane.stride + x * plane.step] as number;
      const out: number[] = [];
      for (let oy = 0; oy < height; oy++) {
        for (let ox = 0; ox < width; ox++) {
          let sy = 0, su = 0, sv = 0, n = 0;
          for (const py of span(picture.height, height, oy)) {
            for (const px of span(picture.width, width, ox)) {
              sy += at(picture.y, px, py);
              su += at(picture.u, px >> picture.chromaShiftX, py >> picture.chromaShiftY);
              sv += at(picture.v, px >> picture.chromaShiftX, py >> picture.chromaShiftY);
              n++;
            }
          }
          const luma = (sy / n - yOffset) * yScale, cu = su / n - 128, cv = sv / n - 128;
          out.push(byte(luma + 2 * (1 - kr) * cScale * cv), byte(luma - ((2 * kb * (1 - kb)) / kg) * cScale * cu - ((2 * kr * (1 - kr)) / kg) * cScale * cv), byte(luma + 2 * (1 - kb) * cScale * cu), 255);
        }
      }
      return out;
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases: Array<{ w: number; h: number; to: [number, number]; layout: 'i420' | 'nv12' | '422' | '444'; full: boolean; matrix: 'bt601' | 'bt709' }> = [
      { w: 64, h: 36, to: [26, 14], layout: 'i420', full: false, matrix: 'bt709' }, // the camera path's 640×360 → 256×144, scaled down
      { w: 33, h: 21, to: [16, 9], layout: 'nv12', full: true, matrix: 'bt601' },
      { w: 40, h: 30, to: [7, 5], layout: '422', full: false, matrix: 'bt601' }, // spans wider than 4 taps
      { w: 25, h: 17, to: [24, 16], layout: '444', full: true, matrix: 'bt709' },
    ];
    for (const { w, h, to, layout, full, matrix } of cases) {
      const shx = layout === '444' ? 0 : 1, shy = layout === 'i420' || layout === 'nv12' ? 1 : 0;
      const cw = Math.ceil(w / 2 ** shx), ch = Math.ceil(h / 2 ** shy);
      const stride = w + 3; // padded rows
      const bytes = Uint8Array.from({ length: stride * h + 2 * (cw + 5) * ch + 8 }, () => Math.floor(random() * 256));
      const chromaAt = stride * h;
      const picture: Extract<DecodedPicture, { kind: 'yuv' }> = layout === 'nv12'
        ? { kind: 'yuv', width: w, height: h, y: { data: bytes, offset: 0, stride, step: 1 }, u: { data: bytes, offset: chromaAt, stride: 2 * cw + 5, step: 2 }, v: { data: bytes, offset: chromaAt + 1, stride: 2 * cw + 5, step: 2 }, chromaShiftX: 1, chromaShiftY: 1, fullRange: full, matrix }
        : { kind: 'yuv', width: w, height: h, y: { data: bytes, offset: 0, stride, step: 1 }, u: { data: bytes, offset: chromaAt, stride: cw + 5, step: 1 }, v: { data: bytes, offset: chromaAt + (cw + 5) * ch, stride: cw + 5, step: 1 }, chromaShiftX: shx as 0 | 1, chromaShiftY: shy as 0 | 1, fullRange: full, matrix };
      expect(Array.from(pictureToRgba(picture, to[0], to[1]).data), `${layout} ${w}×${h} → ${to.join('×')}`).toEqual(reference(picture, to[0], to[1]));
    }
  });
});
