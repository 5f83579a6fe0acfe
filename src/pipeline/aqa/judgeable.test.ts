import { describe, expect, test } from 'vitest';
import { flightVisibility, unjudgeableReason, otherDiverReason } from './judgeable.ts';

const seenIn = (n: number, frames: number[]) => Uint8Array.from({ length: n }, (_, i) => (frames.includes(i) ? 1 : 0));

describe('whether a clip can be judged', () => {
  const stages = { takeOffEnd: 9, entryStart: 30 }; // flight: frames 10–29

  test('counts the flight frames in which the diver was found', () => {
    expect(flightVisibility(seenIn(40, [0, 5, 10, 11, 29, 30]), stages)).toEqual({ seen: 3, frames: 20 });
  });

  test('a clip with no person (found in 1 frame of 300) gets no score, and the reason names the counts', () => {
    expect(unjudgeableReason(seenIn(300, [150]), { takeOffEnd: 80, entryStart: 220 })).toMatch(/seen in only 1 of the 139 flight frames/);
  });

  test('half the flight frames is enough; fewer is not', () => {
    const half = Array.from({ length: 10 }, (_, i) => 10 + i);
    expect(unjudgeableReason(seenIn(40, half), stages)).toBeNull();
    expect(unjudgeableReason(seenIn(40, half.slice(1)), stages)).toMatch(/9 of the 20/);
  });

  test('no flight at all cannot be judged', () => {
    expect(unjudgeableReason(seenIn(40, []), { takeOffEnd: 9, entryStart: 10 })).toMatch(/no flight/);
  });
});

describe('a second diver in view', () => {
  test('seen in at least two checked frames and at least half of them: no score, with the frames and what to do', () => {
    const reason = otherDiverReason({ checked: 5, frames: [0, 20, 40] });
    expect(reason).toMatch(/cannot tell which diver to judge/);
    expect(reason).toMatch(/frames 1, 21, 41/);
    expect(reason).toMatch(/Pick the diver/);
  });

  test('a person glimpsed once, or in fewer than half the checks, or never checked: scored', () => {
    expect(otherDiverReason(null)).toBeNull();
    expect(otherDiverReason({ checked: 5, frames: [40] })).toBeNull();
    expect(otherDiverReason({ checked: 6, frames: [0, 20] })).toBeNull();
    expect(otherDiverReason({ checked: 0, frames: [] })).toBeNull();
  });
});
