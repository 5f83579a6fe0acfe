import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BAD_FIXTURES, GOOD_FIXTURES, STREAM_COPY_CUT, ensureFixtures, hasFfmpeg } from '../../../scripts/lib/fixtures.ts';
import { probeClip } from './clipInfo.ts';
import { ClipError } from './errors.ts';

const fixtureDir = join(import.meta.dirname, '../../../e2e/.fixtures');
const ffmpeg = hasFfmpeg();

function blobOf(file: string): Blob {
  return new Blob([readFileSync(join(fixtureDir, file))]);
}

async function probeError(file: string): Promise<ClipError> {
  try {
    await probeClip(blobOf(file), file);
  } catch (error) {
    if (error instanceof ClipError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe.skipIf(!ffmpeg)('probeClip on generated clips (needs ffmpeg to make them)', () => {
  beforeAll(async () => {
    await ensureFixtures(fixtureDir);
  }, 120_000);

  test.each(GOOD_FIXTURES)('$file: codec, size, frame rate and frame count come from the file', async (fx) => {
    const info = await probeClip(blobOf(fx.file), fx.file);
    expect(info.codec).toBe(fx.codec);
    expect(info.width).toBe(320);
    expect(info.height).toBe(180);
    expect(info.fps).toBeCloseTo(fx.fpsValue, 6);
    expect(info.frameCount).toBe(fx.frameCount);
    expect(info.durationSeconds).toBeCloseTo(fx.frameCount / fx.fpsValue, 6);
  });

  test('a stream-copy trim counts only the frames a viewer sees (its lead-in has negative timestamps)', async () => {
    const info = await probeClip(blobOf(STREAM_COPY_CUT.file), STREAM_COPY_CUT.file);
    expect(info.frameCount).toBe(STREAM_COPY_CUT.presented);
    expect(info.fps).toBe(25);
    expect(info.startTime).toBe(0);
  });

  test('a text file named .mp4 is not a video', async () => {
    expect((await probeError(BAD_FIXTURES.notVideo)).kind).toBe('not-a-video');
  });

  test('random bytes named .mov are not a video', async () => {
    expect((await probeError(BAD_FIXTURES.garbage)).kind).toBe('not-a-video');
  });

  test('a zero-byte file says it is empty', async () => {
    const error = await probeError(BAD_FIXTURES.empty);
    expect(error.kind).toBe('empty-file');
    expect(error.message).toContain('empty');
  });

  test('an MP4 cut before its index is reported as damaged', async () => {
    expect((await probeError(BAD_FIXTURES.truncatedNoIndex)).kind).toBe('corrupt');
  });

  test('an MP4 whose frames are cut short is reported as incomplete', async () => {
    const error = await probeError(BAD_FIXTURES.truncatedData);
    expect(error.kind).toBe('corrupt');
  });
});

if (!ffmpeg) {
  test.skip('probeClip fixtures: ffmpeg is not installed, so the test clips cannot be made', () => {});
}
