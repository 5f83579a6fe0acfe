import { describe, expect, test } from 'vitest';
import { isValidAward, panelScore } from '@divejudge/core';
import { simulateDive } from './dive.ts';
import { spearman } from './judges.ts';
import { COMPARED_DIVES, loadRealFineDiving, realAwardStats, simulatedAwardStats } from './stats.ts';

describe('judges', () => {
  test('awards are 0–10 in half points; the official score is the panel arithmetic × DD', () => {
    for (let i = 0; i < 20; i++) {
      const dive = simulateDive({ seed: 'judging', runIndex: i });
      const { awards, officialScore, panelSize } = dive.judging;
      expect(awards).toHaveLength(panelSize);
      for (const a of awards) expect(isValidAward(a)).toBe(true);
      expect(officialScore).toBe(panelScore(awards, { dd: dive.program.dd }));
      const totals = dive.judging.stageDeductions;
      expect(totals.takeOff + totals.flight + totals.entry).toBeGreaterThanOrEqual(0);
      for (const q of Object.values(dive.judging.stageQuality)) expect(q).toBeGreaterThanOrEqual(0);
    }
  });

  test('more faults, lower score: Spearman(total fault size, official score) < −0.8 per dive number', () => {
    for (const [code, height] of [['407C', '10m'], ['5154B', '3m']] as const) {
      const dives = Array.from({ length: 100 }, (_, i) => simulateDive({ seed: 'spearman', runIndex: i, code, height }));
      const rho = spearman(dives.map((d) => d.judging.faultSize), dives.map((d) => d.judging.officialScore));
      expect(rho, code).toBeLessThan(-0.8);
    }
  }, 60_000);

  test('judges read height from the motion: the height they see ranks with the rise the dive made, whatever the diver', () => {
    // Judges cannot know how strong a diver usually is, nor can a camera: the rise is what counts.
    const dives = Array.from({ length: 40 }, (_, i) => simulateDive({ seed: 'height-seen', runIndex: i, code: '107B', height: '3m' }));
    const rho = spearman(dives.map((d) => d.observations.heightRatio), dives.map((d) => d.outcome.apexRiseM));
    expect(rho).toBeGreaterThan(0.99);
  }, 60_000);

  test('mixed dives: fault size ranks the execution (score / DD) as strongly', () => {
    const dives = Array.from({ length: 100 }, (_, i) => simulateDive({ seed: 'spearman-mixed', runIndex: i }));
    const rho = spearman(dives.map((d) => d.judging.faultSize), dives.map((d) => d.judging.officialScore / d.program.dd));
    expect(rho).toBeLessThan(-0.8);
  }, 60_000);

  const real = loadRealFineDiving();
  test.skipIf(real === null)('award distributions look like FineDiving’s for the same dive numbers (skipped without ../shared)', () => {
    for (const [code, height] of COMPARED_DIVES.slice(0, 3)) {
      const r = real === null ? null : realAwardStats(real, code);
      if (r === null) continue;
      const s = simulatedAwardStats(code, height, 40);
      // Loose: elite panels award around 7–8 with a spread of 1–2 points; judges agree to ~0.3.
      expect(Math.abs(s.mean - r.mean), `${code} mean ${s.mean} vs ${r.mean}`).toBeLessThan(0.8);
      expect(s.sd, code).toBeGreaterThan(r.sd * 0.5);
      expect(s.sd, code).toBeLessThan(r.sd * 1.8);
      expect(Math.abs(s.withinPanelSd - r.withinPanelSd), code).toBeLessThan(0.2);
    }
  }, 60_000);
});
