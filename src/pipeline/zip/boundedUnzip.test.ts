import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { boundedUnzip, listZip, ZipLimitError } from './boundedUnzip.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** A zip whose central directory and local header say `declared` bytes for `name`, whatever it holds. */
function lyingZip(name: string, content: Uint8Array, declared: number): Uint8Array {
  const zip = zipSync({ [name]: [content, { level: 9 }] });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i < zip.length - 4; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, declared, true); // local header: uncompressed size
    if (sig === 0x02014b50) view.setUint32(i + 24, declared, true); // central directory: uncompressed size
  }
  return zip;
}

describe('bounded unzip', () => {
  test('reads the wanted entries and never inflates the others', () => {
    const zip = zipSync({ 'manifest.json': text('{"a":1}'), 'big.bin': new Uint8Array(5_000_000), 'x/y.txt': text('yy') });
    expect(listZip(zip).map((e) => [e.name, e.declaredSize])).toEqual([['manifest.json', 7], ['big.bin', 5_000_000], ['x/y.txt', 2]]);
    const files = boundedUnzip(zip, (e) => (e.name === 'big.bin' ? null : 1000));
    expect(Object.keys(files).sort()).toEqual(['manifest.json', 'x/y.txt']);
    expect(new TextDecoder().decode(files['manifest.json'])).toBe('{"a":1}');
  });

  test('an entry declaring more than it may is refused before inflating', () => {
    const zip = zipSync({ 'clip.mp4': new Uint8Array(2_000_000) });
    expect(() => boundedUnzip(zip, () => 1_000_000)).toThrow(/clip\.mp4 says it holds 2000000 bytes, more than the 1000000 it may/);
  });

  test('a zip bomb that declares a small size is stopped at what it declared', () => {
    const bomb = lyingZip('library.json', new Uint8Array(64 * 1024 * 1024), 1000); // 64 MB of zeros claiming 1 kB
    expect(bomb.length).toBeLessThan(200_000);
    let error: unknown;
    try {
      boundedUnzip(bomb, () => 10_000_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZipLimitError);
    expect(String(error)).toMatch(/inflates to more than the 1000 bytes it declared/);
  });
});
