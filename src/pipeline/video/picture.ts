/**
 * A decoded video frame as the decoder gives it, and the one conversion to RGBA every measurement
 * reads. Both hosts hand the pipeline the decoder's own planes (the browser through
 * `VideoFrame.copyTo`, Node through ffmpeg's raw output): H.264 decoding is bit-exact, so scaling
 * and colour conversion done here, rather than by a canvas or by ffmpeg's scaler, make the camera
 * path, splash and crops the same numbers in the browser and in Node (a parity test holds them
 * to 1e-3 in the score).
 */
import type { RgbaFrame } from '../splash/types.ts';

/** One image plane: sample (x, y) is at `offset + y * stride + x * step`. */
export interface PicturePlane {
  data: Uint8Array;
  offset: number;
  stride: number;
  /** Bytes between horizontally adjacent samples (2 for NV12's interleaved chroma). */
  step: number;
}

export type YuvMatrix = 'bt601' | 'bt709';

export type DecodedPicture =
  | {
      kind: 'yuv';
      width: number;
      height: number;
      y: PicturePlane;
      u: PicturePlane;
      v: PicturePlane;
      /** log2 of the chroma subsampling: 1, 1 for 4:2:0; 1, 0 for 4:2:2; 0, 0 for 4:4:4. */
      chromaShiftX: 0 | 1;
      chromaShiftY: 0 | 1;
      fullRange: boolean;
      matrix: YuvMatrix;
    }
  | { kind: 'rgba'; width: number; height: number; data: Uint8Array | Uint8ClampedArray; order: 'rgba' | 'bgra'; /** Bytes per row (at least width × 4). */ stride: number };

/**
 * The matrix a stream's colour description names. Only the SD matrices (BT.470BG, SMPTE 170M, as
 * WebCodecs and ffprobe name them) read as BT.601; BT.709 and an unspecified matrix read as BT.709,
 * which is what Chromium's decoder reports for a stream that declares none (measured: the parity
 * test's sample, an H.264 clip without colour description, comes out of WebCodecs as 'bt709').
 */
export function yuvMatrixOf(name: string | null | undefined): YuvMatrix {
  return name === 'bt470bg' || name === 'smpte170m' ? 'bt601' : 'bt709';
}

interface Coefficients {
  yScale: number;
  yOffset: number;
  rv: number;
  gu: number;
  gv: number;
  bu: number;
}

function coefficients(matrix: YuvMatrix, fullRange: boolean): Coefficients {
  // Kr, Kb of the two matrices; limited range stretches 16–235 (luma) and 16–240 (chroma).
  const [kr, kb] = matrix === 'bt709' ? [0.2126, 0.0722] : [0.299, 0.114];
  const kg = 1 - kr - kb;
  const yScale = fullRange ? 1 : 255 / 219;
  const cScale = fullRange ? 1 : 255 / 224;
  return {
    yScale,
    yOffset: fullRange ? 0 : 16,
    rv: 2 * (1 - kr) * cScale,
    gu: ((2 * kb * (1 - kb)) / kg) * cScale,
    gv: ((2 * kr * (1 - kr)) / kg) * cScale,
    bu: 2 * (1 - kb) * cScale,
  };
}

/**
 * Source spans of each output pixel along one axis (box filter). For strong reductions at most
 * `MAX_TAPS` evenly spaced source samples are averaged, which keeps a 4K frame cheap to shrink.
 */
const MAX_TAPS = 4;
function spans(source: number, target: number): { start: Int32Array; count: Int32Array; stride: Int32Array } {
  const start = new Int32Array(target), count = new Int32Array(target), stride = new Int32Array(target);
  for (let i = 0; i < target; i++) {
    const a = Math.floor((i * source) / target);
    const b = Math.max(a + 1, Math.floor(((i + 1) * source) / target));
    const width = b - a;
    const step = Math.max(1, Math.ceil(width / MAX_TAPS));
    start[i] = a;
    stride[i] = step;
    count[i] = Math.ceil(width / step);
  }
  return { start, count, stride };
}

const clampByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/**
 * A copy of the picture that owns its pixels (the decoder's planes live in a buffer reused for the
 * next frame), as compact as its planes allow, and the bytes it holds.
 */
