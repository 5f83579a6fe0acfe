/**
 * A session of clips: the dive sheet (imported or typed), the clip matched to each row, and the
 * queue that analyses them one after another through the app's own workflow — each clip opened,
 * its dive entered, found, scored and saved like one a judge opens by hand — with overall and
 * per-clip progress, pause (after the clip being analysed) and cancel. Each result is saved as it
 * finishes (the analysis in IndexedDB by the session store, its score here, kept in localStorage),
 * so a crash in clip 17 loses nothing of clips 1–16. The clips themselves are not kept here: after a
 * reload, rows that were not analysed yet need their clips again.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import type { Height } from '../domain/index.ts';
import { heightOfText, matchClips, parseDiveSheetCsv, rowProblem, type DiveSheetRow, type RowResult } from '../pipeline/session/diveSheet.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { useClipStore } from './clipStore.ts';
import { useDiveStore } from './diveStore.ts';
import { useLibraryStore } from './libraryStore.ts';
import { usePoseStore } from './poseStore.ts';
import { useSessionStore } from './sessionStore.ts';
import { useSettingsStore } from './settingsStore.ts';

export type RowStatus = 'waiting' | 'running' | 'done' | 'failed';

export interface BatchProgress {
  /** Rows finished (done or failed) in this run, and rows the run takes. */
  finished: number;
  total: number;
  /** The clip being analysed: its fraction and what it is doing. */
  current: { rowId: string; fraction: number; label: string } | null;
}

interface BatchState {
  rows: DiveSheetRow[];
  /** The clip matched to each row (this page only: files are not kept across reloads). */
  clips: Record<string, File>;
  status: Record<string, RowStatus>;
  results: Record<string, RowResult>;
  errors: Record<string, string>;
  /** What the last sheet import or clip match had to say. */
  message: string | null;
  problems: string[];
  running: boolean;
  /** Asked to stop after the clip being analysed. */
  pausing: boolean;
  progress: BatchProgress | null;
  lastRemoved: { row: DiveSheetRow; index: number } | null;

  importSheet(file: File): Promise<void>;
  addRow(): void;
  updateRow(id: string, patch: Partial<Omit<DiveSheetRow, 'id'>>): string | null;
  removeRow(id: string): void;
  undoRemove(): void;
  assignClips(files: File[], by: 'order' | 'name'): void;
  setClip(rowId: string, file: File | null): void;
  start(): Promise<void>;
  pause(): void;
  cancel(): void;
  openResult(rowId: string): Promise<boolean>;
  /** Rows with an official score and a saved analysis become library exemplars; returns how many. */
  addOfficialToLibrary(): Promise<number>;
  clear(): void;
}

/** Waits until `ready()` holds, re-checking on every change of `subscribe`, or `timeoutMs`. */
function until(subscribe: (listener: () => void) => () => void, ready: () => boolean, timeoutMs: number): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(false);
    }, timeoutMs);
    const stop = subscribe(() => {
      if (!ready()) return;
      clearTimeout(timer);
      stop();
      resolve(true);
    });
  });
}

let cancelled = false;

/** One row: open its clip with its dive, analyse, save. Returns the result or why there is none. */
async function analyseRow(row: DiveSheetRow, file: File, onProgress: (fraction: number, label: string) => void): Promise<RowResult | string> {
  // The clip first: a new clip clears the analysis on screen, so entering this row's dive cannot
  // rescore (and re-save) the previous row's analysis as this dive.
  const opened = await useClipStore.getState().loadFile(file);
  const clip = useClipStore.getState().clip;
  if (!opened || !clip) return useClipStore.getState().error?.message ?? `“${file.name}” could not be opened.`;
  useDiveStore.getState().setDive(row.diveNumber, row.height);
  // The app finds the diver on its own when a clip opens (when set to): let that run start first,
  // so the analysis joins it instead of starting a second one.
  if (useSettingsStore.getState().autoPose) await until(usePoseStore.subscribe, () => usePoseStore.getState().clipUrl === clip.url, 5000);
  const stopProgress = useAnalysisStore.subscribe((s) => {
    if (s.progress) onProgress(s.progress.fraction, s.progress.label);
  });
  try {
    await useAnalysisStore.getState().analyze();
  } finally {
    stopProgress();
  }
  const a = useAnalysisStore.getState();
  if (cancelled) return 'cancelled';
  if (a.status !== 'scored' || !a.summary) return a.error ?? a.notice ?? 'The clip was not scored.';
  await useSessionStore.getState().save();
  const saved = useSessionStore.getState().current;
  if (!saved) return useSessionStore.getState().error ?? 'The analysis could not be saved.';
  return { analysisId: saved.id, predictedScore: a.summary.predictedScore, awardEquivalent: a.summary.awardEquivalent };
}

