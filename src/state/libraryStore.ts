/**
 * The personal exemplar library: dives a coach added with their official scores, kept in
 * IndexedDB, with stage features for each pack they met (computed in the scoring worker from the
 * saved pose, splash and stages, and the clip for packs that look at pixels). The worker holds the
 * entries that have features for the active pack; they vote like the pack's own exemplars (same
 * dive number, taken first), except on the very clip they were made from.
 */
import { clipPoseInputOf } from '../pipeline/pose/packed.ts';
import { create } from 'zustand';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { importClient } from './importClient.ts';
import { heightMetres } from '../domain/index.ts';
import { clipRecordOf, packedPoseOf, poseRecordOf, type SplashRecord } from '../pipeline/analysis/record.ts';
import type { FrameTransitions } from '../pipeline/aqa/stages.ts';
import type { ReplayLeftOut } from '../pipeline/aqa/replays.ts';
import { checkLibraryEntry, ExemplarInputError, LIBRARY_FORMAT, LIBRARY_ZIP_LIMIT, newLibraryEntry, packFeatureKey, type LibraryEntry, type LibraryFile } from '../pipeline/analysis/library.ts';
import type { LibraryExemplar } from '../pipeline/aqa/packScorer.ts';
import { WorkerJobError } from '../workers/client.ts';
import { aqaClient } from './aqaClient.ts';
import { useClipStore } from './clipStore.ts';
import { useDiveStore } from './diveStore.ts';
import { usePackStore } from './packStore.ts';
import { usePoseStore } from './poseStore.ts';
import { useSettingsStore } from './settingsStore.ts';
import { db, deleteWithClip, libraryClipId, restoreWithClip, storageProblem, type Deleted } from './storage.ts';

