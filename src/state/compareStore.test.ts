/**
 * The comparison transport: the position stays within the comparison's length, which is the
 * dive's own in stage-aligned mode and the longer of the two in real time; stepping stops play.
 * Loading exemplars (IndexedDB, packs, clips) is e2e/coach.spec.ts.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { packedPoseOf } from '../pipeline/analysis/record.ts';
import { kinematicsSeries } from '../pipeline/analysis/kinematics.ts';
import { sampleRecord } from '../export/pdf/reportFixture.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { querySide, useCompareStore, type CompareSide } from './compareStore.ts';
import { usePackStore } from './packStore.ts';
import { usePoseStore } from './poseStore.ts';

const record = sampleRecord({ withPose: true });

beforeEach(() => {
  usePackStore.setState({ active: null });
  useAnalysisStore.getState().applyRecord(record);
  if (!record.pose) throw new Error('the fixture has a pose');
  usePoseStore.getState().restore(packedPoseOf(record.pose), 'blob:clip', true);
  const query = querySide();
  if (!query) throw new Error('no query side');
  // An exemplar twice as long in time (60 frames at 20 fps against the dive's 45 at 30 fps).
  const exemplar: CompareSide = { ...query, label: 'exemplar', marks: { frameCount: 60, fps: 20, takeOffEnd: 12, entryStart: 44 }, series: kinematicsSeries({ fps: 20, frameCount: 0, joints: [] }) };
  useCompareStore.setState({ open: true, exemplar, position: 0, playing: false, mode: 'aligned' });
});

describe('compare store', () => {
  test('the dive being judged is the query side, with its own stages', () => {
    expect(querySide()?.marks).toEqual({ frameCount: 45, fps: 30, takeOffEnd: 9, entryStart: 33, slower: 1 });
  });

  test('a query that is slow motion throughout is compared at the dive\'s real time', () => {
    const encoded = useAnalysisStore.getState().encoded;
    if (!encoded) throw new Error('the fixture is analysed');
    useAnalysisStore.setState({ encoded: { ...encoded, replay: null, slowdown: 3 } });
    expect(querySide()?.marks.slower).toBe(3);
    useCompareStore.setState({ mode: 'plain' });
    useCompareStore.getState().setPosition(1000);
    // The dive's 45 frames are 0.5 s of the dive; the exemplar's 3 s are 270 of the query's frames.
    expect(useCompareStore.getState().position).toBe(269);
  });

  test('stage-aligned, the position runs over the dive\'s frames; in real time, over the longer clip', () => {
    const c = useCompareStore.getState;
    c().setPosition(1000);
    expect(c().position).toBe(44);
    c().setMode('plain');
    c().setPosition(1000);
    expect(c().position).toBe(89); // 60 frames at 20 fps = 3 s = 90 frames at 30 fps
    c().setPosition(-5);
    expect(c().position).toBe(0);
  });

  test('a step moves one frame from the shown one and stops play; close forgets the exemplar', () => {
    const c = useCompareStore.getState;
    c().setPosition(10.6);
    c().togglePlay();
    expect(c().playing).toBe(true);
    c().step(1);
    expect(c().position).toBe(12);
    expect(c().playing).toBe(false);
    c().close();
    expect(c()).toMatchObject({ open: false, exemplar: null, source: null });
  });
});
