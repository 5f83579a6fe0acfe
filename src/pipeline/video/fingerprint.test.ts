import { describe, expect, test } from 'vitest';
import { clipFingerprint } from './fingerprint.ts';
import { mulberry32 } from '../math/random.ts';

function bytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  const uniform = mulberry32(seed);
  for (let i = 0; i < n; i++) out[i] = Math.floor(uniform() * 256);
  return out;
}

describe('clip fingerprint', () => {
  test('the same bytes under another name are the same clip', async () => {
    const data = bytes(100_000, 1);
    expect(await clipFingerprint(new File([data], 'a.mp4'))).toBe(await clipFingerprint(new File([data], 'renamed.mp4')));
  });

  test('another clip of the same size is another clip, small or large', async () => {
    for (const n of [100_000, 20 * 1024 * 1024]) {
      const a = bytes(n, 1);
      const b = a.slice();
      b[n - 1] = (b[n - 1] ?? 0) ^ 0xff; // the last byte differs
      expect(await clipFingerprint(new Blob([a]))).not.toBe(await clipFingerprint(new Blob([b])));
    }
  });
});
