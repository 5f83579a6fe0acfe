import { describe, expect, test } from 'vitest';
import { CHECKLIST_MIN_ITEMS, CHECKLIST_SHARE, boundariesForEditedTransitions, clampTransitions, editBelowResolution, modelAwardOf, scorePartsText, stageChart, stageSplitsText, stageSegments, summariseScore } from './analysis.ts';
import type { ExemplarRecord } from './pack.ts';
import type { ClipScore } from './packScorer.ts';
import { vote } from './voting.ts';

function exemplar(id: string, awardSum: number, dd = 3.2): ExemplarRecord {
  return { id, diveNumber: '407C', height: 10, dd, awards: [], officialScore: awardSum * dd, awardSum, splashScore: 0.05, source: `test/${id}`, transitions: [8, 20] };
}

const bank = [exemplar('a', 21), exemplar('b', 24), exemplar('c', 27)];

function scoreOf(exemplars: number[], relative: number[], stageScores: number[], dd: number): ClipScore {
  return {
    relative: Float32Array.from(relative),
    stageScores: Float32Array.from(stageScores),
    relativeSplash: Float32Array.from(relative.map(() => 0.01)),
    vote: vote(exemplars.map((i) => bank[i]?.awardSum ?? 0), relative, dd),
    exemplars,
    boundaries: [8, 20],
  };
}

describe('summariseScore', () => {
  const dd = 3.2;
  // Relative scores split over the stages: take-off, flight, entry.
  const score = scoreOf([0, 1, 2], [3, 0, -3], [1, 1, 1, 0, 0.5, -0.5, -1, -1, -1], dd);
  const summary = summariseScore(score, bank, ['take-off', 'flight', 'entry'], dd);

  test('predicted score is the mean implied score, in points', () => {
    // implied award sums: 24, 24, 24 → 24 × 3.2
    expect(summary.predictedScore).toBeCloseTo(76.8, 9);
    expect(summary.votes.map((v) => v.impliedScore)).toEqual([76.8, 76.8, 76.8].map((x) => expect.closeTo(x, 9)));
    expect(summary.uncertainty).toBeCloseTo(0, 9);
  });

  test('the stage chart (panel and PDF): a waterfall whose axis is zoomed onto its levels, which sit far above zero', () => {
    const chart = stageChart(summary);
    expect(chart.waterfall).toBe(true);
    expect(chart.bars).toEqual(summary.waterfall);
    expect(chart.zoomed).toBe(true);
    expect(chart.min).toBeGreaterThan(0);
    // Totals are bars from zero: their level is where they end.
    const levels = summary.waterfall.flatMap((b) => (b.kind === 'total' ? [b.end] : [b.start, b.end]));
    expect(chart.min).toBeLessThan(Math.min(...levels));
    expect(chart.max).toBeGreaterThan(Math.max(...levels));
    // Without a waterfall: one bar per stage from zero, and the axis includes zero.
    const bars = stageChart({ ...summary, waterfall: [] });
    expect(bars.waterfall).toBe(false);
    expect(bars.bars.map((b) => [b.label, b.start])).toEqual(summary.stages.map((s) => [s.stage, 0]));
    expect(bars.zoomed).toBe(false);
    expect(bars.min).toBeLessThanOrEqual(0);
    expect(bars.max).toBeGreaterThanOrEqual(0);
  });

  test('award equivalent and band come from the domain inverse', () => {
    // 76.8 / (3 × 3.2) = 8 → Good
    expect(summary.awardEquivalent).toBe(8);
    expect(summary.awardExact).toBeCloseTo(8, 9);
    expect(summary.band).toBe('Good');
  });

  test('stage contributions are averaged over the votes and add up from the exemplars to the prediction', () => {
    expect(summary.stages.map((s) => s.awardSum)).toEqual([0, 1 / 6, -1 / 6].map((x) => expect.closeTo(x, 9)));
    const s2 = summariseScore(scoreOf([0, 1], [2, 1], [1, 0.5, 0.5, 0.5, 0.25, 0.25], dd), bank, ['take-off', 'flight', 'entry'], dd);
    expect(s2.stages.map((s) => s.points)).toEqual([0.75 * dd, 0.375 * dd, 0.375 * dd].map((x) => expect.closeTo(x, 6)));
    expect(s2.exemplarScore).toBeCloseTo(22.5 * dd, 6);
    const steps = s2.waterfall;
    expect(steps[0]).toMatchObject({ label: 'Exemplars', kind: 'total' });
    expect(steps.at(-1)).toMatchObject({ label: 'Predicted', kind: 'total' });
    expect(steps.at(-2)?.end).toBeCloseTo(s2.predictedScore, 6);
    expect(s2.unexplained).toBeCloseTo(0, 6);
  });

  test('the spread of the votes is the uncertainty', () => {
    const spread = summariseScore(scoreOf([0, 2], [0, 0], [0, 0, 0, 0, 0, 0], 2), bank, ['take-off', 'flight', 'entry'], 2);
    // implied 21 and 27 → mean 24, sd 3 → ± 6 points at DD 2
    expect(spread.predictedScore).toBeCloseTo(48, 9);
    expect(spread.uncertainty).toBeCloseTo(6, 9);
    expect(spread.low).toBeCloseTo(42, 9);
    expect(spread.high).toBeCloseTo(54, 9);
  });
});

