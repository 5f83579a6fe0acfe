import { describe, expect, it } from 'vitest';
import { faultCosts, type FaultClip } from './faults.ts';

function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A pack that sees the knees perfectly but ignores the height deduction. */
function clips(count: number): FaultClip[] {
  const random = stream(7);
  return Array.from({ length: count }, (_, i) => {
    const deductions = { knees: random() * 0.8, height: random() * 1.2, twist: 0 };
    const trueAward = 9.5 - deductions.knees - deductions.height;
    const dd = 2 + (i % 2) * 0.1;
    const meanHeight = 0.6;
    const predictedAwardSum = 3 * (trueAward + deductions.height - meanHeight) + (random() - 0.5) * 0.2;
    return { dd, officialScore: 3 * trueAward * dd, predictedScore: predictedAwardSum * dd, trueAwardSum: 3 * trueAward, deductions };
  });
}

describe('fault costs of a pack', () => {
  it('says which fault the pack ignores and which it sees, and what seeing the ignored one would be worth', () => {
    const costs = faultCosts(clips(300));
    const height = costs.faults.find((f) => f.fault === 'height');
    const knees = costs.faults.find((f) => f.fault === 'knees');
    expect(height?.missed).toBeCloseTo(1, 1);
    expect(knees?.missed).toBeCloseTo(0, 1);
    expect(height?.share).toBeGreaterThan(0.9);
    expect(height?.srccIfSeen).toBeGreaterThan(costs.srcc + 0.05);
    expect(knees?.srccIfSeen).toBeCloseTo(costs.srcc, 2);
  });

  it('leaves out a fault that never varies (it cannot be regressed on)', () => {
    expect(faultCosts(clips(50)).faults.map((f) => f.fault)).not.toContain('twist');
  });
});
