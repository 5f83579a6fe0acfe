import { describe, expect, test } from 'vitest';
import { JOINT_COUNT, JOINT_STRIDE, J } from './skeleton.ts';
import {
  associate,
  boxCornerDistance,
  boxFromJoints,
  cropForNextFrame,
  isLost,
  JOINT_BOX_PADDING,
  medianBodyScale,
  predictBox,
  updateTrack,
  type TrackState,
} from './tracking.ts';
import type { Box, PoseCandidate, PoseFrame } from './types.ts';

function box(x: number, y: number, width: number, height: number): Box {
  return { x1: x, y1: y, x2: x + width, y2: y + height };
}

function candidate(b: Box, score: number): PoseCandidate {
  return { box: b, score, joints: new Float32Array(JOINT_COUNT * JOINT_STRIDE) };
}

function trackThrough(boxes: Array<Box | null>): TrackState | null {
  let state: TrackState | null = null;
  boxes.forEach((b, frame) => {
    state = updateTrack(state, b, frame);
  });
  return state;
}

describe('eq. 29 corner distance', () => {
  test('is the Euclidean distance over both corners', () => {
    const a = box(0, 0, 10, 10);
    expect(boxCornerDistance(a, a)).toBe(0);
    // Shift by (3, 4): each corner moves 5, so sqrt(25 + 25).
    expect(boxCornerDistance(a, box(3, 4, 10, 10))).toBeCloseTo(Math.sqrt(50), 12);
    // Growing by 2 at the bottom-right only: one corner moves by (2, 2).
    expect(boxCornerDistance(a, box(0, 0, 12, 12))).toBeCloseTo(Math.sqrt(8), 12);
    expect(boxCornerDistance(box(1, 2, 3, 4), box(7, 5, 2, 9))).toBeCloseTo(boxCornerDistance(box(7, 5, 2, 9), box(1, 2, 3, 4)), 12);
  });
});

describe('track state', () => {
  test('velocity is per frame, also across missed frames, and prediction extrapolates it', () => {
    let state = trackThrough([box(0, 0, 100, 200), box(10, 40, 100, 200)]);
    expect(state?.velocityX).toBeCloseTo(10);
    expect(state?.velocityY).toBeCloseTo(40);
    state = updateTrack(state, null, 2);
    state = updateTrack(state, null, 3);
    expect(state?.missedFrames).toBe(2);
    expect(state?.lastSeenFrame).toBe(1);
    // Seen again at frame 4, three frames after frame 1, having moved (30, 120): still (10, 40) per frame.
    state = updateTrack(state, box(40, 160, 100, 200), 4);
    expect(state?.velocityX).toBeCloseTo(10);
    expect(state?.velocityY).toBeCloseTo(40);
    expect(state?.missedFrames).toBe(0);
    if (state === null) throw new Error('track expected');
    expect(predictBox(state)).toEqual(box(50, 200, 100, 200));
    expect(predictBox(state, 7)).toEqual(box(70, 280, 100, 200));
  });

  test('a track starts only when something is seen; lost after more than maxMissedFrames misses', () => {
    expect(updateTrack(null, null, 0)).toBeNull();
    let state: TrackState | null = updateTrack(null, box(0, 0, 10, 10), 0);
    expect(isLost(state, 3)).toBe(false);
    for (let frame = 1; frame <= 3; frame++) state = updateTrack(state, null, frame);
    expect(isLost(state, 3)).toBe(false);
    state = updateTrack(state, null, 4);
    expect(isLost(state, 3)).toBe(true);
    expect(isLost(null, 3)).toBe(true);
  });

  test('a box with NaN corners is refused', () => {
    expect(() => updateTrack(null, { x1: Number.NaN, y1: 0, x2: 1, y2: 1 }, 1)).toThrow(RangeError);
  });
});

