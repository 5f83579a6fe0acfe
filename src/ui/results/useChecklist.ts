import { checklistOnPage } from '../../state/checklistOnPage.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useDiveStore } from '../../state/diveStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import type { ExecutionChecklist } from '../../pipeline/analysis/execution.ts';

/** The execution checklist of the analysis on the page (one computation shared by every reader). */
export function useChecklist(): ExecutionChecklist | null {
  const sequence = usePoseStore((s) => s.sequence);
  const transitions = useAnalysisStore((s) => s.transitions);
  const encoded = useAnalysisStore((s) => s.encoded);
  const code = useDiveStore((s) => s.dive.code);
  const height = useDiveStore((s) => s.dive.height);
  return checklistOnPage(sequence, transitions, encoded, { code, height });
}
