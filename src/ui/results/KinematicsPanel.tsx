import { useMemo } from 'react';
import { figuresWithChecklist } from '../../pipeline/analysis/execution.ts';
import { kinematicsFigures, kinematicsSeriesOfAnalysis } from '../../pipeline/analysis/kinematics.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { KinematicsChart, KinematicsFigures } from './KinematicsChart.tsx';
import { useChecklist } from './useChecklist.ts';

/**
 * The query's joint angles over time with its stages, and the figures judges talk about; those the
 * execution checklist also measures (entry angle, distance from the board) are its readings.
 */
export function KinematicsPanel() {
  const sequence = usePoseStore((s) => s.sequence);
  const transitions = useAnalysisStore((s) => s.transitions);
  const encoded = useAnalysisStore((s) => s.encoded);
  const checklist = useChecklist();
  const timed = useMemo(() => (sequence ? kinematicsSeriesOfAnalysis(sequence, encoded) : null), [sequence, encoded]);
  const series = timed?.series ?? null;
  const figures = useMemo(() => {
    if (!series || !transitions) return null;
    const own = kinematicsFigures(series, transitions, { takeOff: encoded?.takeOff ?? null });
    return figuresWithChecklist(own, checklist);
  }, [series, transitions, encoded, checklist]);
  if (!series || !transitions || !figures) return null;
  return (
    <details className="kinematics-panel" data-testid="kinematics-panel" open>
      <summary>Kinematics</summary>
      <KinematicsChart query={series} queryTransitions={transitions} height={180} timeNote={timed && timed.slower !== 1 ? `real time; the clip plays ${timed.slower.toFixed(1)}× slower` : undefined} />
      <KinematicsFigures query={figures} />
    </details>
  );
}
