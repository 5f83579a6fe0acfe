import { describe, expect, it } from 'vitest';
import { ensembleOf, type PackEvaluation } from './packEval.ts';
import { aqaMetrics } from './metrics.ts';
import type { Prediction } from './predict.ts';

function evaluation(predicted: number[], ids = predicted.map((_, i) => `clip${i}`)): { evaluation: PackEvaluation } {
  const truth = [50, 60, 70, 80, 90];
  const predictions: Prediction[] = predicted.map((p, i) => ({ id: ids[i] as string, truth: truth[i] as number, predicted: p, spread: 0, iou: 1, boundaries: [2, 5] }));
  const metrics = aqaMetrics(truth, predicted, predictions.map(() => 1));
  return { evaluation: { metrics, baseline: metrics, predictions, msPerClip: 1 } };
}

describe('ensemble of packs', () => {
  it('averages the packs\' predictions clip by clip: two packs wrong in different places rank the dives better together', () => {
    const a = evaluation([50, 75, 65, 80, 90]);
    const b = evaluation([55, 58, 72, 95, 95]);
    const both = ensembleOf([a, b]);
    expect(both?.clips).toBe(5);
    expect(both?.srcc).toBeCloseTo(1, 6);
    expect(a.evaluation.metrics.srcc).toBeLessThan(1);
    expect(b.evaluation.metrics.srcc).toBeLessThan(1);
  });

  it('is not made from one pack or from packs that scored different clips', () => {
    expect(ensembleOf([evaluation([1, 2, 3, 4, 5])])).toBeNull();
    expect(ensembleOf([evaluation([1, 2, 3, 4, 5]), evaluation([1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e'])])).toBeNull();
  });
});
