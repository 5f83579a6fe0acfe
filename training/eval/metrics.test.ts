import { describe, expect, it } from 'vitest';
import { aiou, aqaMetrics, ranks, relativeL2, spearman } from './metrics.ts';

describe('metrics', () => {
  it('ranks with ties and Spearman', () => {
    expect(ranks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8);
  });

  it('relative L2 and AIoU', () => {
    expect(relativeL2([0, 100], [10, 90])).toBeCloseTo(0.01);
    expect(aiou([0.4, 0.6, 0.8, 1], 0.5)).toBe(0.75);
    expect(aiou([0.4, 0.6, 0.8, 1], 0.75)).toBe(0.5);
    const m = aqaMetrics([0, 50, 100], [0, 50, 90], [1, 1, 0.7]);
    expect(m.rl2x100).toBeCloseTo((100 * 0.01) / 3);
    expect(m.mae).toBeCloseTo(10 / 3);
  });
});
