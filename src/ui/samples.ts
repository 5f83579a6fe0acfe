/**
 * Clips bundled with the app (public/samples, rebuilt by `npx tsx scripts/make-samples.ts`):
 * rendered dives from the simulator whose dive number, awards and official score are known.
 */
import { create } from 'zustand';
import type { Height } from '../domain/index.ts';
import { useClipStore } from '../state/clipStore.ts';
import { useDiveStore } from '../state/diveStore.ts';

export interface SampleClip {
  id: string;
  title: string;
  fileName: string;
  diveNumber: string;
  height: Height;
  dd: number;
  judgeAwards: number[];
  officialScore: number;
  stageTransitions: number[];
  /** Says plainly that it is simulated. */
  source: string;
}

export function sampleUrl(sample: SampleClip): string {
  return `${import.meta.env.BASE_URL}samples/${sample.fileName}`;
}

interface SampleState {
  samples: SampleClip[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  load(): Promise<void>;
}

export const useSamples = create<SampleState>()((set, get) => ({
  samples: [],
  status: 'idle',
  async load() {
    if (get().status !== 'idle') return;
    set({ status: 'loading' });
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}samples/samples.json`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const index = (await response.json()) as { samples: SampleClip[] };
      set({ samples: index.samples, status: 'ready' });
    } catch {
      set({ status: 'error' });
    }
  },
}));

/** Loads a sample clip and fills in its dive number and height, as a judge would. */
export async function openSample(sample: SampleClip): Promise<void> {
  const loaded = await useClipStore.getState().loadSample(sampleUrl(sample), sample.fileName);
  if (loaded) useDiveStore.getState().setDive(sample.diveNumber, sample.height);
}