describe('association', () => {
  test('without a track, the larger person wins unless clearly less confident; low scores are ignored', () => {
    const diver = candidate(box(300, 100, 120, 240), 0.7);
    const spectator = candidate(box(20, 300, 30, 60), 0.95);
    expect(associate(null, [spectator, diver])).toMatchObject({ index: 1, mode: 'acquire' });
    expect(Number.isNaN(associate(null, [spectator, diver])?.distance)).toBe(true);
    // A large but doubtful detection loses to a confident person a bit smaller.
    const blob = candidate(box(0, 0, 150, 300), 0.35);
    expect(associate(null, [blob, diver])?.index).toBe(1);
    expect(associate(null, [candidate(box(0, 0, 100, 100), 0.2)], { minScore: 0.3 })).toBeNull();
    expect(associate(null, [])).toBeNull();
  });

  test('the diver is kept when a spectator with a higher score appears far away', () => {
    let state = trackThrough([box(400, 100, 80, 200), box(402, 130, 80, 200)]);
    for (let frame = 2; frame < 12; frame++) {
      const diverBox = box(400 + 2 * frame, 100 + 30 * frame, 80, 200);
      const spectator = candidate(box(20, 500, 100, 220), 0.99);
      const result = associate(state, [spectator, candidate(diverBox, 0.45)], { frameIndex: frame });
      expect(result).toMatchObject({ index: 1, mode: 'track' });
      expect(result?.distance).toBeLessThan(0.1);
      state = updateTrack(state, diverBox, frame);
    }
  });

  test('a spectator alone far away is rejected, not taken as the diver', () => {
    let state = trackThrough([box(400, 100, 80, 200), box(400, 110, 80, 200)]);
    const spectator = candidate(box(1500, 900, 80, 200), 0.99);
    expect(associate(state, [spectator])).toBeNull();
    // Once missing for more than maxMissedFrames, the prediction is no longer trusted: acquire.
    for (let frame = 2; frame <= 9; frame++) state = updateTrack(state, null, frame);
    expect(associate(state, [spectator], { maxMissedFrames: 8 })).toBeNull();
    state = updateTrack(state, null, 10);
    expect(associate(state, [spectator], { maxMissedFrames: 8 })).toMatchObject({ index: 0, mode: 'acquire' });
  });

  test('a spectator standing still does not steal the track when the diver moves fast', () => {
    // Diver falling 80 px per frame (a third of the box diagonal); from frame 6 a confident
    // spectator stands exactly where the diver was at frame 5.
    const diverAt = (frame: number): Box => box(300, 50 + 80 * frame, 100, 200);
    let state: TrackState | null = null;
    for (let frame = 0; frame <= 5; frame++) state = updateTrack(state, diverAt(frame), frame);
    const spectator = candidate(diverAt(5), 0.95);
    if (state === null) throw new Error('track expected');
    // Control: ignoring the velocity, the still spectator would win. The test below can fail.
    const stillTrack: TrackState = { ...state, velocityX: 0, velocityY: 0 };
    expect(associate(stillTrack, [spectator, candidate(diverAt(6), 0.6)])?.index).toBe(0);
    for (let frame = 6; frame < 10; frame++) {
      const result = associate(state, [spectator, candidate(diverAt(frame), 0.6)]);
      expect(result?.index).toBe(1);
      state = updateTrack(state, diverAt(frame), frame);
    }
  });

  test('the tracker re-acquires the diver after a 5-frame miss, ignoring people elsewhere', () => {
    const diverAt = (frame: number): Box => box(500 + 5 * frame, 40 + 25 * frame, 90, 180);
    const judge = candidate(box(60, 400, 50, 110), 0.97);
    let state: TrackState | null = null;
    for (let frame = 0; frame < 10; frame++) {
      const result = associate(state, [judge, candidate(diverAt(frame), 0.8)]);
      expect(result?.index).toBe(1);
      state = updateTrack(state, diverAt(frame), frame);
    }
    // Frames 10–14: the diver is hidden (splash, motion blur); only the judge is detected.
    for (let frame = 10; frame < 15; frame++) {
      expect(associate(state, [judge])).toBeNull();
      state = updateTrack(state, null, frame);
    }
    expect(state?.missedFrames).toBe(5);
    expect(isLost(state, 8)).toBe(false);
    // Frame 15: back where constant velocity puts it, with a lower score than the judge.
    const result = associate(state, [judge, candidate(diverAt(15), 0.5)]);
    expect(result).toMatchObject({ index: 1, mode: 'track' });
    expect(result?.distance).toBeLessThan(0.05);
    state = updateTrack(state, diverAt(15), 15);
    expect(state?.missedFrames).toBe(0);
    expect(state?.velocityY).toBeCloseTo(25);
  });

  test('the gate widens with the frames missed', () => {
    const state = trackThrough([box(0, 0, 100, 100), box(0, 0, 100, 100)]);
    if (state === null) throw new Error('track expected');
    // Last seen at frame 1. A shift of 2 diagonals is outside the gate at frames 2 (1.5) and
    // 3 (1.75), inside it at frame 5 (1.5 + 3 × 0.25 = 2.25).
    const shift = 2 * Math.hypot(100, 100);
    const far = candidate(box(shift, 0, 100, 100), 0.9);
    const gate = { maxJump: 1.5, maxJumpGrowth: 0.25 };
    expect(associate(state, [far], gate)).toBeNull();
    expect(associate({ ...state, frame: 2, missedFrames: 1 }, [far], gate)).toBeNull();
    expect(associate({ ...state, frame: 4, missedFrames: 3 }, [far], gate)?.distance).toBeCloseTo(2);
  });
});

