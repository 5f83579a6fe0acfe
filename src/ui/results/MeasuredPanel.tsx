import { PanelBoundary } from '../common/PanelBoundary.tsx';
import { ChecklistPanel } from './ChecklistPanel.tsx';
import { KinematicsPanel } from './KinematicsPanel.tsx';

/**
 * What was measured on the dive — the execution checklist and the kinematics — under the player,
 * where a click on an item shows its frame beside the list (the results column holds the score).
 * Empty, and hidden by its CSS, until the clip is analysed.
 */
export function MeasuredPanel() {
  return (
    <section className="measured-panel" aria-label="Measured on the dive" data-testid="measured-panel">
      <PanelBoundary name="execution checklist">
        <ChecklistPanel />
      </PanelBoundary>
      <PanelBoundary name="kinematics">
        <KinematicsPanel />
      </PanelBoundary>
    </section>
  );
}
