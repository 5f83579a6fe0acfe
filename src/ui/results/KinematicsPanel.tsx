import { useMemo } from 'react';
import { kinematicsFigures, kinematicsSeries } from '../../pipeline/analysis/kinematics.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { KinematicsChart, KinematicsFigures } from './KinematicsChart.tsx';

/** The query's joint angles over time with its stages, and the figures judges talk about. */
export function KinematicsPanel() {
  const sequence = usePoseStore((s) => s.sequence);
  const transitions = useAnalysisStore((s) => s.transitions);
  const takeOff = useAnalysisStore((s) => s.encoded?.takeOff ?? null);
  const series = useMemo(() => (sequence ? kinematicsSeries(sequence) : null), [sequence]);
  const figures = useMemo(() => (series && transitions ? kinematicsFigures(series, transitions, { takeOff }) : null), [series, transitions, takeOff]);
  if (!series || !transitions || !figures) return null;
  return (
    <details className="kinematics-panel" data-testid="kinematics-panel" open>
      <summary>Kinematics</summary>
      <KinematicsChart query={series} queryTransitions={transitions} height={180} />
      <KinematicsFigures query={figures} />
    </details>
  );
}
