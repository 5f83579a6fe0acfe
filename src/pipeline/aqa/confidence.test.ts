import { describe, expect, test } from 'vitest';
import { confidenceReasons, widenedSpread, type ConfidenceInput } from './confidence.ts';
import type { ExemplarRecord } from './pack.ts';

function exemplar(id: string, diveNumber = '407C', height = 10, transitions: [number, number] = [10, 24]): ExemplarRecord {
  return { id, diveNumber, height, dd: 3.2, awards: [], officialScore: 60, awardSum: 18.75, splashScore: 0, source: 'test', transitions };
}

const bank = Array.from({ length: 8 }, (_, i) => exemplar(`e${i}`, '407C', 10, [10, 22 + (i % 3)]));
const allSeen = Uint8Array.from({ length: 100 }, () => 1);
const base: ConfidenceInput = { detected: allSeen, transitions: { takeOffEnd: 30, entryStart: 75 }, frameCount: 100, bank, diveNumber: '407C', heightMetres: 10, boundaries: [10, 23], modelFrames: 32, spread: 1.5, bounded: false };

describe('confidence reasons', () => {
  test('a well-seen dive like the pack’s exemplars has none, and its band is the vote spread', () => {
    expect(confidenceReasons(base)).toEqual([]);
    expect(widenedSpread(1.5, 0)).toBe(1.5);
  });

  test('each reason is said in words', () => {
    const seenHalf = Uint8Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    expect(confidenceReasons({ ...base, detected: seenHalf })).toEqual([expect.stringMatching(/found in only 30 of the 44 flight frames/)]);
    expect(confidenceReasons({ ...base, bank: bank.slice(0, 3) })).toEqual([expect.stringMatching(/only 3 exemplars of 407C/)]);
    expect(confidenceReasons({ ...base, bank: bank.map((e) => ({ ...e, diveNumber: '107B' })) })).toEqual([expect.stringMatching(/no exemplar of 407C/)]);
    expect(confidenceReasons({ ...base, heightMetres: 3 })).toEqual([expect.stringMatching(/no exemplar of 407C is from 3 m/)]);
    expect(confidenceReasons({ ...base, boundaries: [2, 30] })).toEqual([expect.stringMatching(/flight takes 88 % of the clip, outside the 38–44 %/)]);
    expect(confidenceReasons({ ...base, spread: 6 })).toEqual([expect.stringMatching(/exemplars disagree: their votes spread over ±2\.0 award per judge/)]);
    expect(confidenceReasons({ ...base, bounded: true })).toEqual([expect.stringMatching(/no panel can give/)]);
    expect(confidenceReasons({ ...base, stageSplitSpread: 1.5 })).toEqual([expect.stringMatching(/where the stages begin and end is uncertain, and the likely splits score ±0\.5 award per judge apart/)]);
    expect(confidenceReasons({ ...base, stageSplitSpread: 0.9 })).toEqual([]);
    expect(confidenceReasons({ ...base, startsInFlight: true })).toEqual([expect.stringMatching(/starts in the air: the take-off is not in it, so the score rests on the flight and the entry/)]);
    expect(confidenceReasons({ ...base, slowdown: 2.04 })).toEqual([expect.stringMatching(/the clip plays about 2\.0× slower than real time \(a slow-motion replay\?\)/)]);
    expect(confidenceReasons({ ...base, slowdown: 1.1 })).toEqual([]);
    expect(confidenceReasons({ ...base, slowdown: null })).toEqual([]);
  });

  test('the band widens with each reason, by at least half an award per counted judge', () => {
    expect(widenedSpread(1, 1)).toBe(2.5);
    expect(widenedSpread(4, 2)).toBe(8);
  });
});
