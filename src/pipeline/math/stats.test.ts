import { describe, expect, test } from 'vitest';
import { median, nearestRankQuantile, quantile } from './stats.ts';

describe('shared statistics', () => {
  test('median: the middle value, the mean of the two middle ones, NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test('quantile interpolates between sorted values', () => {
    expect(quantile([10, 0, 20, 30], 0.5)).toBe(15);
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1, 12);
    expect([quantile([5, 1], 0), quantile([5, 1], 1)]).toEqual([1, 5]);
    expect(quantile([], 0.5)).toBeNaN();
  });

  test('nearest-rank quantile is always one of the values (the upper middle one for q = 0.5)', () => {
    expect(nearestRankQuantile([4, 1, 3, 2], 0.5)).toBe(3);
    expect(nearestRankQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRankQuantile([], 0.9)).toBeNaN();
  });
});
