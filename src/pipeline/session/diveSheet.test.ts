import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { RESULTS_CSV_HEADER, heightOfText, matchClips, parseDiveSheetCsv, resultsCsv, rowProblem, standings, type DiveSheetRow } from './diveSheet.ts';

let n = 0;
const ids = () => `r${++n}`;

describe('dive sheet CSV', () => {
  test('reads the columns by the names people write, awards into the official score', () => {
    const csv = 'Diver,Round,Dive No.,Height,Judges,Official Score\r\nAnna,1,407C,10m,7 6.5 6.5 6 7 7 7,65.6\r\nBen,1,107b,3 m,,69.75\r\nAnna,2,5253B,10,,\r\n';
    const { rows, problems } = parseDiveSheetCsv(csv, ids);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.diver, r.round, r.diveNumber, r.height, r.officialScore])).toEqual([
      ['Anna', 1, '407C', '10m', 65.6],
      ['Ben', 1, '107B', '3m', 69.75],
      ['Anna', 2, '5253B', '10m', null],
    ]);
    expect(rows[0]?.awards).toEqual([7, 6.5, 6.5, 6, 7, 7, 7]);
    const fromAwards = parseDiveSheetCsv('diver,round,dive,height,awards\nAnna,1,407C,10m,7;6.5;6.5;6;7;7;7\n', ids);
    expect(fromAwards.rows[0]?.officialScore).toBeCloseTo(65.6, 6);
  });

  test('names the row and the column of each problem, and keeps the good rows', () => {
    const csv = 'diver,round,dive,height,awards,official\nAnna,1,999Z,10m,,\nBen,0,107B,3m,,\nCara,1,107B,4m,,\nDan,1,407C,10m,7 7 7 7 7,50\nEve,1,407C,10m,,200\nFay,1,407C,10m,,60\n';
    const { rows, problems } = parseDiveSheetCsv(csv, ids);
    expect(rows.map((r) => r.diver)).toEqual(['Fay']);
    expect(problems).toContain('row 2, dive: is not a valid dive number');
    expect(problems).toContain('row 3, round: must be 1 or more');
    expect(problems.some((p) => /^row 4, height: must be one of/.test(p))).toBe(true);
    expect(problems).toContain('row 5, official: is 50, but the awards make 67.20 at DD 3.2');
    expect(problems.some((p) => /^row 6, official: is more than a panel can give at DD 3\.2/.test(p))).toBe(true);
  });

  test('a sheet without the needed columns says which are missing', () => {
    expect(parseDiveSheetCsv('name,score\nAnna,60\n', ids).problems).toEqual(['the header row has no round, dive, height column (it reads: name, score)']);
    expect(parseDiveSheetCsv('', ids).problems).toEqual(['the sheet is empty']);
  });

  test('heights as people write them', () => {
    expect(['3', '3m', '3 m', '10M', '7.5', '7.5 m'].map(heightOfText)).toEqual(['3m', '3m', '3m', '10m', '7.5m', '7.5m']);
    expect(heightOfText('4m')).toBeNull();
  });

  test('an edited row gets the same checks', () => {
    expect(rowProblem({ diver: 'Anna', round: 1, diveNumber: '407C', height: '10m', awards: null, officialScore: 65.6 })).toBeNull();
    expect(rowProblem({ diver: '', round: 1, diveNumber: '407C', height: '10m', awards: null, officialScore: null })).toMatch(/diver needs a diver/);
  });
});

const row = (id: string, diver: string, round: number, diveNumber: string, officialScore: number | null = null): DiveSheetRow => ({ id, diver, round, diveNumber, height: '10m', awards: null, officialScore });

describe('matching clips to rows', () => {
  const rows = [row('a', 'Anna', 1, '407C'), row('b', 'Ben', 1, '107B'), row('c', 'Anna', 2, '107B')];

  test('by order: the clips sorted by name (numbers as numbers), one per row', () => {
    const m = matchClips(rows, ['clip10.mp4', 'clip2.mp4', 'clip1.mp4'], 'order');
    expect([...m.entries()]).toEqual([['a', 'clip1.mp4'], ['b', 'clip2.mp4'], ['c', 'clip10.mp4']]);
  });

  test('by name: the dive number in the file name, the diver or round deciding between rows of the same dive', () => {
    const m = matchClips(rows, ['anna-r2-107B.mp4', 'ben_107b.mp4', 'sim-407C-10m.mp4', 'other.mp4'], 'name');
    expect(m.get('a')).toBe('sim-407C-10m.mp4');
    expect(m.get('b')).toBe('ben_107b.mp4');
    expect(m.get('c')).toBe('anna-r2-107B.mp4');
    expect([...m.values()]).not.toContain('other.mp4');
  });
});

describe('standings and the results CSV', () => {
  const rows = [row('a', 'Anna', 1, '407C', 65.6), row('b', 'Ben', 1, '107B', 69.75), row('c', 'Anna', 2, '107B', 70), row('d', 'Ben', 2, '407C')];
  const results = { a: { analysisId: 'x', predictedScore: 70, awardEquivalent: 7 }, b: { analysisId: 'y', predictedScore: 60, awardEquivalent: 6 }, c: { analysisId: 'z', predictedScore: 65.5, awardEquivalent: 6.5 } };

  test('each diver\'s total over the scored dives, ranked; an official total only when every scored dive has one', () => {
    expect(standings(rows, results)).toEqual([
      { diver: 'Anna', rank: 1, predictedTotal: 135.5, officialTotal: 135.6, dives: 2 },
      { diver: 'Ben', rank: 2, predictedTotal: 60, officialTotal: 69.75, dives: 1 },
    ]);
    expect(standings(rows, { a: results.a, b: { ...results.b, predictedScore: 70 } }).map((s) => s.rank)).toEqual([1, 1]);
  });

  test('the results CSV has a row per sheet row, the difference where official, totals and ranks', () => {
    const table = parse(resultsCsv(rows, results), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(table[0] ?? {})).toEqual([...RESULTS_CSV_HEADER]);
    expect(table.map((r) => [r.diver, r.predicted, r.difference, r.diver_rank])).toEqual([
      ['Anna', '70', '4.4', '1'],
      ['Ben', '60', '-9.75', '2'],
      ['Anna', '65.5', '-4.5', '1'],
      ['Ben', '', '', '2'],
    ]);
  });
});
