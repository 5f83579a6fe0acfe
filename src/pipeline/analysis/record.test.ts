/**
 * Imported analyses are checked in full by one schema: every field a panel renders, the diving
 * rules (dive number, DD, a score the panel allows) and size limits. Each case is a file that
 * once got through and blanked the app or showed an impossible score.
 */
import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../../export/pdf/reportFixture.ts';
import { AnalysisFileError, checkAnalysisRecord, parseAnalysisRecord, serialiseAnalysis, type AnalysisRecord } from './record.ts';
import { LIMITS } from './schema.ts';

type Mutable = Record<string, unknown> & { summary: Record<string, unknown>; dive: Record<string, unknown>; clip: Record<string, unknown>; voters: Array<Record<string, unknown>> };

function tampered(change: (json: Mutable) => void): string {
  // The record as JSON, edited as a hostile or careless hand would.
  const json = JSON.parse(serialiseAnalysis(sampleRecord())) as Mutable;
  change(json);
  return JSON.stringify(json);
}

function problem(text: string): string {
  try {
    parseAnalysisRecord(text, 'x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AnalysisFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('analysis schema', () => {
  it('accepts the record the app writes, unchanged', () => {
    const record = sampleRecord();
    expect(parseAnalysisRecord(serialiseAnalysis(record))).toEqual(record);
  });

  it.each([
    ['summary.uncertainty is text', (j: Mutable) => (j.summary.uncertainty = 'lots'), /summary\.uncertainty/],
    ['summary.band is an object', (j: Mutable) => (j.summary.band = { a: 1 }), /summary\.band/],
    ['summary.stages is null', (j: Mutable) => (j.summary.stages = null), /summary\.stages/],
    ['clip.fileName is an object', (j: Mutable) => (j.clip.fileName = { evil: true }), /clip\.fileName/],
    ['the dive number is a formula', (j: Mutable) => (j.dive.code = '=1+2'), /dive\.code: “=1\+2” is not a dive number/],
    ['the DD is not a DD', (j: Mutable) => (j.dive.dd = 3.25), /dive\.code: DD 3\.25 is not a degree of difficulty/],
    ['the score is beyond 30 × DD', (j: Mutable) => (j.summary.predictedScore = 121.35), /summary\.predictedScore: 121\.35 is impossible at DD 3\.2 \(0 to 96\.00\)/],
    ['the score disagrees with its award', (j: Mutable) => (j.summary.predictedScore = 20), /summary\.awardEquivalent/],
    ['a voter scored 999', (j: Mutable) => ((j.voters[0] as Record<string, unknown>).officialScore = 999), /voters\[0\]: an official score of 999 is impossible/],
    ['a 2 000-character file name', (j: Mutable) => (j.clip.fileName = 'x'.repeat(2000)), /clip\.fileName: is longer than 1000 characters/],
    ['200 000 voters', (j: Mutable) => (j.voters = Array.from({ length: 200_000 }, () => ({}))), /voters: has more than|voters: Too big/i],
    ['a 100 000-frame pose', (j: Mutable) => (j.clip.frameCount = 100_000), /clip\.frameCount: is more than 18000 frames/],
    ['a shot cut at frame 2.5', (j: Mutable) => ((j.encoded as Record<string, unknown>).cuts = [2.5]), /encoded\.cuts/],
    ['shot cuts out of order', (j: Mutable) => ((j.encoded as Record<string, unknown>).cuts = [40, 20]), /encoded\.cuts/],
  ])('%s: refused, naming the field', (_name, change, says) => {
    expect(problem(tampered(change))).toMatch(says);
  });

  it('keeps the shot cuts of a clip that cuts between cameras', () => {
    const record = sampleRecord();
    const withCuts: AnalysisRecord = { ...record, encoded: { ...(record.encoded as NonNullable<AnalysisRecord['encoded']>), cuts: [40] } };
    expect(parseAnalysisRecord(serialiseAnalysis(withCuts)).encoded?.cuts).toEqual([40]);
  });

  it('keeps that a clip starts in the air, and reads older files without it as starting on the board', () => {
    const record = sampleRecord();
    const inFlight: AnalysisRecord = { ...record, encoded: { ...(record.encoded as NonNullable<AnalysisRecord['encoded']>), startsInFlight: true } };
    expect(parseAnalysisRecord(serialiseAnalysis(inFlight)).encoded?.startsInFlight).toBe(true);
    expect(parseAnalysisRecord(serialiseAnalysis(record)).encoded?.startsInFlight).toBeUndefined();
  });

  it('keeps the other samplings\' encoder inputs, so a saved analysis scores as it did; reads older files without them; refuses ones of another shape', () => {
    const base = sampleRecord();
    const T = 4;
    const encoded: NonNullable<AnalysisRecord['encoded']> = { ...(base.encoded as NonNullable<AnalysisRecord['encoded']>), frameIndices: [0, 10, 20, 30], transitionProbs: new Array<number>(T * 2).fill(0.5), poses: Array.from({ length: T * 48 }, (_, i) => i / 100), splash: new Array<number>(T).fill(0) };
    const record: AnalysisRecord = { ...base, encoded };
    expect(parseAnalysisRecord(serialiseAnalysis(record)).encoded?.poses).toHaveLength(T * 48);
    const other = (shift: number) => ({ frameIndices: encoded.frameIndices.map((f) => Math.max(0, f + shift)), poses: encoded.poses.map((v) => v + shift / 100), splash: [...encoded.splash], ...(encoded.sceneTrack ? { sceneTrack: [...encoded.sceneTrack] } : {}) });
    const resampled: AnalysisRecord = { ...record, encoded: { ...encoded, resampled: [other(-1), other(1)] } };
    expect(parseAnalysisRecord(serialiseAnalysis(resampled)).encoded?.resampled).toEqual([other(-1), other(1)]);
    expect(parseAnalysisRecord(serialiseAnalysis(record)).encoded?.resampled).toBeUndefined();
    const short: AnalysisRecord = { ...record, encoded: { ...encoded, resampled: [{ ...other(1), poses: other(1).poses.slice(0, (T - 1) * 48) }] } };
    expect(problem(serialiseAnalysis(short))).toMatch(/encoded\.resampled\.0\.poses|encoded\.resampled\[0\]\.poses/);
  });

  it('keeps the slow-motion replay left out and the time scale, and refuses a replay from frame 0', () => {
    const record = sampleRecord();
    const encoded = record.encoded as NonNullable<AnalysisRecord['encoded']>;
    const replayed: AnalysisRecord = { ...record, encoded: { ...encoded, replay: { start: 60, end: 180, slowdown: 2.03 }, slowdown: 1.01 } };
    expect(parseAnalysisRecord(serialiseAnalysis(replayed)).encoded).toMatchObject({ replay: { start: 60, end: 180, slowdown: 2.03 }, slowdown: 1.01 });
    expect(parseAnalysisRecord(serialiseAnalysis(record)).encoded?.replay).toBeUndefined();
    const bad: AnalysisRecord = { ...record, encoded: { ...encoded, replay: { start: 0, end: 180, slowdown: 2 } } };
    expect(() => parseAnalysisRecord(serialiseAnalysis(bad))).toThrow();
    // An underwater view left out keeps its kind; an unknown kind is refused.
    const underwater: AnalysisRecord = { ...record, encoded: { ...encoded, replay: { start: 83, end: 108, slowdown: 1, view: 'underwater' } } };
    expect(parseAnalysisRecord(serialiseAnalysis(underwater)).encoded?.replay).toEqual({ start: 83, end: 108, slowdown: 1, view: 'underwater' });
    const unknown = serialiseAnalysis(underwater).replace('"view":"underwater"', '"view":"crowd"');
    expect(() => parseAnalysisRecord(unknown)).toThrow();
  });

  it('drops what it does not know (a 200 000-deep array under a stray key never reaches storage)', () => {
    let deep = '[]';
    for (let i = 0; i < 200_000; i++) deep = `[${deep}]`;
    const text = serialiseAnalysis(sampleRecord()).replace(/^\{/, `{"junk":${deep},`);
    const record = parseAnalysisRecord(text);
    expect('junk' in record).toBe(false);
  });

  it('refuses a file larger than any analysis before parsing it', () => {
    const huge = ' '.repeat(LIMITS.fileBytes + 1);
    expect(problem(huge)).toMatch(/larger than any DiveJudge analysis/);
  });

  it('checks records read back from storage the same way', () => {
    const stored: unknown = { ...sampleRecord(), summary: { ...(sampleRecord().summary as object), band: { nope: 1 } } };
    const checked = checkAnalysisRecord(stored);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems).toMatch(/summary\.band/);
    const fine: AnalysisRecord = sampleRecord();
    expect(checkAnalysisRecord(fine).ok).toBe(true);
  });
});