export function detachPicture(picture: DecodedPicture): { picture: DecodedPicture; bytes: number } {
  if (picture.kind === 'rgba') {
    const data = picture.data.slice(0, picture.stride * picture.height);
    return { picture: { ...picture, data }, bytes: data.byteLength };
  }
  const planes = [picture.y, picture.u, picture.v] as const;
  const rows = [picture.height, Math.ceil(picture.height / 2 ** picture.chromaShiftY), Math.ceil(picture.height / 2 ** picture.chromaShiftY)];
  const ranges = planes.map((plane, i) => ({ plane, from: plane.offset, to: Math.min(plane.data.length, plane.offset + plane.stride * (rows[i] ?? 0)) }));
  const shared = planes.every((plane) => plane.data === picture.y.data);
  if (shared) {
    const from = Math.min(...ranges.map((r) => r.from)), to = Math.max(...ranges.map((r) => r.to));
    const data = picture.y.data.slice(from, to);
    const [y, u, v] = planes.map((plane) => ({ ...plane, data, offset: plane.offset - from }));
    return { picture: { ...picture, y: y as PicturePlane, u: u as PicturePlane, v: v as PicturePlane }, bytes: data.byteLength };
  }
  const [y, u, v] = ranges.map(({ plane, from, to }) => ({ ...plane, data: plane.data.slice(from, to), offset: 0 }));
  return { picture: { ...picture, y: y as PicturePlane, u: u as PicturePlane, v: v as PicturePlane }, bytes: ranges.reduce((sum, r) => sum + r.to - r.from, 0) };
}

