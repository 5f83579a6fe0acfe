import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { PackSourceError, fetchPack, packFromUserFiles, packFromZip, userPackOrigin } from './source.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const manifest = { schema: 'divejudge.aqa-pack/1', files: { 'encoder.onnx': { bytes: 2 }, 'exemplars.bin': { bytes: 1 } } };

describe('pack sources', () => {
  test('a zip bomb in a pack is refused without inflating it: files the manifest does not list are skipped, a listed one stops at its declared size', () => {
    const zeros = new Uint8Array(32 * 1024 * 1024); // 32 MB of zeros: a ~32 kB entry
    const unlisted = zipSync({ 'manifest.json': enc(JSON.stringify(manifest)), 'encoder.onnx': new Uint8Array([1, 2]), 'exemplars.bin': new Uint8Array([3]), 'padding.bin': zeros });
    const source = packFromZip(unlisted, 'p.zip');
    expect(Object.keys(source.files).sort()).toEqual(['encoder.onnx', 'exemplars.bin', 'manifest.json']);
    const listedSmall = zipSync({ 'manifest.json': enc(JSON.stringify({ ...manifest, files: { ...manifest.files, 'exemplars.bin': { bytes: 1000 } } })), 'encoder.onnx': new Uint8Array([1, 2]), 'exemplars.bin': zeros });
    expect(() => packFromZip(listedSmall, 'bomb.zip')).toThrow(/bomb\.zip: exemplars\.bin says it holds 33554432 bytes, more than the 1000 it may/);
    const claimsHuge = zipSync({ 'manifest.json': enc(JSON.stringify({ ...manifest, files: { 'exemplars.bin': { bytes: 2 ** 31 } } })), 'exemplars.bin': zeros });
    expect(() => packFromZip(claimsHuge, 'huge.zip')).toThrow(/more than a model pack may be/);
  });

  test('what the user chose is read as a zip (one .zip file) or as a folder, and named the same way before it is read', async () => {
    const zip = new File([zipSync({ 'manifest.json': enc(JSON.stringify(manifest)), 'encoder.onnx': new Uint8Array([1, 2]), 'exemplars.bin': new Uint8Array([3]) })], 'p.zip');
    expect(userPackOrigin([zip])).toBe('zip p.zip');
    const fromZip = await packFromUserFiles([zip]);
    expect(fromZip.origin).toBe('zip p.zip');
    expect(Object.keys(fromZip.files).sort()).toEqual(['encoder.onnx', 'exemplars.bin', 'manifest.json']);
    const folder = [new File([JSON.stringify(manifest)], 'manifest.json'), new File([new Uint8Array([1, 2])], 'encoder.onnx')];
    for (const f of folder) Object.defineProperty(f, 'webkitRelativePath', { value: `my-pack/${f.name}` });
    expect(userPackOrigin(folder)).toBe('folder my-pack');
    const fromFolder = await packFromUserFiles(folder);
    expect(fromFolder.origin).toBe('folder my-pack');
    expect(Array.from(fromFolder.files['encoder.onnx'] ?? [])).toEqual([1, 2]);
    await expect(packFromUserFiles([])).rejects.toThrow(/No files were chosen/);
  });

  test('a zip with the pack inside one folder gives the files relative to that folder', () => {
    const zip = zipSync({ 'my-pack/manifest.json': enc(JSON.stringify(manifest)), 'my-pack/encoder.onnx': new Uint8Array([1, 2]), 'my-pack/exemplars.bin': new Uint8Array([3]) });
    const source = packFromZip(zip, 'my-pack.zip');
    expect(Object.keys(source.files).sort()).toEqual(['encoder.onnx', 'exemplars.bin', 'manifest.json']);
    expect((source.manifestJson as typeof manifest).schema).toBe('divejudge.aqa-pack/1');
    expect(source.origin).toBe('zip my-pack.zip');
  });

  test('a zip without a manifest, or not a zip at all, is refused with a message naming it', () => {
    const noManifest = zipSync({ 'readme.txt': enc('hello') });
    expect(() => packFromZip(noManifest, 'x.zip')).toThrow(/no manifest\.json/);
    expect(() => packFromZip(enc('not a zip'), 'y.zip')).toThrow(PackSourceError);
    expect(() => packFromZip(zipSync({ 'manifest.json': enc('{oops') }), 'z.zip')).toThrow(/not valid JSON/);
  });

  test('fetching a served pack reads the manifest, then every listed file; a missing file says which', async () => {
    const served: Record<string, Uint8Array> = {
      '/p/manifest.json': enc(JSON.stringify(manifest)),
      '/p/encoder.onnx': new Uint8Array([9]),
      '/p/exemplars.bin': new Uint8Array([8, 7]),
    };
    const fakeFetch = (async (url: string) => {
      const body = served[url];
      return body ? new Response(body.slice().buffer) : new Response("nope", { status: 404 });
    }) as typeof fetch;
    const source = await fetchPack('/p', fakeFetch);
    expect(Array.from(source.files['exemplars.bin'] ?? [])).toEqual([8, 7]);
    delete served['/p/exemplars.bin'];
    await expect(fetchPack('/p/', fakeFetch)).rejects.toThrow(/exemplars\.bin: HTTP 404/);
  });
});
