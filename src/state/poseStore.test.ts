/**
 * The pose store's state without the pose worker: a restored sequence (a reopened analysis) shows
 * the frames where the diver was not found, and a reset forgets it. Running the pose stage on real
 * frames is e2e/pose.spec.ts.
 */
import { describe, expect, test } from 'vitest';
import { packedPoseOf } from '../pipeline/analysis/record.ts';
import { sampleRecord } from '../export/pdf/reportFixture.ts';
import { usePoseStore } from './poseStore.ts';

describe('pose store', () => {
  test('a restored sequence is shown as done, with the frames where the diver was not found as gaps', () => {
    const pose = sampleRecord({ withPose: true }).pose;
    if (!pose) throw new Error('the fixture has a pose');
    const detected = [...pose.detected];
    for (const f of [5, 6, 7, 40]) detected[f] = 0;
    const sequence = packedPoseOf({ ...pose, detected });
    usePoseStore.getState().setPicking(true);
    usePoseStore.getState().restore(sequence, 'blob:clip', true);
    const s = usePoseStore.getState();
    expect(s.status).toBe('done');
    expect(s.clipUrl).toBe('blob:clip');
    expect(s.picking).toBe(false);
    expect(s.gaps).toEqual([{ start: 5, end: 7 }, { start: 40, end: 40 }]);
  });

  test('a reset forgets the sequence and its clip', () => {
    usePoseStore.getState().reset();
    expect(usePoseStore.getState()).toMatchObject({ status: 'idle', sequence: null, clipUrl: null, gaps: [] });
  });
});
