import { describe, expect, test } from 'vitest';
import { contentBox } from './contentBox.ts';

/** An RGBA frame: black bars around a textured picture at (x, y, w, h). */
function frame(width: number, height: number, picture: { x: number; y: number; w: number; h: number } | null) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = !picture || (x >= picture.x && x < picture.x + picture.w && y >= picture.y && y < picture.y + picture.h);
      const v = inside ? 60 + ((x * 7 + y * 13) % 150) : 3;
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

describe('content box', () => {
  test('a pillarboxed frame (640×360 picture padded to 1280×360) gives the picture', () => {
    expect(contentBox(frame(1280, 360, { x: 320, y: 0, w: 640, h: 360 }))).toEqual({ x: 320, y: 0, width: 640, height: 360 });
  });

  test('a letterboxed frame gives the picture', () => {
    expect(contentBox(frame(640, 480, { x: 0, y: 60, w: 640, h: 360 }))).toEqual({ x: 0, y: 60, width: 640, height: 360 });
  });

  test('a frame without bars, or with only a thin dark edge, is kept whole', () => {
    expect(contentBox(frame(640, 360, null))).toEqual({ x: 0, y: 0, width: 640, height: 360 });
    expect(contentBox(frame(640, 360, { x: 4, y: 0, w: 636, h: 360 }))).toEqual({ x: 0, y: 0, width: 640, height: 360 });
  });

  test('a mostly dark frame is not cut to a sliver', () => {
    expect(contentBox(frame(640, 360, { x: 300, y: 0, w: 40, h: 360 }))).toEqual({ x: 0, y: 0, width: 640, height: 360 });
  });
});
