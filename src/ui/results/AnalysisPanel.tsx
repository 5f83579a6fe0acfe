import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePackStore } from '../../state/packStore.ts';
import { ScorePanel } from './ScorePanel.tsx';
import { StageBreakdown } from './StageBreakdown.tsx';
import { ExemplarPicker } from './ExemplarPicker.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { useCompareStore } from '../../state/compareStore.ts';

/** Analyze (or the automatic start), one progress bar over pose → encoding → comparison, Cancel, and the result. */
export function AnalysisPanel() {
  const clip = useClipStore((s) => s.clip);
  const pack = usePackStore((s) => s.active);
  const packStatus = usePackStore((s) => s.status);
  const { status, progress, notice, error, analyze, cancel, clipUrl, restoredFrom } = useAnalysisStore();
  // A reopened analysis whose clip is not linked still shows its score (read from the save).
  if (!clip && !restoredFrom) return null;
  const current = clipUrl === (clip?.url ?? null) || status === 'idle';
  const running = current && status === 'running';
  const pct = progress ? Math.round(progress.fraction * 100) : 0;

  return (
    <section className="analysis-panel" aria-label="Score" data-testid="analysis-panel" data-status={current ? status : 'idle'}>
      {!pack && packStatus !== 'loading' && <p className="muted">No model pack is active, so this clip cannot be scored. You can still play it and step through it frame by frame.</p>}
      {!running && (
        <div className="row">
          <button type="button" className="primary" onClick={() => void analyze()} disabled={!pack || !clip} data-testid="analyze" title={clip ? 'Analyze the dive (A)' : 'Relink the clip to analyze it again'}>
            {status === 'scored' || status === 'encoded' ? 'Analyze again' : 'Analyze'}
          </button>
          {!pack && packStatus === 'loading' && <span className="muted">Loading the model pack…</span>}
        </div>
      )}
      {running && progress && (
        <div className="analysis-progress" data-testid="analysis-progress">
          <div className="row">
            <span data-testid="analysis-progress-label">{progress.label}</span>
            <button type="button" onClick={cancel} data-testid="analysis-cancel">Cancel</button>
          </div>
          <div className="progress" role="progressbar" aria-label="Analysis progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <span style={{ width: `${pct}%` }} />
          </div>
        </div>
      )}
      {current && status === 'cancelled' && <p className="muted" data-testid="analysis-cancelled">Analysis cancelled.</p>}
      {current && status === 'error' && error && <p className="warning" role="alert" data-testid="analysis-error">{error}</p>}
      {current && notice && <p className="warning" data-testid="analysis-notice">{notice}</p>}
      {current && status === 'scored' && (
        <>
          <ScorePanel />
          <StageBreakdown />
          <ExemplarPicker />
          <div className="row">
            <button type="button" onClick={() => void useCompareStore.getState().openWith()} data-testid="open-compare" title="Play this dive beside an exemplar, stage-aligned">
              Compare with an exemplar…
            </button>
          </div>
          <ExportMenu />
        </>
      )}
    </section>
  );
}
