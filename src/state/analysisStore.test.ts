/**
 * The analysis store's own logic, with no pack loaded (so nothing is sent to a worker): a saved
 * analysis reopens as it was saved, stage edits undo and redo, and the vote settings stay in range.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { sampleRecord } from '../export/pdf/reportFixture.ts';
import { packedPoseOf } from '../pipeline/analysis/record.ts';
import { connectAnalysis, MAX_VOTE_N, useAnalysisStore } from './analysisStore.ts';
import { useClipStore, type LoadedClip } from './clipStore.ts';
import { usePackStore } from './packStore.ts';
import { seedPoseForFile, usePoseStore } from './poseStore.ts';

const record = sampleRecord();

beforeEach(() => {
  usePackStore.setState({ active: null });
  // Only the frame count is read by the stage edits; no real clip is needed for them.
  useClipStore.setState({ clip: { info: { frameCount: record.clip.frameCount }, url: 'blob:clip' } as unknown as LoadedClip });
  useAnalysisStore.getState().applyRecord(record);
});

describe('analysis store', () => {
  test('a saved analysis reopens as it was saved: stages, votes, score and the label read from its pack', () => {
    const s = useAnalysisStore.getState();
    expect(s.status).toBe('scored');
    expect(s.transitions).toEqual(record.stages?.used);
    expect(s.modelTransitions).toEqual(record.stages?.model);
    expect(s.summary?.predictedScore).toBe(record.summary?.predictedScore);
    expect(s.score?.exemplars).toEqual([0, 1, 2]);
    expect(s.voteN).toBe(3);
    expect(s.scoreLabel).toMatch(/simulated/);
    expect(s.encoded?.splash?.score).toBe(1.8);
    expect([s.undoStack.length, s.redoStack.length]).toEqual([0, 0]);
  });

  test('stage edits undo and redo in order; a new edit clears the redo; the same stages add no step', () => {
    const a = useAnalysisStore.getState;
    const original = a().transitions;
    a().commitTransitions({ takeOffEnd: 20, entryStart: 50 });
    a().commitTransitions({ takeOffEnd: 22, entryStart: 48 });
    expect(a().transitions).toEqual({ takeOffEnd: 22, entryStart: 48 });
    a().undo();
    expect(a().transitions).toEqual({ takeOffEnd: 20, entryStart: 50 });
    a().undo();
    expect(a().transitions).toEqual(original);
    a().undo(); // nothing left: stays
    expect(a().transitions).toEqual(original);
    a().redo();
    expect(a().transitions).toEqual({ takeOffEnd: 20, entryStart: 50 });
    a().commitTransitions({ takeOffEnd: 10, entryStart: 40 });
    expect(a().redoStack).toEqual([]);
    const depth = a().undoStack.length;
    a().commitTransitions({ takeOffEnd: 10, entryStart: 40 });
    expect(a().undoStack.length).toBe(depth);
  });

  test('edits are held inside the clip with take-off before entry, and resetting to the model is one more undoable edit', () => {
    const a = useAnalysisStore.getState;
    a().commitTransitions({ takeOffEnd: 500, entryStart: 900 });
    const last = record.clip.frameCount - 1;
    expect(a().transitions).toEqual({ takeOffEnd: last - 2, entryStart: last });
    a().resetTransitions();
    expect(a().transitions).toEqual(record.stages?.model);
    a().undo();
    expect(a().transitions).toEqual({ takeOffEnd: last - 2, entryStart: last });
  });

  test('the vote keeps N within 1…MAX_VOTE_N, and choosing exemplars starts from those that voted', () => {
    const a = useAnalysisStore.getState;
    a().setVoteN(0);
    expect(a().voteN).toBe(1);
    a().setVoteN(10_000);
    expect(a().voteN).toBe(MAX_VOTE_N);
    a().toggleExemplar(1);
    expect(a().voteMode).toBe('chosen');
    expect(a().chosen).toEqual([0, 2]);
    a().toggleExemplar(7);
    expect(a().chosen).toEqual([0, 2, 7]);
  });

  test('a saved pose that brings its analysis starts no new analysis when its clip is relinked; one without starts it', async () => {
    const pose = sampleRecord({ withPose: true }).pose;
    if (!pose) throw new Error('the fixture has a pose');
    const analyze = vi.fn(async () => undefined);
    const realAnalyze = useAnalysisStore.getState().analyze;
    // connectAnalysis only asks whether a pack is active; no graph runs here (analyze is the spy).
    usePackStore.setState({ active: {} as NonNullable<ReturnType<typeof usePackStore.getState>['active']> });
    const stop = connectAnalysis();
    try {
      for (const withAnalysis of [true, false]) {
        const file = new Blob([String(withAnalysis)]);
        const clip = { info: { frameCount: pose.frameCount }, url: `blob:relinked-${withAnalysis}`, file } as unknown as LoadedClip; // only the fields the stores read
        useClipStore.setState({ clip });
        // As on a relink: the clip's React effect may finish the saved pose before the saved analysis is applied.
        useAnalysisStore.setState({ analyze, encoded: null, status: 'idle' });
        usePoseStore.getState().reset();
        seedPoseForFile(file, packedPoseOf(pose), withAnalysis);
        await usePoseStore.getState().runPose(clip);
        expect(usePoseStore.getState().status).toBe('done');
        expect(analyze).toHaveBeenCalledTimes(withAnalysis ? 0 : 1);
      }
    } finally {
      stop();
      useAnalysisStore.setState({ analyze: realAnalyze });
    }
  });
});
