/**
 * A library file is checked like the add-exemplar form checks a new exemplar: the same dive-number,
 * height and score rules, every field typed, sizes bounded. Each refused case once got in and made
 * the sample score hundreds of points or blanked the app.
 */
import { describe, expect, it } from 'vitest';
import { ExemplarInputError, LIBRARY_FORMAT, checkLibraryEntry, newLibraryEntry, parseLibraryFile, type LibraryFile } from './library.ts';

/** A hand-edited JSON object: `any` because the edits break the record's type on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

function entry(id = 'e1') {
  const frames = 4;
  return newLibraryEntry({
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    diveNumber: '407C',
    heightMetres: 10,
    dd: 3.2,
    officialScore: 57.6,
    awards: [],
    clip: { fileName: 'dive.mp4', bytes: 1000, durationSeconds: 0.2, fps: 20, frameCount: frames, width: 320, height: 180, codec: 'avc1' },
    pose: { config: 'c', fps: 20, width: 320, height: 180, frameCount: frames, joints: Array(frames * 48).fill(1), boxes: Array(frames * 4).fill(null), scores: Array(frames).fill(1), detected: Array(frames).fill(1), repaired: Array(frames * 16).fill(0) },
    splash: null,
    stages: { takeOffEnd: 1, entryStart: 3 },
  });
}

function file(change: (json: { entries: Array<Loose> }) => void = () => {}): string {
  const json: LibraryFile = { format: LIBRARY_FORMAT, exportedAt: '2026-01-02T00:00:00.000Z', entries: [entry()] };
  const plain = JSON.parse(JSON.stringify(json)) as { entries: Array<Loose> };
  change(plain);
  return JSON.stringify(plain);
}

function problem(text: string): string {
  try {
    parseLibraryFile(text, 'lib.zip');
  } catch (error) {
    expect(error).toBeInstanceOf(ExemplarInputError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('library file schema', () => {
  it('reads back what the app exports', () => {
    const parsed = parseLibraryFile(file());
    expect(parsed.entries[0]?.record.officialScore).toBe(57.6);
    expect(checkLibraryEntry(entry()).ok).toBe(true);
  });

  it.each([
    ['an official score of 999', (j: { entries: Array<Loose> }) => (j.entries[0]!.record.officialScore = 999), /entries\[0\]\.record: an official score of 999 is impossible at DD 3\.2 \(0 to 96\.00\)/],
    ['an official score of −1 000 000', (j: { entries: Array<Loose> }) => (j.entries[0]!.record.officialScore = -1e6), /impossible at DD 3\.2/],
    ['awards that do not make the score', (j: { entries: Array<Loose> }) => (j.entries[0]!.record.awards = [5, 5, 5]), /entries\[0\]\.record\.awards: The awards make 48\.00/],
    ['a dive number that is a formula', (j: { entries: Array<Loose> }) => (j.entries[0]!.record.diveNumber = '=1+2'), /“=1\+2” is not a dive number/],
    ['a clip file name that is an object', (j: { entries: Array<Loose> }) => (j.entries[0]!.clip.fileName = { a: 1 }), /entries\[0\]\.clip\.fileName/],
    ['features that are not numbers', (j: { entries: Array<Loose> }) => (j.entries[0]!.features = { 'p@1': { fused: ['x'], static: null, boundaries: [1, 2], frames: 4 } }), /features\.p@1\.fused\[0\]/],
    ['a pose cut short', (j: { entries: Array<Loose> }) => (j.entries[0]!.pose.joints = [1, 2]), /entries\[0\]\.pose\.joints: has 2 values, expected 192/],
    ['a replay from the first frame', (j: { entries: Array<Loose> }) => (j.entries[0]!.replay = { start: 0, end: 3, slowdown: 2 }), /entries\[0\]\.replay: must be frames after the first/],
    ['a slowdown of zero', (j: { entries: Array<Loose> }) => (j.entries[0]!.slowdown = 0), /entries\[0\]\.slowdown/],
  ])('%s: refused, naming the field', (_name, change, says) => {
    expect(problem(file(change))).toMatch(says);
  });

  it('keeps the replay its analysis left out and the time scale, so its features are read on the same frames and clock', () => {
    const parsed = parseLibraryFile(file((j) => Object.assign(j.entries[0]!, { replay: { start: 2, end: 3, slowdown: 2.1 }, slowdown: 1.02 })));
    expect(parsed.entries[0]).toMatchObject({ replay: { start: 2, end: 3, slowdown: 2.1 }, slowdown: 1.02 });
    expect(parseLibraryFile(file()).entries[0]?.replay).toBeUndefined();
  });

  it('votes with the award sum its official score makes, not one the file states', () => {
    const parsed = parseLibraryFile(file((j) => (j.entries[0]!.record.awardSum = 18.0000001)));
    expect(parsed.entries[0]?.record.awardSum).toBeCloseTo(57.6 / 3.2, 9);
    expect(problem(file((j) => (j.entries[0]!.record.awardSum = 99)))).toMatch(/award sum 99 does not make/);
  });
});

describe('library zip', () => {
  it('reads the entries and the clips they name; a clip that would inflate like no video is refused before inflating', async () => {
    const { strToU8, zipSync } = await import('fflate');
    const { readLibraryZip } = await import('./library.ts');
    const json = strToU8(file());
    const ok = zipSync({ 'library.json': json, 'clips/e1': [new Uint8Array([1, 2, 3]), { level: 0 }], 'other.bin': new Uint8Array(10) });
    const read = readLibraryZip(ok, 'lib.zip');
    expect(read.library.entries).toHaveLength(1);
    expect(Array.from(read.clips.e1 ?? [])).toEqual([1, 2, 3]);
    const bomb = zipSync({ 'library.json': json, 'clips/e1': new Uint8Array(32 * 1024 * 1024) });
    expect(() => readLibraryZip(bomb, 'bomb.zip')).toThrow(/clips\/e1 would inflate \d+ times, which no video clip does: bomb\.zip was refused before inflating it/);
    expect(() => readLibraryZip(strToU8('not a zip'), 'x.zip')).toThrow(/not a DiveJudge library file/);
  });
});