interface LibraryState {
  entries: LibraryEntry[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Entries the scoring worker holds for the active pack, in bank order after the pack's. */
  synced: LibraryEntry[];
  syncedPackKey: string | null;
  busy: string | null;
  message: string | null;
  error: string | null;
  lastDeleted: Deleted<LibraryEntry> | null;
  /** Stored entries that fail the library schema (saved by an older version): kept out of the vote, removable. */
  damaged: Array<{ id: string; problems: string }>;
  load(): Promise<void>;
  removeDamaged(): Promise<void>;
  /** The analysed clip on screen (its splash and stages as analysed, null when not analysed), with its official score (or awards). */
  addCurrent(input: { officialScore: number | null; awards: number[]; analysis: { splash: SplashRecord | null; stages: FrameTransitions; replay: ReplayLeftOut | null; slowdown: number | null } | null }): Promise<boolean>;
  remove(id: string): Promise<void>;
  undoRemove(): Promise<void>;
  exportFile(): Promise<Blob>;
  importFile(file: File): Promise<void>;
  /** Features for the active pack where missing, then the worker's copy (the analysis store rescores when it changes). */
  sync(): Promise<void>;
  dismiss(): void;
}

function errorText(error: unknown): string {
  if (error instanceof WorkerJobError || error instanceof ExemplarInputError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

let syncRun = 0;


export const useLibraryStore = create<LibraryState>()((set, get) => ({
  entries: [],
  status: 'idle',
  synced: [],
  syncedPackKey: null,
  busy: null,
  message: null,
  error: null,
  lastDeleted: null,
  damaged: [],

  async load() {
    if (get().status !== 'idle') return;
    set({ status: 'loading' });
    try {
      const store = await db();
      const [keys, stored] = await Promise.all([store.getAllKeys('library'), store.getAll('library')]);
      const entries: LibraryEntry[] = [];
      const damaged: Array<{ id: string; problems: string }> = [];
      stored.forEach((value, i) => {
        const checked = checkLibraryEntry(value);
        if (checked.ok) entries.push(checked.entry);
        else damaged.push({ id: String(keys[i]), problems: checked.problems });
      });
      entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      set({ entries, damaged, status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: `Your exemplar library could not be read: ${storageProblem(error)}.` });
    }
  },

  async addCurrent(input) {
    const { analysis } = input;
    const clip = useClipStore.getState().clip;
    const pose = usePoseStore.getState().sequence;
    const dive = useDiveStore.getState().dive;
    const metres = heightMetres(dive.height);
    if (!clip || !pose || !analysis) {
      set({ error: 'Analyse a clip before adding it to your library.' });
      return false;
    }
    if (!dive.code || dive.dd === null || metres === null) {
      set({ error: 'Enter a valid dive number and height first: an exemplar votes only for the same dive.' });
      return false;
    }
    let entry: LibraryEntry;
    try {
      entry = newLibraryEntry({
        id: crypto.randomUUID(),
        createdAt: new Date().toISOString(),
        diveNumber: dive.code,
        heightMetres: metres,
        dd: dive.dd,
        officialScore: input.officialScore,
        awards: input.awards,
        clip: clipRecordOf(clip),
        pose: poseRecordOf(pose),
        splash: analysis.splash ? { ...analysis.splash, trace: [...analysis.splash.trace] } : null,
        stages: { ...analysis.stages },
        replay: analysis.replay,
        slowdown: analysis.slowdown,
      });
    } catch (error) {
      set({ error: errorText(error) });
      return false;
    }
    set({ busy: 'Computing the exemplar’s features', error: null, message: null });
    try {
      await computeFeatures(entry, clip.file);
      const store = await db();
      await store.put('library', entry);
      let clipNote = '';
      try {
        await store.put('clips', { id: libraryClipId(entry.id), fileName: clip.info.name, blob: clip.file });
      } catch (error) {
        clipNote = ` Its video could not be kept (${storageProblem(error)}): comparisons will show its skeleton only.`;
      }
      set({ entries: [...get().entries, entry], busy: null, message: `Added ${entry.record.diveNumber} (${entry.record.officialScore.toFixed(2)}) to your library. It votes for other clips of this dive, not for the clip it came from.${clipNote}` });
      await get().sync();
      return true;
    } catch (error) {
      set({ busy: null, error: `The exemplar could not be added: ${errorText(error)}` });
      return false;
    }
  },

  async removeDamaged() {
    try {
      const store = await db();
      for (const { id } of get().damaged) {
        await store.delete('library', id);
        await store.delete('clips', libraryClipId(id));
      }
      set({ message: `Removed ${get().damaged.length} damaged exemplar${get().damaged.length === 1 ? '' : 's'}.`, damaged: [] });
    } catch (error) {
      set({ error: `Could not remove them: ${storageProblem(error)}.` });
    }
  },

  async remove(id) {
    const entry = get().entries.find((e) => e.id === id);
    if (!entry) return;
    try {
      const deleted = await deleteWithClip('library', id, libraryClipId(id));
      set({ entries: get().entries.filter((e) => e.id !== id), lastDeleted: deleted ?? { value: entry, clip: undefined }, message: `Removed ${entry.record.diveNumber} (${entry.clip.fileName}) from your library.`, error: null });
      await get().sync();
    } catch (error) {
      set({ error: `Could not remove it: ${storageProblem(error)}.` });
    }
  },

  async undoRemove() {
    const deleted = get().lastDeleted;
    if (!deleted) return;
    try {
      await restoreWithClip('library', deleted);
      const entries = [...get().entries, deleted.value].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      set({ entries, lastDeleted: null, message: `Restored ${deleted.value.record.diveNumber} (${deleted.value.clip.fileName}).` });
      await get().sync();
    } catch (error) {
      set({ error: `Could not restore it: ${storageProblem(error)}.` });
    }
  },

  async exportFile() {
    const store = await db();
    const entries = get().entries;
    const file: LibraryFile = { format: LIBRARY_FORMAT, exportedAt: new Date().toISOString(), entries };
    const zip: Zippable = { 'library.json': strToU8(JSON.stringify(file)) };
    for (const entry of entries) {
      const clip = await store.get('clips', libraryClipId(entry.id));
      if (clip) zip[`clips/${entry.id}`] = [new Uint8Array(await clip.blob.arrayBuffer()), { level: 0 }];
    }
    return new Blob([zipSync(zip)], { type: 'application/zip' });
  },

  async importFile(file) {
    set({ busy: `Importing ${file.name}`, error: null, message: null });
    try {
      if (file.size > LIBRARY_ZIP_LIMIT) throw new ExemplarInputError(`${file.name} is ${(file.size / 2 ** 30).toFixed(1)} GB, more than a library file may be (${LIBRARY_ZIP_LIMIT / 2 ** 30} GB); it was not read.`);
      // Unzipped (bounded) and checked in the import worker: a zip bomb never reaches the page.
      const read = await importClient().run({ kind: 'library', file }).promise;
      if (read.kind !== 'library') throw new Error('unexpected answer from the import worker');
      const parsed = read.library;
      const known = new Set(get().entries.map((e) => e.id));
      const fresh = parsed.entries.filter((e) => !known.has(e.id));
      const store = await db();
      for (const entry of fresh) {
        await store.put('library', entry);
        const clip = read.clips[entry.id];
        if (clip) await store.put('clips', { id: libraryClipId(entry.id), fileName: entry.clip.fileName, blob: new Blob([new Uint8Array(clip)], { type: 'video/mp4' }) });
      }
      const entries = [...get().entries, ...fresh].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const skipped = parsed.entries.length - fresh.length;
      set({ entries, busy: null, message: `Imported ${fresh.length} exemplar${fresh.length === 1 ? '' : 's'}${skipped ? ` (${skipped} already in your library)` : ''}.` });
      await get().sync();
    } catch (error) {
      set({ busy: null, error: `The library was not imported: ${errorText(error)}` });
    }
  },

  async sync() {
    const run = ++syncRun;
    const pack = usePackStore.getState().active;
    if (!pack) return;
    const key = packFeatureKey(pack.manifest);
    const missing = get().entries.filter((e) => !e.features[key]);
    const problems: string[] = [];
    if (missing.length > 0) {
      set({ busy: `Preparing ${missing.length} library exemplar${missing.length === 1 ? '' : 's'} for this pack` });
      const store = await db();
      for (const entry of missing) {
        try {
          const clip = await store.get('clips', libraryClipId(entry.id));
          await computeFeatures(entry, clip?.blob ?? null);
          await store.put('library', entry);
        } catch (error) {
          problems.push(`${entry.record.diveNumber} (${entry.clip.fileName}): ${errorText(error)}`);
        }
      }
      if (run !== syncRun) return;
      set({ busy: null });
    }
    const usable = get().entries.filter((e) => e.features[key]);
    const library: LibraryExemplar[] = usable.map((e) => {
      const f = e.features[key] as NonNullable<LibraryEntry['features'][string]>;
      return { record: { ...e.record, transitions: f.boundaries }, fused: Float32Array.from(f.fused), static: f.static ? Float32Array.from(f.static) : null };
    });
    try {
      await aqaClient(useSettingsStore.getState().inferenceProvider).run({ kind: 'set-library', library }).promise;
    } catch (error) {
      if (run === syncRun) set({ error: `Your library could not join the vote: ${errorText(error)}` });
      return;
    }
    if (run !== syncRun || usePackStore.getState().active?.key !== pack.key) return;
    // The analysis store follows `synced` and rescores the clip on screen (connectAnalysis).
    set({ synced: usable, syncedPackKey: pack.key, ...(problems.length ? { error: `Some library exemplars cannot vote with this pack: ${problems.join('; ')}` } : {}) });
  },

  dismiss() {
    set({ message: null, error: null, lastDeleted: null });
  },
}));

/** Features for the active pack, written into the entry. */
async function computeFeatures(entry: LibraryEntry, file: Blob | null): Promise<void> {
  const pack = usePackStore.getState().active;
  if (!pack) throw new Error('no model pack is active');
  const pose = packedPoseOf(entry.pose);
  const result = await aqaClient(useSettingsStore.getState().inferenceProvider).run({
    kind: 'exemplar-features',
    file,
    pose: clipPoseInputOf(pose),
    splash: entry.splash,
    transitions: entry.stages,
    time: { replay: entry.replay ?? null, slowdown: entry.slowdown ?? null },
  }).promise;
  if (result.kind !== 'features') throw new Error('unexpected answer from the scoring worker');
  entry.features[packFeatureKey(pack.manifest)] = { fused: Array.from(result.fused), static: result.static ? Array.from(result.static) : null, boundaries: result.boundaries, frames: result.frames };
}

/** Keeps the worker's library in step with the active pack. */
export function connectLibrary(): () => void {
  void useLibraryStore.getState().load().then(() => useLibraryStore.getState().sync());
  return usePackStore.subscribe((s, before) => {
    if (s.generation !== before.generation) {
      useLibraryStore.setState({ synced: [], syncedPackKey: null });
      void useLibraryStore.getState().sync();
    }
  });
}