/** The buffers a picture's pixels live in (to move it to another worker). */
export function pictureBuffers(picture: DecodedPicture): ArrayBuffer[] {
  const arrays = picture.kind === 'rgba' ? [picture.data] : [picture.y.data, picture.u.data, picture.v.data];
  // Typed arrays made by slice() own plain ArrayBuffers.
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** The picture as RGBA at `width` × `height` (box-filtered when smaller; the picture's own size when equal). */
export function pictureToRgba(picture: DecodedPicture, width: number, height: number, out?: Uint8ClampedArray): RgbaFrame {
  const data = out && out.length === width * height * 4 ? out : new Uint8ClampedArray(width * height * 4);
  const xs = spans(picture.width, width), ys = spans(picture.height, height);
  if (picture.kind === 'rgba') {
    const [r, b] = picture.order === 'rgba' ? [0, 2] : [2, 0];
    const src = picture.data, rowBytes = picture.stride;
    for (let oy = 0; oy < height; oy++) {
      for (let ox = 0; ox < width; ox++) {
        let sr = 0, sg = 0, sb = 0, n = 0;
        for (let j = 0, sy = ys.start[oy] as number; j < (ys.count[oy] as number); j++, sy += ys.stride[oy] as number) {
          for (let i = 0, sx = xs.start[ox] as number; i < (xs.count[ox] as number); i++, sx += xs.stride[ox] as number) {
            const at = sy * rowBytes + sx * 4;
            sr += src[at + r] as number;
            sg += src[at + 1] as number;
            sb += src[at + b] as number;
            n++;
          }
        }
        const o = (oy * width + ox) * 4;
        data[o] = clampByte(sr / n);
        data[o + 1] = clampByte(sg / n);
        data[o + 2] = clampByte(sb / n);
        data[o + 3] = 255;
      }
    }
    return { width, height, data };
  }
  const c = coefficients(picture.matrix, picture.fullRange);
  const { y: yp, u: up, v: vp, chromaShiftX: shx, chromaShiftY: shy } = picture;
  if (width === picture.width && height === picture.height) {
    // The picture's own size (the splash of a clip up to 640 wide): one sample a pixel, the same
    // arithmetic as the averaging loop below with n = 1, without its span bookkeeping.
    const { yOffset, yScale, rv, gu, gv, bu } = c;
    for (let oy = 0; oy < height; oy++) {
      const yRow = yp.offset + oy * yp.stride;
      const cy = oy >> shy;
      const uRow = up.offset + cy * up.stride, vRow = vp.offset + cy * vp.stride;
      for (let ox = 0, o = oy * width * 4; ox < width; ox++, o += 4) {
        const cx = ox >> shx;
        const luma = ((yp.data[yRow + ox * yp.step] as number) - yOffset) * yScale;
        const cu = (up.data[uRow + cx * up.step] as number) - 128, cv = (vp.data[vRow + cx * vp.step] as number) - 128;
        data[o] = clampByte(luma + rv * cv);
        data[o + 1] = clampByte(luma - gu * cu - gv * cv);
        data[o + 2] = clampByte(luma + bu * cu);
        data[o + 3] = 255;
      }
    }
    return { width, height, data };
  }
  // Scaled: luma averaged over each output pixel's span, chroma over the chroma samples that cover
  // it. The taps of each output column are laid out once, and each source row's taps are summed for
  // every column before the next row: the same integer sums as a loop per output pixel, without its
  // span bookkeeping (4× faster on the camera path's 640×360 → 256×144).
  const tapsOf = new Int32Array(width + 1);
  for (let ox = 0; ox < width; ox++) tapsOf[ox + 1] = (tapsOf[ox] as number) + (xs.count[ox] as number);
  const taps = tapsOf[width] as number;
  const lumaX = new Int32Array(taps), uX = new Int32Array(taps), vX = new Int32Array(taps);
  for (let ox = 0, k = 0; ox < width; ox++) {
    for (let i = 0, px = xs.start[ox] as number; i < (xs.count[ox] as number); i++, px += xs.stride[ox] as number, k++) {
      lumaX[k] = px * yp.step;
      uX[k] = (px >> shx) * up.step;
      vX[k] = (px >> shx) * vp.step;
    }
  }
  const yData = yp.data, uData = up.data, vData = vp.data;
  const sumY = new Int32Array(width), sumU = new Int32Array(width), sumV = new Int32Array(width);
  for (let oy = 0; oy < height; oy++) {
    sumY.fill(0);
    sumU.fill(0);
    sumV.fill(0);
    const rowsOfSpan = ys.count[oy] as number;
    for (let j = 0, py = ys.start[oy] as number; j < rowsOfSpan; j++, py += ys.stride[oy] as number) {
      const yRow = yp.offset + py * yp.stride;
      const cy = py >> shy;
      const uRow = up.offset + cy * up.stride, vRow = vp.offset + cy * vp.stride;
      for (let ox = 0; ox < width; ox++) {
        let sy = 0, su = 0, sv = 0;
        for (let k = tapsOf[ox] as number, end = tapsOf[ox + 1] as number; k < end; k++) {
          sy += yData[yRow + (lumaX[k] as number)] as number;
          su += uData[uRow + (uX[k] as number)] as number;
          sv += vData[vRow + (vX[k] as number)] as number;
        }
        sumY[ox] = (sumY[ox] as number) + sy;
        sumU[ox] = (sumU[ox] as number) + su;
        sumV[ox] = (sumV[ox] as number) + sv;
      }
    }
    for (let ox = 0, o = oy * width * 4; ox < width; ox++, o += 4) {
      const n = rowsOfSpan * (xs.count[ox] as number);
      const luma = ((sumY[ox] as number) / n - c.yOffset) * c.yScale;
      const cu = (sumU[ox] as number) / n - 128, cv = (sumV[ox] as number) / n - 128;
      data[o] = clampByte(luma + c.rv * cv);
      data[o + 1] = clampByte(luma - c.gu * cu - c.gv * cv);
      data[o + 2] = clampByte(luma + c.bu * cu);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Tightly packed planar 4:2:0 (ffmpeg's yuv420p, WebCodecs' I420) as a picture. */
export function i420Picture(bytes: Uint8Array, width: number, height: number, fullRange: boolean, matrix: YuvMatrix): DecodedPicture {
  const cw = Math.ceil(width / 2), ch = Math.ceil(height / 2);
  return {
    kind: 'yuv',
    width,
    height,
    y: { data: bytes, offset: 0, stride: width, step: 1 },
    u: { data: bytes, offset: width * height, stride: cw, step: 1 },
    v: { data: bytes, offset: width * height + cw * ch, stride: cw, step: 1 },
    chromaShiftX: 1,
    chromaShiftY: 1,
    fullRange,
    matrix,
  };
}

/** Bytes of a tightly packed 4:2:0 frame. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}
