/**
 * The clip store's decisions that need no decoder: which dropped files are frames, what a folder
 * without any is told, and that an offer of frames keeps only the pictures. Opening real files is
 * e2e/formats.spec.ts, e2e/footage.spec.ts and e2e/bad-input.spec.ts.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { isFramePicture, useClipStore } from './clipStore.ts';

const file = (name: string, type = '') => new File([new Uint8Array(4)], name, { type });

beforeEach(() => useClipStore.setState({ pendingFrames: null, error: null }));

describe('clip store: frames', () => {
  test('JPG and PNG frames are pictures by type or by name; other files are not', () => {
    expect(isFramePicture(file('00001.jpg'))).toBe(true);
    expect(isFramePicture(file('00001.JPEG'))).toBe(true);
    expect(isFramePicture(file('frame', 'image/png'))).toBe(true);
    expect(isFramePicture(file('notes.txt', 'text/plain'))).toBe(false);
    expect(isFramePicture(file('dive.mp4', 'video/mp4'))).toBe(false);
    expect(isFramePicture(file('frame.webp', 'image/webp'))).toBe(false);
  });

  test('an offer of frames keeps the pictures in their order and leaves the loaded clip alone', () => {
    const before = useClipStore.getState().clip;
    useClipStore.getState().offerFrames([file('00002.jpg'), file('Thumbs.db'), file('00001.jpg')], '01_10');
    expect(useClipStore.getState().pendingFrames?.files.map((f) => f.name)).toEqual(['00002.jpg', '00001.jpg']);
    expect(useClipStore.getState().pendingFrames?.name).toBe('01_10');
    expect(useClipStore.getState().clip).toBe(before);
    useClipStore.getState().dismissFrames();
    expect(useClipStore.getState().pendingFrames).toBeNull();
  });

  test('a folder with no frames gets a message that says so and counts what it held', () => {
    useClipStore.getState().offerFrames([file('a.txt'), file('b.csv')], 'notes');
    const { error, pendingFrames } = useClipStore.getState();
    expect(pendingFrames).toBeNull();
    expect(error?.kind).toBe('not-a-video');
    expect(error?.message).toMatch(/“notes” holds no JPG or PNG frames \(2 files of other kinds\)/);
  });
});
