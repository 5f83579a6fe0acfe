/**
 * Work the page can put off — starting the import worker, loading the PDF code, the service
 * worker's precache of the app for offline use — waits until no clip is being opened and no pose
 * pass or analysis has run for a moment: on two cores, running it beside a page's first clip made that
 * clip's score seconds later (README, Scoring benchmark).
 */
import { useAnalysisStore } from './analysisStore.ts';
import { usePoseStore } from './poseStore.ts';
import { useClipStore } from './clipStore.ts';

/** How long the page must stay without a pose pass or analysis (the analysis follows the pose pass within a tick or two). */
export const QUIET_FOR_MS = 1000;

function busy(): boolean {
  return useClipStore.getState().loading !== null || usePoseStore.getState().status === 'running' || useAnalysisStore.getState().status === 'running';
}

/**
 * How long the page must stay quiet, before any analysis has finished, for work that waits for the
 * first analysis (`afterFirstAnalysis`): a judge who opens the page and then picks a clip does so
 * well within it.
 */
export const QUIET_BEFORE_ANALYSIS_MS = 20_000;

/**
 * Runs `task` once the pose pass and the analysis have been idle for QUIET_FOR_MS; the returned
 * function gives up on it. `afterFirstAnalysis`: work of several seconds of CPU (the service
 * worker's precache, once per install) also waits for an analysis to finish — or, if none does,
 * for QUIET_BEFORE_ANALYSIS_MS of quiet — so that it never shares the cores with a page's first
 * clip (README, Scoring benchmark).
 */
export function whenQuiet(task: () => void, options: { afterFirstAnalysis?: boolean } = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;
  let analysing = useAnalysisStore.getState().status === 'running';
  let analysed = false;
  const settle = (): void => {
    if (finished) return;
    const analysingNow = useAnalysisStore.getState().status === 'running';
    if (analysing && !analysingNow) analysed = true;
    analysing = analysingNow;
    if (busy()) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      return;
    }
    const quietFor = options.afterFirstAnalysis && !analysed ? QUIET_BEFORE_ANALYSIS_MS : QUIET_FOR_MS;
    timer ??= setTimeout(() => {
      timer = null;
      if (finished || busy()) return;
      stop();
      task();
    }, quietFor);
  };
  const unsubscribePose = usePoseStore.subscribe(settle);
  const unsubscribeAnalysis = useAnalysisStore.subscribe(settle);
  const unsubscribeClip = useClipStore.subscribe(settle);
  const stop = (): void => {
    finished = true;
    unsubscribePose();
    unsubscribeAnalysis();
    unsubscribeClip();
    if (timer !== null) clearTimeout(timer);
  };
  settle();
  return stop;
}