describe('a score the rules allow', () => {
  test('a vote beyond 30 × DD is held at the limit, says what it was, and its award is 10', () => {
    // Relative +12 on award sums 21–27: implied 33–39 per judge-sum, beyond the 30 a panel can give.
    const summary = summariseScore(scoreOf([0, 1, 2], [12, 12, 12], Array(9).fill(4), 3.3), bank, ['take-off', 'flight', 'entry'], 3.3);
    expect(summary.predictedScore).toBeCloseTo(99, 9);
    expect(summary.unboundedScore).toBeCloseTo(36 * 3.3, 6);
    expect(summary.awardEquivalent).toBe(10);
    expect(summary.high).toBeLessThanOrEqual(99 + 1e-9);
    expect(summary.low).toBeGreaterThanOrEqual(0);
  });

  test('a negative vote is held at 0', () => {
    const summary = summariseScore(scoreOf([0, 1, 2], [-30, -30, -30], Array(9).fill(-10), 3.2), bank, ['take-off', 'flight', 'entry'], 3.2);
    expect(summary.predictedScore).toBe(0);
    expect(summary.unboundedScore).toBeLessThan(0);
    expect(summary.band).toBe('Completely failed');
  });

  test('a vote inside the range is left as it is', () => {
    const summary = summariseScore(scoreOf([0, 1, 2], [3, 0, -3], Array(9).fill(0), 3.2), bank, ['take-off', 'flight', 'entry'], 3.2);
    expect(summary.unboundedScore).toBeNull();
  });
});

