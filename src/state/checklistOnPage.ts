import { checklistOfAnalysis, type ExecutionChecklist } from '../pipeline/analysis/execution.ts';
import type { Height } from '../domain/index.ts';

type Args = Parameters<typeof checklistOfAnalysis>;

let last: { poses: Args[0]; transitions: Args[1]; encoded: Args[2]; code: string; height: Height; checklist: ExecutionChecklist | null } | null = null;

/**
 * The checklist of the analysis on the page. The score, the checklist panel, the kinematics panel
 * and the automation hook all read it; it is computed once for each change of what it reads (the
 * stores replace these objects rather than mutate them), not once per reader.
 */
export function checklistOnPage(poses: Args[0], transitions: Args[1], encoded: Args[2], dive: { code: string; height: Height }): ExecutionChecklist | null {
  if (last && last.poses === poses && last.transitions === transitions && last.encoded === encoded && last.code === dive.code && last.height === dive.height) return last.checklist;
  const checklist = checklistOfAnalysis(poses, transitions, encoded, dive);
  last = { poses, transitions, encoded, code: dive.code, height: dive.height, checklist };
  return checklist;
}
