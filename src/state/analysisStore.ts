/**
 * The analysis of the current clip (pose, stages, score). Empty until the pose and scoring
 * stages exist; the results panel reads it so the layout is settled now.
 */
import { create } from 'zustand';

export interface ModelPackLabel {
  id: string;
  version: string;
  /** 'simulated' or the real dataset's name: shown wherever a score is shown. */
  trainedOn: string;
}

interface AnalysisState {
  activePack: ModelPackLabel | null;
  status: 'idle' | 'running' | 'done' | 'error';
}

export const useAnalysisStore = create<AnalysisState>()(() => ({
  activePack: null,
  status: 'idle',
}));