describe('the checklist\'s half of the score', () => {
  const stagesOf = ['take-off', 'flight', 'entry'];
  const score = scoreOf([0, 1, 2], [3, 0, -3], [1, 1, 1, 0, 0.5, -0.5, -1, -1, -1], 3.2);

  test('is half the award from measured faults × 3 judges × DD, and the model keeps its own score and award', () => {
    const alone = summariseScore(score, bank, stagesOf, 3.2);
    const blended = summariseScore(score, bank, stagesOf, 3.2, undefined, { expectedAward: 9, counted: 7 });
    expect(blended.modelScore).toBeCloseTo(alone.predictedScore, 9);
    expect(blended.checklist).toEqual({ award: 9, score: expect.closeTo(86.4, 9) as number, counted: 7, share: CHECKLIST_SHARE });
    expect(blended.predictedScore).toBeCloseTo((1 - CHECKLIST_SHARE) * alone.predictedScore + CHECKLIST_SHARE * 86.4, 9);
    expect(modelAwardOf(blended)).toBe(alone.awardEquivalent);
    expect(blended.awardEquivalent).toBeGreaterThan(alone.awardEquivalent);
    // The waterfall ends at the score it shows, through a step for the checklist.
    const steps = blended.waterfall.map((w) => w.label);
    expect(steps.slice(-2)).toEqual(['Checklist', 'Predicted']);
    expect(blended.waterfall.at(-2)).toMatchObject({ start: alone.predictedScore, end: blended.predictedScore, kind: 'gain' });
    expect(scorePartsText(blended)).toMatch(/^50% the model's score \(76\.80, from the exemplars\) and 50% the award from measured faults \(9\.00 × 3 judges × DD 3\.2 = 86\.40, from the 7 checklist items measured reliably\)\.$/);
  });

  test('takes the award unrounded, so a hundredth of a deduction moves the score by a hundredth, not by half an award point', () => {
    const above = summariseScore(score, bank, stagesOf, 3.2, undefined, { expectedAward: 7.01, counted: 7 });
    const below = summariseScore(score, bank, stagesOf, 3.2, undefined, { expectedAward: 6.99, counted: 7 });
    expect(above.predictedScore - below.predictedScore).toBeCloseTo(CHECKLIST_SHARE * 0.02 * 3 * 3.2, 9);
    expect(scorePartsText(below)).toMatch(/award from measured faults \(6\.99 × 3 judges × DD 3\.2 = 67\.10,/);
  });

  test('takes no part when the checklist rests on too few items, and the blend stays inside what a panel can give', () => {
    const few = summariseScore(score, bank, stagesOf, 3.2, undefined, { expectedAward: 2, counted: CHECKLIST_MIN_ITEMS - 1 });
    expect(few.checklist).toBeNull();
    expect(few.predictedScore).toBeCloseTo(summariseScore(score, bank, stagesOf, 3.2).predictedScore, 9);
    expect(scorePartsText(few)).toBeNull();
    const high = summariseScore(scoreOf([0, 1, 2], [12, 12, 12], Array(9).fill(4), 3.3), bank, stagesOf, 3.3, undefined, { expectedAward: 10, counted: 8 });
    expect(high.predictedScore).toBeLessThanOrEqual(99 + 1e-9);
    expect(high.awardEquivalent).toBe(10);
  });
});

describe('the stage splits a score averages', () => {
  test('says how many splits and the weight of the one shown, only on the model\'s own stages', () => {
    expect(stageSplitsText({ stageSplits: { count: 5, likeliestShare: 0.624 } })).toBe(
      "The model's score averages its 5 likeliest splits of the dive into take-off, flight and entry, each weighted by how likely it is; the split on the timeline carries 62 % of the weight. Setting the stages yourself scores them as set.",
    );
    expect(stageSplitsText({ stageSplits: null })).toBeNull();
    expect(stageSplitsText({})).toBeNull();
    expect(stageSplitsText({ stageSplits: { count: 1, likeliestShare: 1 } })).toBeNull();
    // Three samplings of the clip's frames: said with the splits, and alone for stages a judge set.
    expect(stageSplitsText({ stageSplits: { count: 5, likeliestShare: 0.624 }, samplings: 3 })).toMatch(/carries 62 % of the weight\. Setting the stages yourself scores them as set\. It reads the clip 3 ways — its frames as sampled, one frame earlier and one later — and averages them/);
    expect(stageSplitsText({ stageSplits: null, samplings: 3 })).toMatch(/^It reads the clip 3 ways/);
    expect(stageSplitsText({ stageSplits: null, samplings: 1 })).toBeNull();
  });
});

describe('stage editing', () => {
  test('a move between two sampled frames is said to leave the score as it is; one across a sampled frame is not', () => {
    const frameIndices = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36];
    // take-off ends at 9: the boundary lies between sampled frames 8 and 12.
    expect(editBelowResolution({ takeOffEnd: 9, entryStart: 30 }, { takeOffEnd: 10, entryStart: 30 }, frameIndices)).toMatch(/frames 9 and 13 here and none between: the end of take-off moved within that gap/);
    expect(editBelowResolution({ takeOffEnd: 9, entryStart: 30 }, { takeOffEnd: 12, entryStart: 30 }, frameIndices)).toBeNull();
    expect(editBelowResolution({ takeOffEnd: 9, entryStart: 30 }, { takeOffEnd: 9, entryStart: 30 }, frameIndices)).toBeNull();
    expect(editBelowResolution({ takeOffEnd: 9, entryStart: 30 }, { takeOffEnd: 9, entryStart: 31 }, frameIndices)).toMatch(/start of entry/);
  });

  const frameIndices = Array.from({ length: 32 }, (_, i) => Math.round((i * 99) / 31));

  test('an edited transition snaps to the model frames around it', () => {
    const { boundaries, snapped } = boundariesForEditedTransitions({ takeOffEnd: 30, entryStart: 70 }, frameIndices);
    expect(boundaries[0]).toBeLessThan(boundaries[1]);
    expect(Math.abs(snapped.takeOffEnd - 30)).toBeLessThanOrEqual(3);
    expect(Math.abs(snapped.entryStart - 70)).toBeLessThanOrEqual(3);
  });

  test('transitions stay ordered and inside the clip', () => {
    expect(clampTransitions({ takeOffEnd: 80, entryStart: 40 }, 100)).toEqual({ takeOffEnd: 80, entryStart: 82 });
    expect(clampTransitions({ takeOffEnd: -5, entryStart: 500 }, 100)).toEqual({ takeOffEnd: 0, entryStart: 99 });
    expect(clampTransitions({ takeOffEnd: 99, entryStart: 99 }, 100)).toEqual({ takeOffEnd: 97, entryStart: 99 });
  });

  test('three ordered segments cover the clip', () => {
    const segments = stageSegments({ takeOffEnd: 20, entryStart: 60 }, 100, ['take-off', 'flight', 'entry']);
    expect(segments).toEqual([
      { stage: 'take-off', start: 0, end: 20 },
      { stage: 'flight', start: 21, end: 59 },
      { stage: 'entry', start: 60, end: 99 },
    ]);
  });
});
