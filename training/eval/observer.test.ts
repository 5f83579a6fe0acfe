import { describe, expect, it } from 'vitest';
import { boardFaultFeatures, geometryObserverBound, leastSquares, observerSrcc, type MeasuredTakeOff, type ObserverClip } from './observer.ts';
import { spearman } from './metrics.ts';

/** A deterministic pseudo-random stream (the test must not depend on Math.random). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Dives whose board points follow the judges' hinge on clearance; other faults vary on their own. */
function dives(count: number, seed: number, measurementNoise: number): Array<{ clip: ObserverClip; geometry: MeasuredTakeOff }> {
  const random = stream(seed);
  return Array.from({ length: count }, (_, i) => {
    const clearance = random() * 0.6 - 0.1;
    const boardDeductions = Math.max(0, 0.15 - clearance) * 6;
    const otherDeductions = random() * 2;
    const trueAward = 9 - otherDeductions - boardDeductions;
    const dd = 2 + (i % 3) * 0.4;
    return {
      clip: { diveNumber: ['107B', '205C', '5253B'][i % 3] as string, dd, trueAwardSum: 3 * trueAward, boardDeductions, officialScore: 3 * trueAward * dd + (random() - 0.5) * 0.3 },
      geometry: { rise: 1, clearance: clearance + (random() - 0.5) * measurementNoise },
    };
  });
}

describe('observer bound from the measured take-off', () => {
  it('least squares recovers the coefficients of exact data', () => {
    const rows = [[1, 0, 2], [1, 1, 0], [1, 2, 5], [1, 3, 1], [1, 4, 4]];
    const w = leastSquares(rows, rows.map((x) => 0.5 + 2 * (x[1] as number) - 1.5 * (x[2] as number)));
    expect(w[0]).toBeCloseTo(0.5, 6);
    expect(w[1]).toBeCloseTo(2, 6);
    expect(w[2]).toBeCloseTo(-1.5, 6);
  });

  it('with the true board points it is the simulator ceiling; with their mean it is the board-blind observer', () => {
    const test = dives(200, 2, 0).map((d) => d.clip);
    const ceiling = spearman(test.map((c) => c.trueAwardSum * c.dd), test.map((c) => c.officialScore));
    expect(observerSrcc(test, test.map((c) => c.boardDeductions))).toBeCloseTo(ceiling, 10);
    const mean = test.reduce((s, c) => s + c.boardDeductions, 0) / test.length;
    expect(observerSrcc(test, test.map(() => mean))).toBeLessThan(ceiling - 0.02);
  });

  it('an exact clearance reaches the ceiling, a noisy one falls between it and the blind observer, none is the blind observer', () => {
    const train = dives(600, 1, 0), test = dives(200, 2, 0);
    const ceiling = observerSrcc(test.map((d) => d.clip), test.map((d) => d.clip.boardDeductions));
    const mean = train.reduce((s, d) => s + d.clip.boardDeductions, 0) / train.length;
    const blind = observerSrcc(test.map((d) => d.clip), test.map(() => mean));
    const exact = geometryObserverBound(train, test);
    const noisy = geometryObserverBound(dives(600, 1, 0.3), dives(200, 2, 0.3));
    const unmeasured = geometryObserverBound(train.map((d) => ({ ...d, geometry: null })), test.map((d) => ({ ...d, geometry: null })));
    expect(exact).toBeGreaterThan(ceiling - 0.005);
    expect(noisy).toBeLessThan(exact - 0.01);
    expect(noisy).toBeGreaterThan(blind + 0.01);
    expect(unmeasured).toBeCloseTo(blind, 2);
  });

  it('reads the rise against what the dive usually gets', () => {
    const short = boardFaultFeatures({ rise: 0.7, clearance: 1 }, 1);
    const usual = boardFaultFeatures({ rise: 1, clearance: 1 }, 1);
    expect(short[4]).toBeCloseTo(0.3, 10);
    expect(short[6]).toBeCloseTo(0.1, 10);
    expect(usual.slice(1)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
