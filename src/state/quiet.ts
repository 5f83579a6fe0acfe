/**
 * Work the page can put off — starting the clip reader and the import worker, loading the PDF
 * code, the service worker's precache of the app for offline use — waits until no pose pass and no
 * analysis has run for a moment: on two cores, running it beside a page's first clip made that
 * clip's score seconds later (README, Scoring benchmark).
 */
import { useAnalysisStore } from './analysisStore.ts';
import { usePoseStore } from './poseStore.ts';

/** How long the page must stay without a pose pass or analysis (the analysis follows the pose pass within a tick or two). */
export const QUIET_FOR_MS = 1000;

function busy(): boolean {
  return usePoseStore.getState().status === 'running' || useAnalysisStore.getState().status === 'running';
}

/** Runs `task` once the pose pass and the analysis have been idle for QUIET_FOR_MS; the returned function gives up on it. */
export function whenQuiet(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;
  const settle = (): void => {
    if (finished) return;
    if (busy()) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      if (finished || busy()) return;
      stop();
      task();
    }, QUIET_FOR_MS);
  };
  const unsubscribePose = usePoseStore.subscribe(settle);
  const unsubscribeAnalysis = useAnalysisStore.subscribe(settle);
  const stop = (): void => {
    finished = true;
    unsubscribePose();
    unsubscribeAnalysis();
    if (timer !== null) clearTimeout(timer);
  };
  settle();
  return stop;
}
