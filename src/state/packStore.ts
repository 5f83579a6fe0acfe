/**
 * Model packs: the bundled default (active on first start), and packs the user loads from a
 * folder or a zip. A pack is validated in full in the scoring worker before it replaces the active
 * one; a broken pack leaves the previous one active and says what is wrong.
 */
import { create } from 'zustand';
import { trainingLabelOf } from '../pipeline/aqa/provenance.ts';
import type { ExemplarRecord, PackManifest } from '../pipeline/aqa/pack.ts';
import { PackSourceError, userPackOrigin } from '../pipeline/packs/source.ts';
import { WorkerJobError } from '../workers/client.ts';
import type { AqaWorkerInit, ExecutionProvider, PackSummary } from '../workers/aqa.worker.ts';
import { aqaClient } from './aqaClient.ts';
import { useSettingsStore } from './settingsStore.ts';

export const DEFAULT_PACK_PATH = 'models/hpmcore-pose-sim/';

/** A user pack is kept as the files they chose: posting a File to the worker shares it, nothing is copied. */
export type PackOrigin = { kind: 'bundled'; url: string } | { kind: 'user'; files: File[] };

export interface PackEntry {
  /** Stable key: the URL of a bundled pack, or "user:<id>@<version>". */
  key: string;
  label: string;
  source: PackOrigin;
}

export interface ActivePack {
  key: string;
  manifest: PackManifest;
  exemplars: ExemplarRecord[];
  provider: ExecutionProvider;
  providerNote: string | null;
  /** Whether the comparison can draw the pack's exemplars' skeletons (packs exported before 2026-12-06 have none). */
  exemplarSkeletons: boolean;
}

interface PackState {
  packs: PackEntry[];
  active: ActivePack | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** What is being loaded, for the progress line. */
  loadingLabel: string | null;
  /** The last pack problem, written for the user (the active pack, if any, still works). */
  error: string | null;
  /** Bumped every time a pack becomes active, so analyses know to rerun. */
  generation: number;
  loadDefault(): Promise<void>;
  /** A folder's files (webkitdirectory) or one .zip. */
  loadUserPack(files: ArrayLike<File>): Promise<void>;
  activate(key: string): Promise<void>;
  /** Reload the active pack in a fresh worker (the execution-provider setting changed). */
  restart(): Promise<void>;
  dismissError(): void;
}

function bundledUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}${DEFAULT_PACK_PATH}`, location.href).href;
}

/** The label every score carries: what the pack was trained on, and how far to trust it. */
export function trainingLabel(manifest: PackManifest): string {
  return trainingLabelOf(manifest.trainedOn);
}

function message(error: unknown): string {
  if (error instanceof WorkerJobError || error instanceof PackSourceError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Reads, checks and opens a pack. In the browser: the scoring worker. */
export type PackLoader = (source: PackOrigin, provider: AqaWorkerInit['provider']) => Promise<PackSummary>;

const workerPackLoader: PackLoader = async (source, provider) => {
  const job =
    source.kind === 'bundled'
      ? aqaClient(provider).run({ kind: 'load-pack', url: source.url })
      : aqaClient(provider).run({ kind: 'load-pack-user', files: source.files });
  const result = await job.promise;
  if (result.kind !== 'pack') throw new Error('unexpected answer from the scoring worker');
  return result.pack;
};

let packLoader: PackLoader = workerPackLoader;

/** Another host for the same pipeline code (Node runs the store's tests on onnxruntime-web's WASM); null: the scoring worker. */
export function setPackLoader(loader: PackLoader | null): void {
  packLoader = loader ?? workerPackLoader;
}

export const usePackStore = create<PackState>()((set, get) => {
  /** Load `entry` in the worker; on success it becomes active, on failure the old one stays. */
  async function load(entry: PackEntry): Promise<boolean> {
    const provider = useSettingsStore.getState().inferenceProvider;
    set({ status: 'loading', loadingLabel: entry.label, error: null });
    try {
      const { manifest, exemplars, provider: used, providerNote, exemplarSkeletons } = await packLoader(entry.source, provider);
      // A user pack is known by what it says it is once the worker has read and checked it.
      if (entry.source.kind === 'user') entry = { ...entry, key: `user:${manifest.id}@${manifest.version}` };
      set((s) => ({
        active: { key: entry.key, manifest, exemplars, provider: used, providerNote, exemplarSkeletons },
        status: 'ready',
        loadingLabel: null,
        generation: s.generation + 1,
        packs: s.packs.some((p) => p.key === entry.key) ? s.packs : [...s.packs, entry],
      }));
      return true;
    } catch (error) {
      const previous = get().active;
      set({
        status: previous ? 'ready' : 'error',
        loadingLabel: null,
        error: `${message(error)}${previous ? ` — still using ${previous.manifest.name} ${previous.manifest.version}.` : ''}`,
      });
      return false;
    }
  }

  return {
    packs: [],
    active: null,
    status: 'idle',
    loadingLabel: null,
    error: null,
    generation: 0,

    async loadDefault() {
      const url = bundledUrl();
      await load({ key: url, label: 'the bundled model pack', source: { kind: 'bundled', url } });
    },

    async loadUserPack(files) {
      const list = Array.from(files);
      const origin = userPackOrigin(list);
      // Read, unzipped (bounded) and checked in the scoring worker: the page never copies the bytes.
      await load({ key: `user:${origin}`, label: origin, source: { kind: 'user', files: list } });
    },

    async activate(key) {
      const entry = get().packs.find((p) => p.key === key);
      if (entry && get().active?.key !== key) await load(entry);
    },

    async restart() {
      const key = get().active?.key;
      const entry = get().packs.find((p) => p.key === key);
      if (entry) await load(entry);
      else await get().loadDefault();
    },

    dismissError: () => set({ error: null }),
  };
});
