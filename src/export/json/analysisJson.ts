/**
 * The JSON export of one analysis: the saved analysis itself (re-importable: the import reads it
 * through the analysis schema, which ignores the derived fields below), plus what a reader of the
 * file wants without running the app — the execution checklist and its award. Derived on export,
 * so an imported file gets them recomputed, never trusted.
 */
import { executionChecklistOfRecord, executionFaultsJson } from '../../pipeline/analysis/execution.ts';
import type { AnalysisRecord } from '../../pipeline/analysis/record.ts';

export function analysisJson(record: AnalysisRecord): string {
  const checklist = executionChecklistOfRecord(record);
  return JSON.stringify({ ...record, awardFromFaults: checklist?.award ?? null, executionFaults: checklist ? executionFaultsJson(checklist) : null });
}
