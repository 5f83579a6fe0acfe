/** User preferences that survive a reload (kept in localStorage). */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { z } from 'zod';
import { BACKENDS, type BackendId } from '../pipeline/pose/backends/types.ts';
import { DEFAULT_POSE_BACKEND } from '../pipeline/pose/defaults.ts';

export const PLAYBACK_RATES = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2] as const;

interface SettingsState {
  playbackRate: number;
  showShortcuts: boolean;
  showSkeleton: boolean;
  poseBackend: BackendId;
  /** Find the diver as soon as a clip loads. */
  autoPose: boolean;
  /** Score as soon as the diver has been found (needs a dive number). */
  autoAnalyze: boolean;
  /** onnxruntime-web execution provider: 'auto' = WebGPU on a real GPU adapter, WASM otherwise. */
  inferenceProvider: InferenceProvider;
  setPlaybackRate(rate: number): void;
  setShowShortcuts(show: boolean): void;
  toggleSkeleton(): void;
  setPoseBackend(backend: BackendId): void;
  setAutoPose(auto: boolean): void;
  setAutoAnalyze(auto: boolean): void;
  setInferenceProvider(provider: InferenceProvider): void;
}

export type InferenceProvider = 'auto' | 'webgpu' | 'wasm';
export const INFERENCE_PROVIDERS: readonly InferenceProvider[] = ['auto', 'webgpu', 'wasm'];

/**
 * What localStorage may hold, field by field: a value that is missing, of the wrong type or not
 * one of the choices (an older version, a hand edit) falls back to its default and the rest is kept.
 */
const PERSISTED_SETTINGS = z.object({
  playbackRate: z.number().refine((rate) => PLAYBACK_RATES.some((r) => Math.abs(r - rate) < 1e-9)).catch(1),
  showSkeleton: z.boolean().catch(true),
  poseBackend: z.string().refine((id): id is BackendId => id in BACKENDS).catch(DEFAULT_POSE_BACKEND),
  autoPose: z.boolean().catch(true),
  autoAnalyze: z.boolean().catch(true),
  inferenceProvider: z.enum(['auto', 'webgpu', 'wasm']).catch('auto'),
});

/** The settings read back from storage, each field checked (PERSISTED_SETTINGS). */
export function checkedSettings(persisted: unknown): z.infer<typeof PERSISTED_SETTINGS> {
  return PERSISTED_SETTINGS.parse(typeof persisted === 'object' && persisted !== null ? persisted : {});
}

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      playbackRate: 1,
      showShortcuts: false,
      showSkeleton: true,
      poseBackend: DEFAULT_POSE_BACKEND,
      autoPose: true,
      autoAnalyze: true,
      inferenceProvider: 'auto',
      setPlaybackRate: (rate) => set({ playbackRate: rate }),
      setShowShortcuts: (show) => set({ showShortcuts: show }),
      toggleSkeleton: () => set((s) => ({ showSkeleton: !s.showSkeleton })),
      setPoseBackend: (backend) => set({ poseBackend: backend in BACKENDS ? backend : DEFAULT_POSE_BACKEND }),
      setAutoPose: (autoPose) => set({ autoPose }),
      setAutoAnalyze: (autoAnalyze) => set({ autoAnalyze }),
      setInferenceProvider: (provider) => set({ inferenceProvider: INFERENCE_PROVIDERS.includes(provider) ? provider : 'auto' }),
    }),
    {
      name: 'divejudge.settings',
      partialize: (s) => ({
        playbackRate: s.playbackRate,
        showSkeleton: s.showSkeleton,
        poseBackend: s.poseBackend,
        autoPose: s.autoPose,
        autoAnalyze: s.autoAnalyze,
        inferenceProvider: s.inferenceProvider,
      }),
      merge: (persisted, current) => ({ ...current, ...(checkedSettings(persisted) as Partial<SettingsState>) }),
    },
  ),
);

export function nextRate(current: number, direction: 1 | -1): number {
  const index = PLAYBACK_RATES.findIndex((r) => Math.abs(r - current) < 1e-9);
  const from = index === -1 ? PLAYBACK_RATES.indexOf(1) : index;
  const to = Math.min(PLAYBACK_RATES.length - 1, Math.max(0, from + direction));
  return PLAYBACK_RATES[to] ?? 1;
}
