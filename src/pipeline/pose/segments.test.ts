import { describe, expect, it } from 'vitest';
import { packPoseSequence } from './packed.ts';
import { finishPoseFrames, DEFAULT_POSE_STAGE_CONFIG, type PostprocessConfig } from './poseStage.ts';
import { finishPoseSegments, planPoseSegments, SEGMENT_SCHEME_LABEL, type DetectedSegment, type PoseSegmentPlan, type StageView } from './segments.ts';
import { JOINT_COUNT } from './skeleton.ts';
import type { PoseFrame } from './types.ts';
import { mulberry32 } from '../math/random.ts';

const post: PostprocessConfig = DEFAULT_POSE_STAGE_CONFIG;

/** A diver falling across the frame with jitter, a few frames missed, as the per-frame loop gives it. */
function rawFrames(count: number, seed = 3): PoseFrame[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, f) => {
    const detected = f % 17 !== 5 && f % 23 !== 9;
    const joints = new Float32Array(JOINT_COUNT * 3);
    for (let j = 0; j < JOINT_COUNT; j++) {
      joints[j * 3] = 200 + 2 * f + 8 * Math.cos(j) + random() * 3;
      joints[j * 3 + 1] = 80 + 1.5 * f + 20 * Math.sin(j) + random() * 3;
      joints[j * 3 + 2] = detected ? 0.4 + 0.5 * random() : 0;
    }
    return detected
      ? { detected, box: { x1: 180 + 2 * f, y1: 60 + 1.5 * f, x2: 220 + 2 * f, y2: 110 + 1.5 * f }, score: 0.8, joints, repaired: new Uint8Array(JOINT_COUNT) }
      : { detected, box: null, score: 0, joints, repaired: new Uint8Array(JOINT_COUNT) };
  });
}

function segmentOf(plan: PoseSegmentPlan, frames: PoseFrame[], view: StageView, checks: { checked: number; frames: number[] }): DetectedSegment {
  return { plan, frames: packPoseSequence({ fps: 25, width: 640, height: 360, config: 'backend+cfg', frames }), otherPeople: checks, followed: null, view, postprocess: post, cameraPath: null };
}

describe('planPoseSegments', () => {
  it('splits a clip in two halves that run the same number of frames, the second after a half-second warm-up', () => {
    const plans = planPoseSegments(100, 25, false);
    // Warm-up round(0.5 × 25) = 13 frames.
    expect(plans).toEqual([{ from: 0, keepFrom: 0, to: 56 }, { from: 44, keepFrom: 57 }]);
    const run = plans.map((p, i) => (i === 0 ? (p.to as number) + 1 : 100 - p.from));
    expect(Math.abs((run[0] ?? 0) - (run[1] ?? 0))).toBeLessThanOrEqual(1);
    // Kept frames cover the clip once, in order.
    expect(plans[1]?.keepFrom).toBe((plans[0]?.to as number) + 1);
  });

  it('scales the warm-up with the frame rate', () => {
    const [, second] = planPoseSegments(300, 50, false);
    expect((second?.keepFrom ?? 0) - (second?.from ?? 0)).toBe(25);
  });

  it('keeps short clips, clips of unknown length and a diver the judge picked in one segment', () => {
    expect(planPoseSegments(40, 25, false)).toEqual([{ from: 0, keepFrom: 0 }]);
    expect(planPoseSegments(Number.NaN, 25, false)).toEqual([{ from: 0, keepFrom: 0 }]);
    // The judge's click is on the first frame: a later segment could not know which diver it meant.
    expect(planPoseSegments(500, 25, true)).toEqual([{ from: 0, keepFrom: 0 }]);
  });
});

describe('finishPoseSegments', () => {
  const view: StageView = { box: null, scale: 1 };
  const frames = rawFrames(90);

  it('joins the segments into exactly what one pass over the whole clip gives', () => {
    const joined = finishPoseSegments(
      [
        segmentOf({ from: 38, keepFrom: 50 }, frames.slice(50), view, { checked: 2, frames: [60] }),
        segmentOf({ from: 0, keepFrom: 0, to: 49 }, frames.slice(0, 50), view, { checked: 3, frames: [] }),
      ],
      { fps: 25, width: 640, height: 360 },
    );
    const whole = packPoseSequence(finishPoseFrames(rawFrames(90), post, 'backend+cfg', { fps: 25, width: 640, height: 360 }, { otherPeople: { checked: 5, frames: [60] } }));
    expect(joined.sequence.frameCount).toBe(90);
    expect(Array.from(joined.sequence.joints)).toEqual(Array.from(whole.joints));
    expect(Array.from(joined.sequence.detected)).toEqual(Array.from(whole.detected));
    expect(Array.from(joined.sequence.repaired)).toEqual(Array.from(whole.repaired));
    expect(joined.sequence.config).toBe(`backend+cfg${SEGMENT_SCHEME_LABEL}`);
    expect(joined.otherPeople).toEqual({ checked: 5, frames: [60] });
  });

  it('moves the joints from the stage pixels (inside black bars, shrunk) back to frame pixels', () => {
    const one = rawFrames(30);
    const shrunk: StageView = { box: { x: 0, y: 40, width: 640, height: 280 }, scale: 0.5 };
    const plain = finishPoseSegments([segmentOf({ from: 0, keepFrom: 0 }, rawFrames(30), view, { checked: 0, frames: [] })], { fps: 25, width: 640, height: 360 });
    const mapped = finishPoseSegments([segmentOf({ from: 0, keepFrom: 0 }, one, shrunk, { checked: 0, frames: [] })], { fps: 25, width: 1280, height: 720 });
    expect(mapped.sequence.width).toBe(1280);
    expect(mapped.sequence.joints[0]).toBeCloseTo((plain.sequence.joints[0] ?? 0) * 2, 3);
    expect(mapped.sequence.joints[1]).toBeCloseTo(((plain.sequence.joints[1] ?? 0) + 40) * 2, 3);
  });

  it('drops a second half that found no frames (the clip ended before it: its header counted more frames)', () => {
    const joined = finishPoseSegments(
      [segmentOf({ from: 0, keepFrom: 0, to: 49 }, frames.slice(0, 40), view, { checked: 0, frames: [] }), segmentOf({ from: 38, keepFrom: 50 }, [], view, { checked: 0, frames: [] })],
      { fps: 25, width: 640, height: 360 },
    );
    expect(joined.sequence.frameCount).toBe(40);
  });

  it('refuses segments that leave frames out', () => {
    expect(() =>
      finishPoseSegments(
        [segmentOf({ from: 0, keepFrom: 0, to: 49 }, frames.slice(0, 50), view, { checked: 0, frames: [] }), segmentOf({ from: 40, keepFrom: 52 }, frames.slice(52), view, { checked: 0, frames: [] })],
        { fps: 25, width: 640, height: 360 },
      ),
    ).toThrow(/frame 52 does not follow frame 49/);
  });
});
