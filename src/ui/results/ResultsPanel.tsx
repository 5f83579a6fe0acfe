import { useClipStore } from '../../state/clipStore.ts';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { DivePanel } from './DivePanel.tsx';
import { PosePanel } from './PosePanel.tsx';
import { LibraryPanel } from '../library/LibraryPanel.tsx';
import { SessionPanel } from '../library/SessionPanel.tsx';
import { PanelBoundary } from '../common/PanelBoundary.tsx';

/** The dive, its score with the stage breakdown and exemplars, and the pose details (the measured faults and kinematics are under the player: MeasuredPanel). */
export function ResultsPanel() {
  const clip = useClipStore((s) => s.clip);
  return (
    <aside className="results-panel" aria-label="Results" data-testid="results-panel">
      <h2>Results</h2>
      <PanelBoundary name="dive details">
        <DivePanel />
      </PanelBoundary>
      {!clip && <p className="muted">Load a clip to begin.</p>}
      <PanelBoundary name="score">
        <AnalysisPanel />
      </PanelBoundary>
      <PanelBoundary name="pose details">
        <PosePanel />
      </PanelBoundary>
      <PanelBoundary name="saved analyses">
        <SessionPanel />
      </PanelBoundary>
      <PanelBoundary name="exemplar library">
        <LibraryPanel />
      </PanelBoundary>
    </aside>
  );
}
