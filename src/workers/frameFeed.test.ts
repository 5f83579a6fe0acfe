import { describe, expect, test } from 'vitest';
import { FEED_HOLD_BYTES, fedPartsFit } from './frameFeed.ts';

describe('one decode feeding the pose workers', () => {
  test('the first part of a few seconds of SD or HD is held while the decoder runs ahead to the second', () => {
    expect(fedPartsFit(640, 360, [0, 44])).toBe(true); // the 100-frame benchmark clip
    expect(fedPartsFit(1280, 720, [0, 100])).toBe(true); // 8 s of 720p at 25 fps
  });

  test('a long HD or any 4K part is not held: each worker decodes its own', () => {
    expect(fedPartsFit(1920, 1080, [0, 150])).toBe(false);
    expect(fedPartsFit(3840, 2160, [0, 20])).toBe(false);
    // The bound is the bytes of the frames before the last part's first one.
    const frames = Math.floor(FEED_HOLD_BYTES / (1280 * 720 * 1.5));
    expect(fedPartsFit(1280, 720, [0, frames])).toBe(true);
    expect(fedPartsFit(1280, 720, [0, frames + 1])).toBe(false);
  });
});
