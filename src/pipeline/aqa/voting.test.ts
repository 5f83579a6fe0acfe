import { describe, expect, it } from 'vitest';
import type { ExemplarRecord } from './pack.ts';
import { exemplarMatch, selectExemplars, selectWithLibrary, vote } from './voting.ts';

const record = (id: string, diveNumber: string, height: number, awardSum: number): ExemplarRecord => ({
  id, diveNumber, height, dd: 2, awards: [], officialScore: awardSum * 2, awardSum, splashScore: 0, source: 'test', transitions: [1, 2],
});

describe('selectExemplars', () => {
  const bank = [record('a', '107B', 3, 20), record('b', '107B', 3, 15), record('c', '107B', 10, 25), record('d', '205C', 3, 18), record('e', '107B', 3, 24)];
  it('takes the same dive, same height first, spread over scores', () => {
    expect(selectExemplars(bank, '107b', 3, 2)).toEqual([1, 4]);
    expect(selectExemplars(bank, '107B', 3, 3)).toEqual([1, 0, 4]);
    expect(selectExemplars(bank, '107B', 3, 10)).toEqual([1, 0, 4, 2]);
    expect(selectExemplars(bank, '107B', 1, 4)).toEqual([1, 0, 4, 2]);
    expect(selectExemplars(bank, '107B', 3, 10, (e) => e.id === 'a')).toEqual([1, 4, 2]);
    expect(selectExemplars(bank, '105B', 3, 3)).toEqual([1, 0, 4]);
    expect(exemplarMatch(bank, '105B')).toBe('same-group-position');
    expect(exemplarMatch(bank, '999A')).toBe('any');
    expect(selectExemplars(bank, '999A', 3, 2)).toEqual([3, 4]);
  });
});

describe('vote', () => {
  it('averages exemplar score + relative score (eq. 28)', () => {
    const v = vote([20, 24], [1, -1], 2.5);
    expect(v.perExemplar).toEqual([21, 23]);
    expect(v.awardSum).toBe(22);
    expect(v.officialScore).toBe(55);
    expect(v.spread).toBe(1);
    expect(() => vote([], [], 2)).toThrow('at least one');
  });
});

describe('selectWithLibrary', () => {
  const pack = [record('a', '107B', 3, 20), record('b', '107B', 3, 15), record('c', '107B', 3, 25)];
  const all = [...pack, record('mine-1', '107B', 3, 10), record('mine-2', '205C', 3, 18), record('mine-3', '107B', 1, 22)];
  it("lets the user's exemplars of the same dive vote first, same height before other heights", () => {
    expect(selectWithLibrary(all, 3, '107B', 3, 2)).toEqual([3, 5]);
    expect(selectWithLibrary(all, 3, '107B', 3, 4)).toEqual([3, 5, 1, 2]);
  });
  it('never votes with a library exemplar of another dive, and equals the pack rule without a library', () => {
    expect(selectWithLibrary(all, 3, '205C', 3, 3)).toEqual([4, ...selectExemplars(pack, '205C', 3, 2)]);
    expect(selectWithLibrary(all, 3, '205C', 3, 3)).not.toContain(3);
    expect(selectWithLibrary(pack, 3, '107B', 3, 2)).toEqual(selectExemplars(pack, '107B', 3, 2));
    expect(selectWithLibrary(all, 3, '107B', 3, 3, (e) => e.id.startsWith('mine'))).toEqual(selectExemplars(pack, '107B', 3, 3));
  });
});
