import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulateDive } from '../sim/dive.ts';
import { loadPoseErrorStats } from '../sim/noise.ts';
import { sharedDataDir } from '../sim/stats.ts';
import { buildAnnotations, writeAnnotations, writeDive } from '../sim/writer.ts';
import { frameCountOf, openFineDiving, parseFineDivingAnnotations, stageTransitionsOf } from './fineDiving.ts';

const realPath = join(sharedDataDir(), 'finediving', 'annotations.json');

describe('FineDiving loader', () => {
  test.skipIf(!existsSync(realPath))(`reads the real FineDiving annotations (skipped when ${realPath} is absent)`, () => {
    const data = openFineDiving(realPath);
    expect(data.annotations.records).toHaveLength(3000);
    expect(data.train.length + data.test.length).toBe(3000);
    expect(data.annotations.sub_action_types['36']).toBe('Entry');
    const first = data.annotations.records[0];
    expect(first?.id).toBe(`${first?.event}/${first?.index}`);
    if (first === undefined) return;
    expect(frameCountOf(first)).toBe(first.end_frame - first.start_frame + 1);
    const stages = stageTransitionsOf(first);
    expect(stages?.takeOffEnd).toBe(first.steps_transit_frames[0]);
  }, 30_000);

  test('rejects what is not the schema', () => {
    expect(() => parseFineDivingAnnotations({ records: [{ id: 'a' }], sub_action_types: {}, train: [], test: [] })).toThrow(/missing/);
    expect(() => parseFineDivingAnnotations({ records: [], sub_action_types: {}, train: 'x', test: [] })).toThrow(/train/);
  }, 30_000);

  test('simulated dives written in FineDiving layout read back with the same loader', () => {
    const out = mkdtempSync(join(tmpdir(), 'sim-fd-'));
    const options = { out, fps: 5, width: 160, height: 90, frames: true, video: false, jpegQuality: 80, poseStats: loadPoseErrorStats('/nonexistent') };
    const records = [0, 1, 2].map((k) => writeDive(simulateDive({ seed: 'layout', runIndex: k, height: '3m', judges: 5 }), k + 1, options).record);
    writeAnnotations(out, buildAnnotations(records, 'layout'));
    const raw = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual(['records', 'sub_action_types', 'test', 'train']);
    const data = openFineDiving(out);
    expect(data.annotations.records).toHaveLength(3);
    expect(data.train.length + data.test.length).toBe(3);
    for (const record of data.annotations.records) {
      expect(Object.keys(record).sort()).toEqual(['difficulty', 'dive_number', 'dive_score', 'end_frame', 'event', 'frames_labels', 'id', 'index', 'judge_scores', 'start_frame', 'steps_transit_frames']);
      expect(record.judge_scores).toHaveLength(5);
      expect(data.hasFrames(record)).toBe(true);
      expect(existsSync(data.framePath(record, frameCountOf(record) - 1))).toBe(true);
      const pose = data.readPose(record);
      expect(pose?.clean.joints).toHaveLength(frameCountOf(record));
      expect(pose?.noisy.joints[0]).toHaveLength(48);
      expect(pose?.joint_names[0]).toBe('r_ankle');
      const truth = data.readTruth(record) as { judging: { officialScore: number }; stageTransitions: { takeOffEnd: number } };
      expect(truth.judging.officialScore).toBe(record.dive_score);
      expect(stageTransitionsOf(record)?.takeOffEnd).toBe(truth.stageTransitions.takeOffEnd);
    }
  }, 30_000);
});