const rowSchema = z.object({
  id: z.string().min(1).max(64),
  diver: z.string().max(80),
  round: z.number().int().min(1).max(20),
  diveNumber: z.string().max(12),
  height: z.custom<Height>((v) => typeof v === 'string' && heightOfText(v) === v),
  awards: z.array(z.number().min(0).max(10)).max(7).nullable(),
  officialScore: z.number().min(0).max(1000).nullable(),
});
const persistedSchema = z.object({
  rows: z.array(rowSchema).max(200),
  status: z.record(z.string(), z.enum(['waiting', 'running', 'done', 'failed'])),
  results: z.record(z.string(), z.object({ analysisId: z.string().min(1), predictedScore: z.number().min(0), awardEquivalent: z.number().min(0).max(10) })),
  errors: z.record(z.string(), z.string().max(500)),
});

export const useBatchStore = create<BatchState>()(
  persist(
    (set, get) => ({
      rows: [],
      clips: {},
      status: {},
      results: {},
      errors: {},
      message: null,
      problems: [],
      running: false,
      pausing: false,
      progress: null,
      lastRemoved: null,

      async importSheet(file) {
        let text: string;
        try {
          text = await file.text();
        } catch (error) {
          set({ message: `“${file.name}” could not be read: ${error instanceof Error ? error.message : String(error)}.`, problems: [] });
          return;
        }
        const { rows, problems } = parseDiveSheetCsv(text);
        if (rows.length === 0) {
          set({ message: `“${file.name}” gave no rows: the sheet you had is unchanged.`, problems });
          return;
        }
        set({ rows, clips: {}, status: Object.fromEntries(rows.map((r) => [r.id, 'waiting' as const])), results: {}, errors: {}, problems, message: `${rows.length} row${rows.length === 1 ? '' : 's'} from “${file.name}”${problems.length ? `; ${problems.length} problem${problems.length === 1 ? '' : 's'} left rows out` : ''}.` });
      },

      addRow() {
        const last = get().rows.at(-1);
        const row: DiveSheetRow = { id: crypto.randomUUID(), diver: last?.diver ?? '', round: (last?.round ?? 0) + 1, diveNumber: '', height: last?.height ?? '10m', awards: null, officialScore: null };
        set((s) => ({ rows: [...s.rows, row], status: { ...s.status, [row.id]: 'waiting' } }));
      },

      updateRow(id, patch) {
        const row = get().rows.find((r) => r.id === id);
        if (!row) return 'no such row';
        const next = { ...row, ...patch, ...(patch.diveNumber !== undefined ? { diveNumber: patch.diveNumber.trim().toUpperCase() } : {}) };
        set((s) => ({ rows: s.rows.map((r) => (r.id === id ? next : r)) }));
        return rowProblem(next);
      },

      removeRow(id) {
        const index = get().rows.findIndex((r) => r.id === id);
        const row = get().rows[index];
        if (!row || get().status[id] === 'running') return;
        set((s) => ({ rows: s.rows.filter((r) => r.id !== id), lastRemoved: { row, index } }));
      },

      undoRemove() {
        const removed = get().lastRemoved;
        if (!removed) return;
        set((s) => {
          const rows = [...s.rows];
          rows.splice(Math.min(removed.index, rows.length), 0, removed.row);
          return { rows, lastRemoved: null };
        });
      },

      assignClips(files, by) {
        const videos = files.filter((f) => !/\.(csv|txt)$/i.test(f.name));
        const byName = new Map(videos.map((f) => [f.name, f]));
        const match = matchClips(get().rows, videos.map((f) => f.name), by);
        const clips = { ...get().clips };
        for (const [rowId, name] of match) {
          const file = byName.get(name);
          if (file) clips[rowId] = file;
        }
        const unmatched = videos.length - match.size;
        set({ clips, message: `${match.size} clip${match.size === 1 ? '' : 's'} matched to rows ${by === 'order' ? 'in order' : 'by the dive number in the file name'}${unmatched > 0 ? `; ${unmatched} not matched` : ''}.` });
      },

      setClip(rowId, file) {
        set((s) => {
          const clips = { ...s.clips };
          if (file) clips[rowId] = file;
          else delete clips[rowId];
          return { clips, status: { ...s.status, [rowId]: s.status[rowId] === 'done' ? 'done' : 'waiting' } };
        });
      },

      async start() {
        if (get().running) return;
        const queue = get().rows.filter((r) => get().clips[r.id] && get().status[r.id] !== 'done' && rowProblem(r) === null);
        if (queue.length === 0) {
          set({ message: 'Nothing to analyse: every row with a clip is done, or has a problem to fix first.' });
          return;
        }
        cancelled = false;
        set({ running: true, pausing: false, message: null, progress: { finished: 0, total: queue.length, current: null } });
        let finished = 0;
        for (const row of queue) {
          if (cancelled || get().pausing) break;
          const file = get().clips[row.id];
          if (!file || !get().rows.some((r) => r.id === row.id)) continue;
          set((s) => ({ status: { ...s.status, [row.id]: 'running' }, progress: { finished, total: queue.length, current: { rowId: row.id, fraction: 0, label: 'Opening the clip' } } }));
          const outcome = await analyseRow(row, file, (fraction, label) => set((s) => ({ progress: s.progress ? { ...s.progress, current: { rowId: row.id, fraction, label } } : null })));
          if (outcome === 'cancelled') {
            set((s) => ({ status: { ...s.status, [row.id]: 'waiting' } }));
            break;
          }
          finished++;
          if (typeof outcome === 'string') set((s) => ({ status: { ...s.status, [row.id]: 'failed' }, errors: { ...s.errors, [row.id]: outcome } }));
          else {
            const { [row.id]: _cleared, ...errors } = get().errors;
            set((s) => ({ status: { ...s.status, [row.id]: 'done' }, results: { ...s.results, [row.id]: outcome }, errors }));
          }
          set((s) => ({ progress: s.progress ? { ...s.progress, finished, current: null } : null }));
        }
        const stoppedEarly = finished < queue.length;
        set({ running: false, pausing: false, progress: null, message: stoppedEarly ? `${cancelled ? 'Cancelled' : 'Paused'} after ${finished} of ${queue.length} clips; Start goes on from the next one.` : `All ${queue.length} clips analysed.` });
      },

      pause() {
        if (get().running) set({ pausing: true });
      },

      cancel() {
        if (!get().running) return;
        cancelled = true;
        useAnalysisStore.getState().cancel();
      },

      async openResult(rowId) {
        const result = get().results[rowId];
        if (!result || get().running) return false;
        return useSessionStore.getState().open(result.analysisId);
      },

      async addOfficialToLibrary() {
        if (get().running) return 0;
        let added = 0;
        for (const row of get().rows) {
          const result = get().results[row.id];
          if (!result || row.officialScore === null) continue;
          if (!(await useSessionStore.getState().open(result.analysisId))) continue;
          const a = useAnalysisStore.getState();
          if (!a.transitions) continue;
          const ok = await useLibraryStore.getState().addCurrent({ officialScore: row.officialScore, awards: row.awards ?? [], analysis: { splash: a.encoded?.splash ?? null, stages: a.transitions, replay: a.encoded?.replay ?? null, slowdown: a.encoded?.slowdown ?? null } });
          if (ok) added++;
        }
        set({ message: `${added} row${added === 1 ? '' : 's'} with an official score added to your library.` });
        return added;
      },

      clear() {
        if (get().running) return;
        set({ rows: [], clips: {}, status: {}, results: {}, errors: {}, message: null, problems: [], progress: null, lastRemoved: null });
      },
    }),
    {
      name: 'divejudge.sheet',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ rows: s.rows, status: Object.fromEntries(Object.entries(s.status).map(([k, v]) => [k, v === 'running' ? 'waiting' : v])), results: s.results, errors: s.errors }),
      // What comes back from storage is checked like any file: a damaged sheet is dropped, not trusted.
      merge: (persisted, current) => {
        const checked = persistedSchema.safeParse(persisted);
        return checked.success ? { ...current, ...checked.data } : current;
      },
    },
  ),
);
