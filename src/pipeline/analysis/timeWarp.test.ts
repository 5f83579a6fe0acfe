import { describe, expect, it } from 'vitest';
import { J } from '../pose/skeleton.ts';
import { bankPoseJoints, compareLength, framesAt, frameAtPhase, overlayJoints, stageOf, stagePhase, torsoLength, type StageMarks } from './timeWarp.ts';

const query: StageMarks = { frameCount: 100, fps: 25, takeOffEnd: 29, entryStart: 70 };
const exemplar: StageMarks = { frameCount: 60, fps: 30, takeOffEnd: 9, entryStart: 50 };

describe('stage-aligned time warp', () => {
  it('shows the same stage on both sides at every position', () => {
    for (let p = 0; p < compareLength('aligned', query, exemplar); p++) {
      const f = framesAt(p, 'aligned', query, exemplar);
      expect(stageOf(f.exemplar, exemplar), `position ${p}`).toBe(stageOf(f.query, query));
    }
  });

  it('starts each stage together and moves monotonically', () => {
    expect(framesAt(0, 'aligned', query, exemplar).exemplar).toBe(0);
    expect(framesAt(30, 'aligned', query, exemplar).exemplar).toBe(10);
    expect(framesAt(70, 'aligned', query, exemplar).exemplar).toBe(50);
    expect(framesAt(99, 'aligned', query, exemplar).exemplar).toBe(59);
    let last = -1;
    for (let p = 0; p < 100; p++) {
      const e = framesAt(p, 'aligned', query, exemplar).exemplar;
      expect(e).toBeGreaterThanOrEqual(last);
      last = e;
    }
  });

  it('squeezes a long stage and stretches a short one proportionally', () => {
    // Query flight: frames 30–69 (40 frames); exemplar flight: 10–49 (40 frames) → one to one.
    expect(framesAt(50, 'aligned', query, exemplar).exemplar).toBe(30);
    // Query take-off: 30 frames; exemplar take-off: 10 → a third.
    expect(framesAt(15, 'aligned', query, exemplar).exemplar).toBe(5);
    expect(frameAtPhase(stagePhase(15, query), exemplar)).toBe(5);
  });

  it('keeps real time in plain mode, where the stages drift apart', () => {
    expect(compareLength('plain', query, exemplar)).toBe(100);
    expect(framesAt(30, 'plain', query, exemplar).exemplar).toBe(36); // 30.5 frames at 25 fps = 1.22 s = frame 36 at 30 fps
    expect(framesAt(99, 'plain', query, exemplar).exemplar).toBe(59);
    const mismatched = Array.from({ length: 100 }, (_, p) => framesAt(p, 'plain', query, exemplar)).filter((f) => stageOf(f.exemplar, exemplar) !== stageOf(f.query, query));
    expect(mismatched.length).toBeGreaterThan(0);
    const longer: StageMarks = { frameCount: 200, fps: 25, takeOffEnd: 50, entryStart: 150 };
    expect(compareLength('plain', query, longer)).toBe(200);
    expect(framesAt(150, 'plain', query, longer)).toEqual({ query: 99, exemplar: 150 });
  });

  it('reads a slow-motion clip at the dive\'s real time in plain mode', () => {
    // The query plays 3× slower than the dive: its 100 frames at 25 fps are 4/3 s of the dive.
    const slowQuery: StageMarks = { ...query, slower: 3 };
    const sameDive: StageMarks = { frameCount: 40, fps: 30, takeOffEnd: 10, entryStart: 30 };
    expect(compareLength('plain', slowQuery, sameDive)).toBe(100);
    // Query frame 74: 74.5 / 75 s of the dive ≈ 0.993 s, the exemplar's frame 29 at 30 fps.
    expect(framesAt(74, 'plain', slowQuery, sameDive).exemplar).toBe(29);
    expect(framesAt(74, 'plain', query, sameDive).exemplar).toBe(39); // read on the clip's clock it would be past the end
    // A slow-motion exemplar is read the same way.
    expect(framesAt(30, 'plain', query, { ...exemplar, frameCount: 120, slower: 2 }).exemplar).toBe(73); // 1.22 s of the dive at 60 frames a second of it
  });
});

describe('overlay', () => {
  const frame = (pelvis: [number, number], neck: [number, number], conf = 1) => {
    const joints = new Float32Array(48);
    joints.set([...pelvis, conf], J.pelvis * 3);
    joints.set([...neck, conf], J.upper_neck * 3);
    joints.set([pelvis[0] + 10, pelvis[1] + 40, conf], J.r_knee * 3);
    return joints;
  };

  it('puts the exemplar pelvis on the query pelvis at the query diver’s size', () => {
    const q = frame([300, 200], [300, 120]);
    const e = frame([0.1, 0.2], [0.1, -0.2]);
    const scale = torsoLength(q, 1, 0.1) / torsoLength(e, 1, 0.1);
    expect(scale).toBeCloseTo(200, 3);
    const out = overlayJoints(e, q, scale, 0.1);
    expect(out?.[J.pelvis * 3]).toBeCloseTo(300, 4);
    expect(out?.[J.pelvis * 3 + 1]).toBeCloseTo(200, 4);
    expect(out?.[J.upper_neck * 3 + 1]).toBeCloseTo(120, 4);
    expect(overlayJoints(frame([0, 0], [0, 1], 0), q, scale, 0.1)).toBeNull();
  });

  it('reads bank poses, (0, 0) as a missing joint', () => {
    const joints = bankPoseJoints(Int16Array.from([...Array(30).fill(0), 500, -250]), 1);
    expect(joints[15 * 3]).toBeCloseTo(0.5, 6);
    expect(joints[15 * 3 + 1]).toBeCloseTo(-0.25, 6);
    expect(joints[15 * 3 + 2]).toBe(1);
    expect(joints[2]).toBe(0);
  });
});
