import { describe, expect, it } from 'vitest';
import { compareDraws, type ScoredClip } from './drawComparison.ts';

const clip = (id: string, predicted: number, modelScore: number, officialScore: number, entryStart = 60): ScoredClip => ({ id, status: 'scored', predicted, modelScore, officialScore, transitions: { takeOffEnd: 20, entryStart } });

describe('two draws of the same dives compared', () => {
  it('says how far each dive moved, the model alone and where its stages held, and which run came nearer', () => {
    const a = [clip('d1', 60, 62, 61), clip('d2', 70, 70, 72), clip('d3', 80, 78, 79), clip('sample:407C', 50, 50, 40)];
    const b = [clip('d1', 61, 64, 61), clip('d2', 66, 64, 72, 62), clip('d3', 80, 79, 79), clip('sample:407C', 90, 90, 40)];
    const c = compareDraws(a, b);
    expect(c.paired).toBe(3);
    expect(c.shown.median).toBe(1);
    expect(c.shown.largest).toBe(4);
    expect(c.model.largest).toBe(6);
    // d2's entry moved 2 frames: the model's move where the stages held is d1's and d3's.
    expect(c.modelSameStages.dives).toBe(2);
    expect(c.modelSameStages.largest).toBe(2);
    expect(c.stageFrames.largest).toBe(2);
    expect(c.bNearer).toBe(1); // d1 (1 → 0 points off); d2 went further, d3 held
    expect(c.a.mae).toBeCloseTo((1 + 2 + 1) / 3);
    expect(c.b.signed).toBeCloseTo((0 - 6 + 1) / 3);
    expect(c.a.srcc).toBeCloseTo(1);
  });

  it('pairs only the dives both runs scored', () => {
    const a = [clip('d1', 60, 62, 61), { ...clip('d2', 70, 70, 72), status: 'no score', predicted: null }];
    const c = compareDraws(a, [clip('d1', 62, 62, 61), clip('d2', 71, 71, 72)]);
    expect(c.paired).toBe(1);
    expect(c.a.scored).toBe(1);
    expect(c.b.scored).toBe(2);
  });
});
