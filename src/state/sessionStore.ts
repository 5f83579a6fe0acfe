/**
 * Saved analyses: every analysis is saved in IndexedDB as soon as it has a score (and again after
 * each edit), listed in the session panel, reopened with one click, and the last one comes back
 * when the page is reloaded. The clip is stored beside it when the browser allows; when it cannot
 * (quota, an imported JSON), the analysis opens without its video and the user relinks the file.
 */
import { create } from 'zustand';
import { checkAnalysisRecord, damagedListing, listingOf, packedPoseOf, AnalysisFileError, type AnalysisListing, type AnalysisRecord, type ClipRecord } from '../pipeline/analysis/record.ts';
import { importClient } from './importClient.ts';
import { sessionCsv } from '../export/csv/csv.ts';
import { currentRecord } from './analysisRecord.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { clipRequestCount, useClipStore } from './clipStore.ts';
import { useDiveStore } from './diveStore.ts';
import { seedPoseForFile, usePoseStore } from './poseStore.ts';
import { db, deleteWithClip, restoreWithClip, storageProblem, type Deleted } from './storage.ts';

export const LAST_ANALYSIS_KEY = 'divejudge.lastAnalysis';

interface CurrentSave {
  id: string;
  createdAt: string;
  clip: ClipRecord | null;
  /** The clip blob is in IndexedDB (or could not be stored: false). */
  clipStored: boolean;
}

