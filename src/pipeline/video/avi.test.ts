import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CODED_SAMPLE_FOOTAGE, ensureCodedSampleFootage, hasFfmpeg } from '../../../scripts/lib/fixtures.ts';
import { isAvi, readAvi } from './avi.ts';
import { ClipError } from './errors.ts';

const fixtureDir = join(import.meta.dirname, '../../../e2e/.fixtures');
const ffmpeg = hasFfmpeg();

function blobOf(path: string): Blob {
  return new Blob([readFileSync(path)]);
}

async function errorOf(blob: Blob, name: string): Promise<ClipError> {
  try {
    await readAvi(blob, name);
  } catch (error) {
    if (error instanceof ClipError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

/** A RIFF chunk: id, little-endian size, data, padded to even. */
function chunk(id: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(8 + data.length + (data.length % 2));
  out.set(new TextEncoder().encode(id), 0);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}
function list(type: string, id: string, ...children: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return chunk(id, concat(new TextEncoder().encode(type), ...children));
}
function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
/** A minimal AVI: one video stream with the given codec, frame rate and frame chunks. */
function handMadeAvi(codec: string, rate: number, frames: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const strh = new Uint8Array(56);
  strh.set(new TextEncoder().encode('vids'), 0);
  strh.set(new TextEncoder().encode(codec), 4);
  new DataView(strh.buffer).setUint32(20, 1, true);
  new DataView(strh.buffer).setUint32(24, rate, true);
  const strf = new Uint8Array(40);
  new DataView(strf.buffer).setInt32(4, 64, true);
  new DataView(strf.buffer).setInt32(8, 48, true);
  strf.set(new TextEncoder().encode(codec), 16);
  return list('AVI ', 'RIFF', list('hdrl', 'LIST', chunk('avih', new Uint8Array(56)), list('strl', 'LIST', chunk('strh', strh), chunk('strf', strf))), list('movi', 'LIST', ...frames.map((f) => chunk('00dc', f))));
}

describe('AVI headers and frame table', () => {
  test('a dropped frame (an empty chunk) shows the previous frame again, so frame i stays at i ÷ fps', async () => {
    const a = new Uint8Array([0xff, 0xd8, 1, 0xff, 0xd9]), b = new Uint8Array([0xff, 0xd8, 2, 2, 0xff, 0xd9]);
    const avi = await readAvi(new Blob([handMadeAvi('MJPG', 30, [a, new Uint8Array(0), b])]), 'dropped.avi');
    expect(avi.fps).toBe(30);
    expect([avi.width, avi.height]).toEqual([64, 48]);
    expect(avi.frames.map((f) => f.size)).toEqual([5, 5, 6]);
    expect(avi.frames[1]).toEqual(avi.frames[0]);
  });

  test('an AVI with another codec is refused with a message naming the codec', async () => {
    const error = await errorOf(new Blob([handMadeAvi('XVID', 25, [new Uint8Array(4)])]), 'old.avi');
    expect(error.kind).toBe('unsupported-codec');
    expect(error.message).toContain('“XVID”');
    expect(error.message).toContain('Motion JPEG');
  });

  test('a chunk that overruns its list inside the file is damage, named as such', async () => {
    const bytes = handMadeAvi('MJPG', 25, [new Uint8Array(8)]);
    // The hdrl list claims more bytes than the RIFF holds before the movie list.
    new DataView(bytes.buffer).setUint32(16, 100_000, true);
    const error = await errorOf(new Blob([bytes, new Uint8Array(200_000)]), 'bad.avi');
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/AVI file, but it is damaged/);
  });

  test('a frame rate of zero or a picture size of zero is refused', async () => {
    expect((await errorOf(new Blob([handMadeAvi('MJPG', 0, [new Uint8Array(4)])]), 'rate.avi')).message).toMatch(/frame rate/);
  });

  test('not RIFF at all: not an AVI', async () => {
    expect(isAvi(new TextEncoder().encode('RIFF\0\0\0\0WAVE'))).toBe(false);
    expect((await errorOf(new Blob(['hello, this is text']), 'x.avi')).kind).toBe('not-a-video');
  });
});

describe.skipIf(!ffmpeg)('AVI files written by ffmpeg (needs ffmpeg)', () => {
  beforeAll(async () => {
    await ensureCodedSampleFootage(fixtureDir);
  }, 120_000);

  test('Motion JPEG: frame rate, size and every frame are the ones ffmpeg wrote, byte for byte', async () => {
    const path = join(fixtureDir, CODED_SAMPLE_FOOTAGE.avi);
    const file = blobOf(path);
    const avi = await readAvi(file, CODED_SAMPLE_FOOTAGE.avi);
    expect(avi.codec).toBe('MJPG');
    expect(avi.fps).toBe(25);
    expect([avi.width, avi.height]).toEqual([640, 360]);
    expect(avi.frames).toHaveLength(CODED_SAMPLE_FOOTAGE.frames);
    // ffmpeg's own demuxer, copying the JPEGs out: the same bytes at the same indices.
    const out = mkdtempSync(join(tmpdir(), 'avi-frames-'));
    const r = spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-c:v', 'copy', '-f', 'image2', '-start_number', '0', join(out, '%05d.jpg')]);
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toHaveLength(CODED_SAMPLE_FOOTAGE.frames);
    for (const index of [0, 1, 54, 108]) {
      const frame = avi.frames[index] as { offset: number; size: number };
      const ours = new Uint8Array(await file.slice(frame.offset, frame.offset + frame.size).arrayBuffer());
      expect(Buffer.from(ours).equals(readFileSync(join(out, `${String(index).padStart(5, '0')}.jpg`)))).toBe(true);
    }
  });

  test('an AVI cut short keeps its complete frames', async () => {
    const bytes = readFileSync(join(fixtureDir, CODED_SAMPLE_FOOTAGE.avi));
    const avi = await readAvi(new Blob([bytes.subarray(0, Math.floor(bytes.length * 0.5))]), 'cut.avi');
    expect(avi.frames.length).toBeGreaterThan(40);
    expect(avi.frames.length).toBeLessThan(CODED_SAMPLE_FOOTAGE.frames);
    const last = avi.frames[avi.frames.length - 1] as { offset: number; size: number };
    expect(last.offset + last.size).toBeLessThanOrEqual(Math.floor(bytes.length * 0.5));
  });

  test('MPEG-4 Part 2 in AVI: refused, the message names the codec', async () => {
    const error = await errorOf(blobOf(join(fixtureDir, CODED_SAMPLE_FOOTAGE.mpeg4Avi)), 'mpeg4.avi');
    expect(error.kind).toBe('unsupported-codec');
    expect(error.message).toMatch(/“FMP4”|“XVID”|“DIVX”/);
  });
});
