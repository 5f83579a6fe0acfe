import { useState } from 'react';
import { formatFigure, kinematicsFigures, kinematicsSeries } from '../../pipeline/analysis/kinematics.ts';
import { checklistCsv, framesCsv } from '../../export/csv/csv.ts';
import { analysisJson } from '../../export/json/analysisJson.ts';
import { executionChecklistOfRecord, figuresWithChecklist } from '../../pipeline/analysis/execution.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { downloadBlob, exportStem } from '../common/download.ts';
import { captureFrames, captureKeyFrames } from '../export/keyFrames.ts';
import { APP_VERSION } from '../version.ts';
import { frameNumber } from '../../pipeline/video/frameTiming.ts';

/** PDF report, JSON (the whole analysis, re-importable) and per-frame CSV of the analysis on screen. */
export function ExportMenu() {
  const canExport = useAnalysisStore((s) => s.encoded !== null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canExport) return null;

  const record = () => {
    const r = useSessionStore.getState().record();
    if (!r) throw new Error('there is no analysis to export yet');
    return r;
  };
  const run = async (label: string, task: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(`${label} failed: ${networkCause(e) ?? (e instanceof Error ? e.message : String(e))}`);
    } finally {
      setBusy(null);
    }
  };

  const pdf = () =>
    run('The PDF report', async () => {
      const r = record();
      const pose = usePoseStore.getState().sequence;
      const clip = useClipStore.getState().clip;
      const used = r.stages?.used ?? null;
      const linked = clip ? { url: clip.url, fps: clip.info.fps, startTime: clip.info.startTime, frameCount: clip.info.frameCount } : null;
      const keyFrames = pose && used ? await captureKeyFrames(linked, pose, used) : [];
      const checklist = executionChecklistOfRecord(r);
      const itemFrames = [...new Set((checklist?.items ?? []).filter((i) => i.applies).flatMap((i) => i.frames.slice(0, 1)))];
      const checklistFrames = pose ? await captureFrames(linked, pose, itemFrames.map((frame) => ({ label: `frame ${frameNumber(frame)}`, frame })), 160) : [];
      const figures = pose && used ? figuresWithChecklist(kinematicsFigures(kinematicsSeries(pose), used, { takeOff: useAnalysisStore.getState().encoded?.takeOff ?? null }), checklist) : [];
      const { renderReportPdf } = await loadReportModule();
      const bytes = await renderReportPdf({
        record: r,
        generatedAt: new Date(),
        keyFrames,
        kinematics: figures.map((f) => ({ label: f.label, query: formatFigure(f), reliable: f.reliable, note: f.note })),
        checklistFrames,
        appVersion: APP_VERSION,
      });
      downloadBlob(new Blob([bytes], { type: 'application/pdf' }), `${exportStem(r.clip.fileName, r.dive.code)}_report.pdf`);
    });

  return (
    <div className="export-menu" data-testid="export-menu">
      <span className="muted small">Export</span>
      <button type="button" onClick={() => void pdf()} disabled={busy !== null} data-testid="export-pdf" title="A scored report with key frames, stages, the execution checklist, kinematics and the voting exemplars">
        PDF report
      </button>
      <button
        type="button"
        disabled={busy !== null}
        data-testid="export-json"
        title="The whole analysis; import it again from Saved analyses"
        onClick={() => void run('The JSON export', async () => {
          const r = record();
          downloadBlob(new Blob([analysisJson(r)], { type: 'application/json' }), `${exportStem(r.clip.fileName, r.dive.code)}_analysis.json`);
        })}
      >
        JSON
      </button>
      <button
        type="button"
        disabled={busy !== null}
        data-testid="export-csv"
        title="Per-frame joints and angles"
        onClick={() => void run('The CSV export', async () => {
          const r = record();
          downloadBlob(new Blob([framesCsv(r)], { type: 'text/csv' }), `${exportStem(r.clip.fileName, r.dive.code)}_frames.csv`);
        })}
      >
        CSV
      </button>
      <button
        type="button"
        disabled={busy !== null}
        data-testid="export-checklist-csv"
        title="The execution checklist: each item measured, its deduction and frames"
        onClick={() => void run('The checklist CSV export', async () => {
          const r = record();
          downloadBlob(new Blob([checklistCsv(r)], { type: 'text/csv' }), `${exportStem(r.clip.fileName, r.dive.code)}_checklist.csv`);
        })}
      >
        Checklist CSV
      </button>
      {busy && <span className="muted small" role="status" data-testid="export-busy">{busy}…</span>}
      {error && <p className="warning small" role="alert" data-testid="export-error">{error}</p>}
    </div>
  );
}

/** The report module, imported once; the app warms it up when idle so an export works offline later. */
let reportModule: Promise<typeof import('../../export/pdf/report.ts')> | null = null;
function loadReportModule(): Promise<typeof import('../../export/pdf/report.ts')> {
  reportModule ??= import('../../export/pdf/report.ts');
  reportModule.catch(() => {
    reportModule = null;
  });
  return reportModule;
}

/** Loads the PDF report code and pdfmake ahead of need (called once the page is idle). */
export function preloadReport(): void {
  void loadReportModule()
    .then((m) => m.preloadPdfMake())
    .catch(() => undefined); // offline at start: the export says so when asked for
}

/** A failed module load in words: the network is gone, nothing the user did is lost. */
export function networkCause(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  if (!/Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Failed to fetch/i.test(text)) return null;
  return `part of DiveJudge it needs could not be loaded${navigator.onLine ? '' : ' because this browser is offline'}. Reconnect and try again; nothing was lost.`;
}
