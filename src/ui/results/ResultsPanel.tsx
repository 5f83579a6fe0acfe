import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { DivePanel } from './DivePanel.tsx';
import { PosePanel } from './PosePanel.tsx';

/** Score, stage breakdown and exemplars live here once a model pack is active. */
export function ResultsPanel() {
  const clip = useClipStore((s) => s.clip);
  const pack = useAnalysisStore((s) => s.activePack);
  return (
    <aside className="results-panel" aria-label="Results" data-testid="results-panel">
      <h2>Results</h2>
      <DivePanel />
      {!clip && <p className="muted">Load a clip to begin.</p>}
      {clip && !pack && (
        <p className="muted">
          No model pack is loaded yet, so this clip cannot be scored. You can already play and step through it frame by frame.
        </p>
      )}
      <PosePanel />
    </aside>
  );
}