describe('crop for the next frame', () => {
  const options = { margin: 3, minSize: 96, frameWidth: 1920, frameHeight: 1080 };

  test('square, margin × the longer side, centred on the predicted box', () => {
    const state = trackThrough([box(800, 300, 60, 140), box(810, 320, 60, 140)]);
    if (state === null) throw new Error('track expected');
    const crop = cropForNextFrame(state, options);
    expect(crop.size).toBeCloseTo(420);
    // Predicted box: (820, 340)–(880, 480), centre (850, 410).
    expect(crop.x + crop.size / 2).toBeCloseTo(850);
    expect(crop.y + crop.size / 2).toBeCloseTo(410);
    expect(cropForNextFrame(state, { ...options, margin: 1.25 }).size).toBeCloseTo(175);
  });

  test('at least minSize, at most the frame, shifted inside the frame and still containing the box', () => {
    const small = trackThrough([box(1890, 1050, 20, 20)]);
    if (small === null) throw new Error('track expected');
    const crop = cropForNextFrame(small, options);
    expect(crop.size).toBe(96);
    expect(crop).toMatchObject({ x: 1920 - 96, y: 1080 - 96 });
    const huge = trackThrough([box(100, 100, 400, 900)]);
    if (huge === null) throw new Error('track expected');
    const big = cropForNextFrame(huge, options);
    expect(big.size).toBe(1920);
    expect(big).toMatchObject({ x: 0, y: (1080 - 1920) / 2 });
    const edge = trackThrough([box(10, 500, 100, 200)]);
    if (edge === null) throw new Error('track expected');
    const tight = cropForNextFrame(edge, { ...options, margin: 2 });
    expect(tight.x).toBe(0);
    expect(tight.x + tight.size).toBeGreaterThanOrEqual(110);
    expect(tight.y).toBeLessThanOrEqual(500);
    expect(tight.y + tight.size).toBeGreaterThanOrEqual(700);
  });
});

describe('box from joints', () => {
  function joints(points: Array<[number, number, number]>): Float32Array {
    const array = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
    points.forEach(([x, y, c], j) => array.set([x, y, c], j * JOINT_STRIDE));
    return array;
  }

  test('tight box of confident joints, padded by a fraction of its longer side', () => {
    const array = joints([
      [100, 400, 0.9],
      [110, 300, 0.9],
      [120, 200, 0.9],
    ]);
    array.set([130, 0, 0.9], J.head_top * JOINT_STRIDE);
    array.set([900, 900, 0.1], J.l_wrist * JOINT_STRIDE); // below the threshold
    array.set([Number.NaN, Number.NaN, 0], J.r_wrist * JOINT_STRIDE);
    const pad = JOINT_BOX_PADDING * 400;
    expect(boxFromJoints(array, 0.3)).toEqual({ x1: 100 - pad, y1: -pad, x2: 130 + pad, y2: 400 + pad });
  });

  test('null with fewer than two confident joints', () => {
    expect(boxFromJoints(joints([[5, 5, 0.9]]), 0.3)).toBeNull();
    expect(boxFromJoints(new Float32Array(JOINT_COUNT * JOINT_STRIDE), 0)).toBeNull();
  });

  test('median body scale over a clip ignores undetected frames', () => {
    const frame = (height: number, detected = true): PoseFrame => ({
      detected,
      box: null,
      score: 1,
      joints: joints([
        [0, 0, 1],
        [0, height, 1],
      ]),
      repaired: new Uint8Array(JOINT_COUNT),
    });
    expect(medianBodyScale([frame(100), frame(300), frame(200), frame(5000, false)], 0.3)).toBe(200);
    expect(medianBodyScale([frame(100), frame(300)], 0.3)).toBe(200);
    expect(medianBodyScale([], 0.3)).toBeNaN();
  });
});
