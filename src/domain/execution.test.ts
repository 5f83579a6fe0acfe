import { describe, expect, it } from 'vitest';
import { parseDiveNumber } from './diveNumber.ts';
import { EXECUTION_ITEM_IDS, EXECUTION_RULES, HELD_POSITION_DEG, UNSEEN_FAULTS_ALLOWANCE, awardFromDeductions, deductionFor, expectedAward, faultSizeOf, heldPositionAngle, itemApplies } from './execution.ts';

describe('execution deduction rules', () => {
  it('cover every item with bands that leave no gap and never deduct a negative', () => {
    for (const id of EXECUTION_ITEM_IDS) {
      const rule = EXECUTION_RULES[id];
      expect(rule.rule.length, id).toBeGreaterThan(10);
      expect(rule.convention.length, id).toBeGreaterThan(10);
      for (let i = 1; i < rule.bands.length; i++) expect(rule.bands[i]?.from, `${id} band ${i}`).toBe(rule.bands[i - 1]?.to);
      for (const b of rule.bands) expect(Math.min(...b.points), id).toBeGreaterThanOrEqual(0);
    }
  });

  it('read a deduction linearly inside its band', () => {
    expect(deductionFor('entry-angle', 3)?.points).toBe(0);
    expect(deductionFor('entry-angle', 6)?.points).toBe(0.5);
    expect(deductionFor('entry-angle', 10.5)?.points).toBe(0.75);
    expect(deductionFor('entry-angle', 20)?.band.words).toBe('short or over');
    expect(deductionFor('entry-angle', 90)?.points).toBe(3);
    expect(deductionFor('entry-angle', Number.NaN)).toBeNull();
  });

  it('deduct for a board pass both too close and too far out', () => {
    expect(deductionFor('board-distance', 0.05)?.points).toBeGreaterThanOrEqual(1.5);
    expect(deductionFor('board-distance', 0.6)?.points).toBe(0);
    expect(deductionFor('board-distance', 2)?.band.words).toBe('too far out');
  });

  it('leave a failed dive to the referee instead of deducting', () => {
    const twist = deductionFor('twists', 0.3);
    expect(twist?.points).toBe(0);
    expect(twist?.refereeCall).toMatch(/90°/);
    expect(deductionFor('somersaults', -0.6)?.refereeCall).toMatch(/failed/);
    expect(deductionFor('somersaults', 0.2)?.refereeCall).toBeNull();
  });

  it('measure height against the usual rise of the board', () => {
    const dive = parseDiveNumber('107B');
    expect(faultSizeOf('take-off-height', 0.55, { dive, height: '10m' })).toBe(0);
    expect(faultSizeOf('take-off-height', 0.575, { dive, height: '3m' })).toBeCloseTo(0.5);
    expect(faultSizeOf('somersaults', 3.3, { dive, height: '10m' })).toBeCloseTo(-0.2);
  });

  it('judges a somersault against a closed pike or tight tuck, and a plain dive against an open one', () => {
    expect(heldPositionAngle(parseDiveNumber('107B'))).toBe(HELD_POSITION_DEG.pike);
    expect(heldPositionAngle(parseDiveNumber('407C'))).toBe(HELD_POSITION_DEG.tuck);
    expect(heldPositionAngle(parseDiveNumber('101B'))).toBe(HELD_POSITION_DEG.plainDive);
    expect(heldPositionAngle(parseDiveNumber('401C'))).toBe(HELD_POSITION_DEG.plainDive);
    expect(heldPositionAngle(parseDiveNumber('5253B'))).toBe(HELD_POSITION_DEG.pike);
    expect(heldPositionAngle(parseDiveNumber('101A'))).toBeNull();
    expect(HELD_POSITION_DEG.pike).toBeLessThan(HELD_POSITION_DEG.plainDive);
  });

  it('judge each item only on dives the rules judge it on', () => {
    expect(itemApplies('tightness', parseDiveNumber('107B'))).toBe(true);
    expect(itemApplies('tightness', parseDiveNumber('5253B'))).toBe(true);
    expect(itemApplies('tightness', parseDiveNumber('101A'))).toBe(false);
    expect(itemApplies('knees', parseDiveNumber('407C'))).toBe(false);
    expect(itemApplies('balance', parseDiveNumber('626C'))).toBe(true);
    expect(itemApplies('twists', parseDiveNumber('407C'))).toBe(false);
  });

  it('give 10 minus the deductions within 0–10: unrounded for the score, to the nearest half point as a judge awards', () => {
    expect(awardFromDeductions([])).toBe(10);
    expect(expectedAward([0.5, 0.75])).toBe(8.75);
    expect(awardFromDeductions([0.5, 0.75])).toBe(9);
    expect(expectedAward([0.5, 0.8])).toBeCloseTo(8.7, 12);
    expect(awardFromDeductions([0.5, 0.8])).toBe(8.5);
    expect(awardFromDeductions([4, 4, 4])).toBe(0);
    expect(expectedAward([4, 4, 4])).toBe(0);
  });

  it('takes an allowance of 1 off the unrounded award: to the nearest half point, the awards of ¾ rounded down as before', () => {
    for (let k = 0; k <= 900; k++) {
      const total = k / 100; // deductions come in hundredths
      expect(awardFromDeductions([total, UNSEEN_FAULTS_ALLOWANCE])).toBe(Math.floor(Math.min(10, Math.max(0, 10 - total - 0.75)) * 2) / 2);
    }
  });
});