interface SessionState {
  listings: AnalysisListing[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  current: CurrentSave | null;
  /** A reopened analysis whose clip is not available: its details, for the relink prompt. */
  clipMissing: ClipRecord | null;
  savedAt: string | null;
  busy: string | null;
  message: string | null;
  error: string | null;
  lastDeleted: Deleted<AnalysisRecord> | null;
  load(): Promise<void>;
  save(): Promise<void>;
  /** Shows a saved analysis; false when it could not be or another clip was opened meanwhile. `unlessClipChosen`: the start-up reopen, which gives way to any clip the user opens. */
  open(id: string, options?: { unlessClipChosen?: boolean }): Promise<boolean>;
  /** A JSON export, back in the app (its clip comes from storage when the same analysis is there). */
  importJson(file: File): Promise<boolean>;
  /** The user points at the clip of the reopened analysis. */
  relink(file: File): Promise<boolean>;
  remove(id: string): Promise<void>;
  undoRemove(): Promise<void>;
  csv(): Promise<string>;
  /** The record of the analysis on screen, fresh from the stores. */
  record(): AnalysisRecord | null;
  dismiss(): void;
}

let restoring = false;
/** The analysis on screen was deleted by the user: do not save it again until a new analysis starts. */
let deletedOnScreen = false;

function rememberLast(id: string | null): void {
  try {
    if (id) localStorage.setItem(LAST_ANALYSIS_KEY, id);
    else localStorage.removeItem(LAST_ANALYSIS_KEY);
  } catch {
    // Storage refused: the analysis is still saved, it just will not reopen by itself.
  }
}

/** The analysis to reopen on start; null when there is none or the browser refuses storage. */
function lastRemembered(): string | null {
  try {
    return localStorage.getItem(LAST_ANALYSIS_KEY);
  } catch {
    return null;
  }
}

function sortListings(listings: AnalysisListing[]): AnalysisListing[] {
  return [...listings].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export const useSessionStore = create<SessionState>()((set, get) => ({
  listings: [],
  status: 'idle',
  current: null,
  clipMissing: null,
  savedAt: null,
  busy: null,
  message: null,
  error: null,
  lastDeleted: null,

  async load() {
    set({ status: 'loading' });
    try {
      const store = await db();
      const [keys, records] = await Promise.all([store.getAllKeys('analyses'), store.getAll('analyses')]);
      // Stored records are checked like imported files: one saved by an older version with fields
      // it never checked is listed as damaged (removable), never opened or rendered.
      const listings = records.map((value, i) => {
        const checked = checkAnalysisRecord(value);
        return checked.ok ? listingOf(checked.record) : { ...damagedListing(value, checked.problems), id: String(keys[i]) };
      });
      set({ listings: sortListings(listings), status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: `Saved analyses cannot be read: ${storageProblem(error)}. New analyses will not be saved.` });
    }
  },

  record() {
    const current = get().current ?? { id: 'unsaved', createdAt: new Date().toISOString(), clip: null, clipStored: false };
    return currentRecord(current);
  },

  async save() {
    if (deletedOnScreen) return;
    const clip = useClipStore.getState().clip;
    let current = get().current;
    if (!current) {
      current = { id: crypto.randomUUID(), createdAt: new Date().toISOString(), clip: null, clipStored: false };
      set({ current });
    }
    const record = currentRecord(current);
    if (!record) return;
    try {
      const store = await db();
      await store.put('analyses', record);
      let clipStored = current.clipStored;
      let note: string | null = null;
      if (!clipStored && clip) {
        try {
          await store.put('clips', { id: record.id, fileName: record.clip.fileName, blob: clip.file });
          clipStored = true;
        } catch (error) {
          note = `The analysis is saved, but not its clip (${storageProblem(error)}): reopening it will ask for the file.`;
        }
      }
      if (get().current?.id !== record.id) return;
      rememberLast(record.id);
      const listings = sortListings([...get().listings.filter((l) => l.id !== record.id), listingOf(record)]);
      set({ current: { ...current, clip: record.clip, clipStored }, listings, savedAt: record.updatedAt, ...(note ? { message: note } : {}) });
    } catch (error) {
      set({ error: `This analysis could not be saved: ${storageProblem(error)}. It stays on screen; export it as JSON to keep it.` });
    }
  },

  async open(id, options) {
    const requestsBefore = clipRequestCount();
    set({ busy: 'Opening the saved analysis', error: null, message: null });
    try {
      const store = await db();
      const stored = await store.get('analyses', id);
      if (!stored) throw new AnalysisFileError('That saved analysis is no longer there.');
      const checked = checkAnalysisRecord(stored);
      if (!checked.ok) {
        if (lastRemembered() === id) rememberLast(null);
        throw new AnalysisFileError(`it is damaged (${checked.problems}), so it was not opened. Delete it from Saved analyses (×); nothing else is affected.`);
      }
      const record = checked.record;
      const clip = await store.get('clips', id);
      if (options?.unlessClipChosen && (clipRequestCount() !== requestsBefore || useClipStore.getState().clip)) {
        set({ busy: null });
        return false;
      }
      const shown = await showRecord(record, clip?.blob ?? null);
      set({ busy: null });
      return shown;
    } catch (error) {
      set({ busy: null, error: `The analysis could not be opened: ${error instanceof Error ? error.message : String(error)}` });
      return false;
    }
  },

  async importJson(file) {
    set({ busy: `Importing ${file.name}`, error: null, message: null });
    try {
      // Read and checked in the import worker: a large or hostile file never freezes the page.
      const read = await importClient().run({ kind: 'analysis', file }).promise;
      if (read.kind !== 'analysis') throw new Error('unexpected answer from the import worker');
      const parsed = read.record;
      const store = await db();
      // An import never overwrites a saved analysis: one with the same id comes in as a copy (with
      // no clip: the stored clip belongs to the saved analysis, not to what the file says).
      const clash = (await store.get('analyses', parsed.id)) !== undefined;
      const record: AnalysisRecord = { ...parsed, id: clash ? crypto.randomUUID() : parsed.id, importedFrom: file.name };
      const clip = clash ? undefined : await store.get('clips', record.id);
      await store.put('analyses', record);
      set({ listings: sortListings([...get().listings.filter((l) => l.id !== record.id), listingOf(record)]) });
      const shown = await showRecord(record, clip?.blob ?? null);
      const copy = clash ? ' as a copy (an analysis with its id is already saved; that one is unchanged)' : '';
      set({ busy: null, message: shown ? `Imported the analysis of ${record.clip.fileName}${copy}.` : `Imported the analysis of ${record.clip.fileName}${copy}; it is in the list (another clip was opened meanwhile).` });
      return true;
    } catch (error) {
      // A bad file changes nothing: the analysis on screen stays.
      set({ busy: null, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  },

  async relink(file) {
    const missing = get().clipMissing;
    if (!missing || !get().current) return false;
    // What is on screen first: saves are debounced, so the stored record can lag an edit or a
    // rescore made just before the relink (CI saw a relink bring back the score of the vote before).
    await get().save();
    const current = get().current;
    if (!current) return false;
    const record = await db().then((s) => s.get('analyses', current.id)).catch(() => undefined);
    if (!record) return false;
    const sameSize = file.size === missing.bytes;
    if (!(await showRecord(record, file, file.name))) return false;
    const loaded = useClipStore.getState().clip;
    if (!loaded) return false;
    const sameFrames = loaded.info.frameCount === missing.frameCount;
    set({ message: sameSize && sameFrames ? `Relinked ${file.name}.` : `Relinked ${file.name}, but it is not the same file as the analysed one (${missing.fileName}, ${missing.frameCount} frames): the skeleton may not match the video.` });
    try {
      await (await db()).put('clips', { id: current.id, fileName: file.name, blob: file });
      set({ current: { ...current, clipStored: true } });
    } catch {
      // Kept for this visit only; the analysis itself is saved.
    }
    return true;
  },

  async remove(id) {
    try {
      const deleted = await deleteWithClip('analyses', id, id);
      if (get().current?.id === id) {
        deletedOnScreen = true;
        set({ current: null, savedAt: null });
      }
      if (lastRemembered() === id) rememberLast(null);
      const name = get().listings.find((l) => l.id === id)?.fileName ?? 'the analysis';
      set({ listings: get().listings.filter((l) => l.id !== id), lastDeleted: deleted, message: deleted ? `Deleted the analysis of ${name}.` : null });
    } catch (error) {
      set({ error: `Could not delete it: ${storageProblem(error)}.` });
    }
  },

  async undoRemove() {
    const deleted = get().lastDeleted;
    if (!deleted) return;
    try {
      await restoreWithClip('analyses', deleted);
      const checked = checkAnalysisRecord(deleted.value);
      const listing = checked.ok ? listingOf(checked.record) : { ...damagedListing(deleted.value, checked.problems), id: String(deleted.value.id) };
      set({ listings: sortListings([...get().listings, listing]), lastDeleted: null, message: `Restored the analysis of ${listing.fileName}.` });
      if (deletedOnScreen) {
        deletedOnScreen = false;
        set({ current: { id: deleted.value.id, createdAt: deleted.value.createdAt, clip: deleted.value.clip, clipStored: deleted.clip !== undefined } });
      }
    } catch (error) {
      set({ error: `Could not restore it: ${storageProblem(error)}.` });
    }
  },

  async csv() {
    const records = (await (await db()).getAll('analyses')).flatMap((value) => {
      const checked = checkAnalysisRecord(value);
      return checked.ok ? [checked.record] : [];
    });
    records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return sessionCsv(records);
  },

  dismiss() {
    set({ message: null, error: null, lastDeleted: null });
  },
}));

/**
 * Puts a saved analysis on screen: its dive, its clip (when there is one: the pose is reused, not
 * recomputed), its pose, stages, votes and score as saved.
 */
async function showRecord(record: AnalysisRecord, clipBlob: Blob | null, fileName = record.clip.fileName): Promise<boolean> {
  restoring = true;
  try {
    const pose = record.pose ? packedPoseOf(record.pose) : null;
    let clipShown = false;
    if (clipBlob) {
      const file = clipBlob instanceof File ? clipBlob : new File([clipBlob], fileName, { type: clipBlob.type || 'video/mp4' });
      if (pose) seedPoseForFile(file, pose, record.encoded !== null);
      const request = clipRequestCount() + 1;
      clipShown = await useClipStore.getState().loadFile(file);
      if (clipRequestCount() !== request) {
        // The user opened another clip while this one was read: theirs wins, and it is a new analysis.
        useSessionStore.setState({ current: null, clipMissing: null, savedAt: null });
        deletedOnScreen = false;
        return false;
      }
    }
    useDiveStore.getState().setDive(record.dive.code, record.dive.height);
    if (!clipShown) useClipStore.getState().unload();
    const clip = useClipStore.getState().clip;
    if (pose) usePoseStore.getState().restore(pose, clip?.url ?? null, record.encoded !== null);
    else usePoseStore.getState().reset();
    useAnalysisStore.getState().applyRecord(record);
    useSessionStore.setState({ current: { id: record.id, createdAt: record.createdAt, clip: record.clip, clipStored: clipShown && clipBlob !== null }, clipMissing: clipShown ? null : record.clip, savedAt: record.updatedAt });
    rememberLast(record.id);
    deletedOnScreen = false;
    return true;
  } finally {
    restoring = false;
  }
}

/**
 * Saves after every change worth keeping (a score, an edit, a new dive), and starts a new saved
 * analysis when a new clip is loaded. Reopens the last analysis on start.
 */
/** Saved analyses by id, each checked by the analysis schema; missing or damaged ones are left out. */
export async function savedRecords(ids: readonly string[]): Promise<Map<string, AnalysisRecord>> {
  const store = await db();
  const out = new Map<string, AnalysisRecord>();
  for (const id of ids) {
    const checked = checkAnalysisRecord(await store.get('analyses', id));
    if (checked.ok) out.set(id, checked.record);
  }
  return out;
}

export function connectSessions(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void useSessionStore.getState().save(), 250);
  };
  const stops = [
    useClipStore.subscribe((s, before) => {
      if (s.clip !== before.clip && !restoring) {
        deletedOnScreen = false;
        useSessionStore.setState({ current: null, clipMissing: null, savedAt: null });
      }
    }),
    useAnalysisStore.subscribe((s, before) => {
      if (restoring) return;
      if (s.status === 'running' && before.status !== 'running') deletedOnScreen = false;
      if (s.status === 'scored' && (s.summary !== before.summary || s.transitions !== before.transitions || s.status !== before.status)) schedule();
    }),
  ];
  void useSessionStore.getState().load().then(() => {
    const last = lastRemembered();
    if (last && !useClipStore.getState().clip && useSessionStore.getState().listings.some((l) => l.id === last)) void useSessionStore.getState().open(last, { unlessClipChosen: true });
  });
  return () => {
    clearTimeout(timer);
    stops.forEach((stop) => stop());
  };
}
