/**
 * Saved analyses: listed from storage, reopened (asking for the clip when it is not stored), saved
 * again after an edit, a damaged record listed but never opened, delete and undo taking the clip
 * along, the session CSV. IndexedDB is fake-indexeddb (a complete implementation for Node).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, test } from 'vitest';
import { sampleRecord } from '../export/pdf/reportFixture.ts';
import { validateExemplarIndex, validateManifest } from '../pipeline/aqa/pack.ts';
import type { AnalysisRecord } from '../pipeline/analysis/record.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { usePackStore } from './packStore.ts';
import { useSessionStore } from './sessionStore.ts';
import { db } from './storage.ts';

const PACK_DIR = join(import.meta.dirname, '../../models/hpmcore-pose-sim');

function bundledPack() {
  const manifest = validateManifest(JSON.parse(readFileSync(join(PACK_DIR, 'manifest.json'), 'utf8')));
  if (!manifest.ok) throw new Error(manifest.errors.join('; '));
  const exemplars = validateExemplarIndex(JSON.parse(readFileSync(join(PACK_DIR, 'exemplars.json'), 'utf8')), manifest.value);
  if (!exemplars.ok) throw new Error(exemplars.errors.join('; '));
  return { key: 'models/hpmcore-pose-sim/', manifest: manifest.value, exemplars: exemplars.value, provider: 'wasm' as const, providerNote: null, exemplarSkeletons: false };
}

function record(id: string, createdAt: string): AnalysisRecord {
  return { ...sampleRecord(), id, createdAt, updatedAt: createdAt };
}

const session = useSessionStore.getState;

beforeEach(async () => {
  const store = await db();
  await Promise.all([store.clear('analyses'), store.clear('clips')]);
  useSessionStore.setState({ listings: [], status: 'idle', current: null, clipMissing: null, savedAt: null, busy: null, message: null, error: null, lastDeleted: null });
  usePackStore.setState({ active: bundledPack() });
});

describe('session store', () => {
  test('a saved analysis is listed, reopens without its clip (the relink prompt), and saving it again loses nothing', async () => {
    const saved = record('r1', '2026-12-01T09:00:00.000Z');
    await (await db()).put('analyses', saved);
    await session().load();
    expect(session().listings.map((l) => [l.id, l.fileName, l.diveCode, l.damaged])).toEqual([['r1', saved.clip.fileName, '407C', null]]);

    expect(await session().open('r1')).toBe(true);
    expect(session().current?.id).toBe('r1');
    expect(session().clipMissing?.fileName).toBe(saved.clip.fileName);
    expect(useAnalysisStore.getState().transitions).toEqual(saved.stages?.used);

    await session().save();
    const stored = await (await db()).get('analyses', 'r1');
    expect(stored?.stages).toEqual(saved.stages);
    expect(stored?.summary?.predictedScore).toBe(saved.summary?.predictedScore);
    expect(stored?.voting).toEqual(saved.voting);
    expect(stored?.dive).toMatchObject({ code: saved.dive.code, height: saved.dive.height, dd: saved.dive.dd });
    expect([stored?.clip, stored?.createdAt]).toEqual([saved.clip, saved.createdAt]);
    expect(stored !== undefined && stored.updatedAt > saved.updatedAt).toBe(true);
    expect(session().savedAt).toBe(stored?.updatedAt);
    expect(session().listings).toHaveLength(1);
  });

  test('a damaged saved record is listed as damaged, is not opened (the message names the field), and can be deleted', async () => {
    const store = await db();
    await store.put('analyses', { ...record('bad', '2026-12-01T09:00:00.000Z'), dive: { code: 42 } } as unknown as AnalysisRecord); // a record an older version wrote wrongly
    await session().load();
    const listing = session().listings[0];
    expect(listing?.id).toBe('bad');
    expect(listing?.damaged).toMatch(/dive/);
    expect(await session().open('bad')).toBe(false);
    expect(session().error).toMatch(/damaged \(.*dive.*\)/);
    await session().remove('bad');
    expect(session().listings).toEqual([]);
    expect(await store.get('analyses', 'bad')).toBeUndefined();
  });

  test('delete takes the stored clip with it; undo brings both back', async () => {
    const store = await db();
    await store.put('analyses', record('r2', '2026-12-01T09:00:00.000Z'));
    await store.put('clips', { id: 'r2', fileName: 'dive.mp4', blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'video/mp4' }) });
    await session().load();
    await session().remove('r2');
    expect(session().listings).toEqual([]);
    expect(session().message).toMatch(/Deleted the analysis of/);
    expect([await store.get('analyses', 'r2'), await store.get('clips', 'r2')]).toEqual([undefined, undefined]);
    await session().undoRemove();
    expect(session().listings.map((l) => l.id)).toEqual(['r2']);
    expect(session().message).toMatch(/Restored/);
    expect((await store.get('analyses', 'r2'))?.id).toBe('r2');
    expect((await store.get('clips', 'r2'))?.fileName).toBe('dive.mp4');
    expect(session().lastDeleted).toBeNull();
  });

  test('the session CSV has one row per readable analysis, oldest first, and leaves damaged ones out', async () => {
    const store = await db();
    await store.put('analyses', record('late', '2026-12-02T09:00:00.000Z'));
    await store.put('analyses', record('early', '2026-12-01T09:00:00.000Z'));
    await store.put('analyses', { id: 'bad', format: 'divejudge.analysis/1' } as unknown as AnalysisRecord); // damaged on purpose
    const rows = parse(await session().csv(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => Object.values(r).join(' '))).toEqual([expect.stringContaining('2026-12-01'), expect.stringContaining('2026-12-02')]);
  });
});
