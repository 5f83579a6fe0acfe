/**
 * The score on the encoder's own stages is the probability-weighted mean over its likeliest stage
 * splits (PackScorer.scoreEncoded with null), on the bundled pack over onnxruntime-node.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOINT_COUNT, likelyBoundaries, mulberry32, sceneTrackChannels, STAGE_SPLITS_AVERAGED } from '@divejudge/core';
import { PackRunner } from './packRunner.ts';

const packDir = resolve(import.meta.dirname, '../../models/hpmcore-pose-sim');

describe('the score on the encoder\'s own stages', () => {
  it('averages the likeliest splits by their probability; edited stages are scored as given', async () => {
    const runner = await PackRunner.open(packDir);
    try {
      const spec = runner.manifest.inputs, T = spec.frames;
      const random = mulberry32(3);
      const inputs = {
        poses: Float32Array.from({ length: T * JOINT_COUNT * 3 }, () => random() - 0.5),
        splash: Float32Array.from({ length: T }, (_, t) => (t > (3 * T) / 4 ? random() : 0)),
        ...(spec.sceneTrack ? { sceneTrack: Float32Array.from({ length: T * sceneTrackChannels(spec.sceneTrack.normalisation) }, () => random() - 0.5) } : {}),
      };
      const encoded = await runner.encode(inputs);
      const exemplars = runner.chooseExemplars({ diveNumber: '107B', height: 3 }, 5);
      const splits = likelyBoundaries(encoded.transitionProbs, T, STAGE_SPLITS_AVERAGED);
      expect(splits).toHaveLength(STAGE_SPLITS_AVERAGED);
      expect(splits[0]?.boundaries).toEqual(encoded.boundaries);

      const own = await runner.scoreEncoded(encoded, null, exemplars, 3.1);
      const each = await Promise.all(splits.map((s) => runner.scoreEncoded(encoded, s.boundaries, exemplars, 3.1)));
      const expected = splits.reduce((sum, s, i) => sum + s.weight * (each[i]?.vote.officialScore ?? Number.NaN), 0);
      expect(own.vote.officialScore).toBeCloseTo(expected, 4);
      expect(own.boundaries).toEqual(encoded.boundaries);
      // The spread of the splits' own votes, which the score panel reads as uncertain stages.
      const votes = each.map((e) => e?.vote.awardSum ?? Number.NaN);
      const mean = splits.reduce((sum, s, i) => sum + s.weight * (votes[i] ?? Number.NaN), 0);
      expect(own.stageSplitSpread).toBeCloseTo(Math.sqrt(splits.reduce((sum, s, i) => sum + s.weight * ((votes[i] ?? Number.NaN) - mean) ** 2, 0)), 4);
      expect(own.stageSplitSpread).toBeGreaterThan(0);
      expect(own.stageSplits).toEqual({ count: STAGE_SPLITS_AVERAGED, likeliestShare: splits[0]?.weight });
      // Stage parts are averaged the same way, so they still add up to the relative score.
      const stageSum = Array.from(own.stageScores.subarray(0, 3)).reduce((a, b) => a + b, 0);
      const eachStageSum = each.map((e) => Array.from(e.stageScores.subarray(0, 3)).reduce((a, b) => a + b, 0));
      expect(stageSum).toBeCloseTo(splits.reduce((sum, s, i) => sum + s.weight * (eachStageSum[i] ?? Number.NaN), 0), 4);
      // The splits disagree on this clip, so the average is not the likeliest split's score.
      expect(Math.abs(own.vote.officialScore - (each[0]?.vote.officialScore ?? Number.NaN))).toBeGreaterThan(1e-3);

      const edited = splits[2]?.boundaries ?? [1, 2];
      const onEdited = await runner.scoreEncoded(encoded, edited, exemplars, 3.1);
      expect(onEdited.boundaries).toEqual(edited);
      expect(onEdited.stageSplitSpread).toBeUndefined();
      expect(onEdited.stageSplits).toBeUndefined();
      expect(onEdited.vote.officialScore).toBeCloseTo(each[2]?.vote.officialScore ?? Number.NaN, 6);
    } finally {
      await runner.release();
    }
  }, 60_000);

  it('averages the samplings of the clip\'s frames alike, on the shown sampling\'s stages and stage spread', async () => {
    const runner = await PackRunner.open(packDir);
    try {
      const spec = runner.manifest.inputs, T = spec.frames;
      const random = mulberry32(5);
      const clipInputs = () => ({
        poses: Float32Array.from({ length: T * JOINT_COUNT * 3 }, () => random() - 0.5),
        splash: Float32Array.from({ length: T }, (_, t) => (t > (3 * T) / 4 ? random() : 0)),
        ...(spec.sceneTrack ? { sceneTrack: Float32Array.from({ length: T * sceneTrackChannels(spec.sceneTrack.normalisation) }, () => random() - 0.5) } : {}),
      });
      const inputsOf = [clipInputs(), clipInputs(), clipInputs()] as const;
      const [first, earlier, later] = [await runner.encode(inputsOf[0]), await runner.encode(inputsOf[1]), await runner.encode(inputsOf[2])];
      if (!first || !earlier || !later) throw new Error('not encoded');
      const exemplars = runner.chooseExemplars({ diveNumber: '107B', height: 3 }, 5);
      const alone = await Promise.all([first, earlier, later].map((e) => runner.scoreEncoded(e, null, exemplars, 3.1)));
      const averaged = await runner.scoreEncoded({ ...first, resampled: [earlier, later] }, null, exemplars, 3.1);
      // encodeSamplings (a saved analysis scored again, bench:score's parity) puts the three together alike.
      const together = await runner.encodeSamplings(inputsOf[0], [inputsOf[1], inputsOf[2]]);
      expect((await runner.scoreEncoded(together, null, exemplars, 3.1)).vote.officialScore).toBeCloseTo(averaged.vote.officialScore, 6);
      const mean = (pick: (i: number) => number) => (pick(0) + pick(1) + pick(2)) / 3;
      expect(averaged.vote.officialScore).toBeCloseTo(mean((i) => alone[i]?.vote.officialScore ?? Number.NaN), 4);
      expect(averaged.stageScores[1]).toBeCloseTo(mean((i) => alone[i]?.stageScores[1] ?? Number.NaN), 4);
      expect(averaged.boundaries).toEqual(first.boundaries);
      expect(averaged.stageSplitSpread).toBeCloseTo(alone[0]?.stageSplitSpread ?? Number.NaN, 6);
      expect(averaged.stageSplits).toEqual(alone[0]?.stageSplits);
      expect(averaged.samplings).toBe(3);
      expect(alone[0]?.samplings).toBeUndefined();
      // Three different readings: the average is none of them.
      for (const one of alone) expect(Math.abs(averaged.vote.officialScore - one.vote.officialScore)).toBeGreaterThan(1e-3);
      // A judge's stages: every sampling scored on them, alike.
      const edited: [number, number] = [8, 24];
      const onEdited = await Promise.all([first, earlier, later].map((e) => runner.scoreEncoded(e, edited, exemplars, 3.1)));
      const averagedOnEdited = await runner.scoreEncoded({ ...first, resampled: [earlier, later] }, edited, exemplars, 3.1);
      expect(averagedOnEdited.vote.officialScore).toBeCloseTo(mean((i) => onEdited[i]?.vote.officialScore ?? Number.NaN), 4);
      expect(averagedOnEdited.boundaries).toEqual(edited);
    } finally {
      await runner.release();
    }
  }, 60_000);
});
