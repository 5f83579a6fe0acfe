/**
 * The pack store: a pack the user loads becomes active only once it is read, checked and opened;
 * a broken one leaves the working pack active and says what is wrong. Run on a Node host of the
 * same pipeline code the scoring worker runs (pack reading, the manifest schema, hashes, the ONNX
 * graphs on onnxruntime-web's WASM), with the bundled pack's real files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { PackScorer, writtenOverFirstRow } from '../pipeline/aqa/packScorer.ts';
import { ortWebSessionFactory } from '../pipeline/aqa/ortWebSession.ts';
import { packFromUserFiles } from '../pipeline/packs/source.ts';
import { setPackLoader, trainingLabel, usePackStore } from './packStore.ts';

const PACK_DIR = join(import.meta.dirname, '../../models/hpmcore-pose-sim');
const FULL_PACK_DIR = join(import.meta.dirname, '../../models/hpmcore-full-sim');
const BUNDLED = JSON.parse(readFileSync(join(PACK_DIR, 'manifest.json'), 'utf8')) as { id: string; version: string; name: string };
const KEY = `user:${BUNDLED.id}@${BUNDLED.version}`;
const OTHER_VERSION = '9.9.9';
const OTHER_KEY = `user:${BUNDLED.id}@${OTHER_VERSION}`;
const opened: PackScorer[] = [];

/** The bundled pack's files as a user's folder pick gives them, with optional changes. */
function packFolder(folder: string, change: (name: string, bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (_, b) => b, dir = PACK_DIR): File[] {
  return readdirSync(dir).map((name) => {
    const file = new File([change(name, new Uint8Array(readFileSync(join(dir, name))))], name);
    Object.defineProperty(file, 'webkitRelativePath', { value: `${folder}/${name}` });
    return file;
  });
}

function withManifest(edit: (manifest: Record<string, unknown>) => void) {
  return (name: string, bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
    if (name !== 'manifest.json') return bytes;
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    edit(manifest);
    return new TextEncoder().encode(JSON.stringify(manifest));
  };
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  setPackLoader(async (source) => {
    if (source.kind !== 'user') throw new Error('this host reads only packs given as files');
    const scorer = await PackScorer.open(await packFromUserFiles(source.files), ortWebSessionFactory(ort, 'wasm'));
    opened.push(scorer);
    return { manifest: scorer.manifest, exemplars: scorer.exemplars, provider: 'wasm', providerNote: null, exemplarSkeletons: scorer.hasExemplarSkeletons };
  });
});

afterAll(async () => {
  setPackLoader(null);
  await Promise.all(opened.map((s) => s.release()));
});

beforeEach(() => usePackStore.setState({ packs: [], active: null, status: 'idle', loadingLabel: null, error: null, generation: 0 }));

describe('pack store', () => {
  test('a pack folder becomes active under the id and version its manifest states, labelled as trained on simulated dives', async () => {
    await usePackStore.getState().loadUserPack(packFolder('my-pack'));
    const s = usePackStore.getState();
    expect(s.error).toBeNull();
    expect(s.status).toBe('ready');
    expect(s.active?.key).toBe(KEY);
    expect(s.active?.exemplars.length).toBeGreaterThan(100);
    expect(s.packs.map((p) => p.key)).toEqual([KEY]);
    expect(s.generation).toBe(1);
    expect(trainingLabel(s.active!.manifest)).toMatch(/simulated/i);
  }, 60_000);

  test('a damaged pack is refused with the field named, and the working pack stays active', async () => {
    await usePackStore.getState().loadUserPack(packFolder('good'));
    await usePackStore.getState().loadUserPack(packFolder('no-graphs', withManifest((m) => delete m.graphs)));
    const s = usePackStore.getState();
    expect(s.error).toMatch(/graphs/);
    expect(s.error).toContain(`still using ${BUNDLED.name} ${BUNDLED.version}`);
    expect(s.status).toBe('ready');
    expect(s.active?.key).toBe(KEY);
    expect(s.generation).toBe(1);
    expect(s.packs).toHaveLength(1);
  }, 60_000);

  test('a file that does not match its manifest hash is refused before any graph is opened; with no working pack the store says error', async () => {
    await usePackStore.getState().loadUserPack(packFolder('tampered', (name, bytes) => (name === 'exemplars.bin' ? bytes.map((b, i) => (i === 100 ? b ^ 0xff : b)) : bytes)));
    const s = usePackStore.getState();
    expect(s.status).toBe('error');
    expect(s.active).toBeNull();
    expect(s.error).toMatch(/exemplars\.bin/);
  }, 60_000);

  test('two packs: switching activates the other and bumps the generation; choosing the active one again does nothing', async () => {
    const store = usePackStore.getState;
    await store().loadUserPack(packFolder('a'));
    await store().loadUserPack(packFolder('b', withManifest((m) => (m.version = OTHER_VERSION))));
    expect(store().error ?? '').toBe('');
    expect(store().packs.map((p) => p.key)).toEqual([KEY, OTHER_KEY]);
    expect(store().active?.key).toBe(OTHER_KEY);
    await store().activate(KEY);
    expect([store().active?.key, store().generation]).toEqual([KEY, 3]);
    await store().activate(KEY);
    expect(store().generation).toBe(3);
    await store().restart();
    expect([store().active?.key, store().generation]).toEqual([KEY, 4]);
  }, 120_000);

  test('a bank whose exemplars were written over the first one\'s place gives no skeleton, rather than a wrong one', async () => {
    const row = 4;
    expect(writtenOverFirstRow(Int16Array.from([1, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]), row)).toBe(true);
    expect(writtenOverFirstRow(Int16Array.from([1, 2, 0, 3, 0, 0, 5, 0, 0, 0, 0, 0]), row)).toBe(false);
    expect(writtenOverFirstRow(Int16Array.from([0, 0, 0, 0, 0, 0, 0, 0]), row)).toBe(false);
    expect(writtenOverFirstRow(Int16Array.from([1, 2, 3, 4]), row)).toBe(false); // one exemplar: nothing to tell
    // Both bundled packs' skeletons were written again from their training data (2026-12-06,
    // training/export/bankPosesCli.ts): every exemplar comes with a skeleton of its own.
    for (const dir of [FULL_PACK_DIR, PACK_DIR]) {
      const scorer = await PackScorer.open(await packFromUserFiles(packFolder('bundled', undefined, dir)), ortWebSessionFactory(ort, 'wasm'));
      opened.push(scorer);
      expect(scorer.exemplars.length, dir).toBeGreaterThan(100);
      expect(scorer.hasExemplarSkeletons, dir).toBe(true);
      const skeletons = scorer.exemplars.map((_, i) => scorer.exemplarPoses(i));
      expect(skeletons.every((p) => p !== null && p.poses.some((v) => v !== 0)), dir).toBe(true);
      expect(new Set(skeletons.map((p) => Array.from(p?.poses ?? []).join(','))).size, dir).toBe(scorer.exemplars.length);
    }
  });
});
