import { describe, expect, it } from 'vitest';
import { stickDive } from '../pipeline/analysis/stickFigure.ts';
import type { TakeOffGeometry } from '../pipeline/aqa/takeOff.ts';
import { checklistOnPage } from './checklistOnPage.ts';

const TAKE_OFF: TakeOffGeometry = { takeOffFrame: 9, apexFrame: 21, bodyLength: 170, bodyLengthM: 1.6, rise: 0.5, clearance: 0.4 };

describe('checklistOnPage', () => {
  const poses = stickDive();
  const transitions = { takeOffEnd: 9, entryStart: 33 };
  const encoded = { takeOff: TAKE_OFF, splash: null, startsInFlight: false, replay: null, slowdown: null };

  it('gives every reader the same checklist until what it reads changes', () => {
    const first = checklistOnPage(poses, transitions, encoded, { code: '103C', height: '1m' });
    expect(first?.items.length).toBeGreaterThan(0);
    // Another reader of the same analysis (a fresh dive object with the same values) gets the same one.
    expect(checklistOnPage(poses, transitions, encoded, { code: '103C', height: '1m' })).toBe(first);
    // A stage edit is a new transitions object: the checklist is read again, on the new frames.
    const moved = checklistOnPage(poses, { takeOffEnd: 11, entryStart: 33 }, encoded, { code: '103C', height: '1m' });
    expect(moved).not.toBe(first);
    // A different dive number is judged against its own position.
    const other = checklistOnPage(poses, { takeOffEnd: 11, entryStart: 33 }, encoded, { code: '103B', height: '1m' });
    expect(other).not.toBe(moved);
    expect(other?.items.find((i) => i.id === 'tightness')?.band).not.toEqual(moved?.items.find((i) => i.id === 'tightness')?.band);
  });

  it('is null before the clip is analysed', () => {
    expect(checklistOnPage(poses, transitions, null, { code: '103C', height: '1m' })).toBeNull();
  });
});
