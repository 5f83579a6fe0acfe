import { describe, expect, it } from 'vitest';
import { cropBoxesFromPoses, uniformFrameIndices } from '../aqa/inputs.ts';
import { J, JOINT_COUNT } from '../pose/skeleton.ts';
import {
  APPARENT_HEIGHT_NOTE,
  DEFAULT_MIN_CONFIDENCE,
  formatFigure,
  frameAngles,
  kinematicsFigures,
  kinematicsSeries,
  kinematicsSeriesFromBank,
  kinematicsSeriesOfAnalysis,
  MEASURED_HEIGHT_NOTE,
  type KinematicsFigure,
} from './kinematics.ts';
import { CLEARANCE_LIMIT } from '../aqa/takeOff.ts';
import { RAD, dir, stickFigure as pose, type StickPose as Pose } from './stickFigure.ts';

const UPRIGHT: Pose = { px: 300, py: 400, trunk: 0, hip: 180, knee: 180, elbow: 180 };

/**
 * A forward 1½ somersault tuck at 30 fps, 45 frames: upright take-off (frames 0–9, pelvis at
 * y = 400), flight 10–32 (rotating 0 → 540°, tucking to hip 40° / knee 35° over frames 16–26,
 * pelvis rising 90 px at frame 21), vertical inverted straight entry from frame 33.
 */
const FPS = 30;
const TAKE_OFF_END = 9;
const ENTRY_START = 33;
const FRAMES = 45;
const RISE = 90;
/** head_top → ankles when straight: 75 + 45 + 45. */
const BODY = 165;

function diveFrame(f: number): Pose {
  if (f <= TAKE_OFF_END) return { ...UPRIGHT, elbow: 170 };
  if (f >= ENTRY_START) return { px: 300, py: 400 + (f - ENTRY_START) * 20, trunk: 540, hip: 180, knee: 180, elbow: 175 };
  const s = (f - TAKE_OFF_END) / (ENTRY_START - TAKE_OFF_END);
  const fold = f < 16 ? (f - TAKE_OFF_END) / (16 - TAKE_OFF_END) : f <= 26 ? 1 : (32 - f) / (32 - 26);
  return {
    px: 300,
    py: 400 - 4 * RISE * s * (1 - s),
    trunk: 540 * s,
    hip: 180 - (180 - 40) * fold,
    knee: 180 - (180 - 35) * fold,
    elbow: 90,
  };
}

function synthDive(): { joints: Float32Array; frames: Float32Array[] } {
  const frames = Array.from({ length: FRAMES }, (_, f) => pose(diveFrame(f)));
  const joints = new Float32Array(FRAMES * JOINT_COUNT * 3);
  frames.forEach((fr, i) => joints.set(fr, i * JOINT_COUNT * 3));
  return { joints, frames };
}

function figure(figures: KinematicsFigure[], key: string): KinematicsFigure {
  const found = figures.find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${key}`);
  return found;
}

describe('frameAngles', () => {
  it('measures a right-angle knee as 90° and a straight leg as 180°', () => {
    const bent = frameAngles(pose({ ...UPRIGHT, knee: 90 }));
    expect(bent.angles.rightKnee).toBeCloseTo(90, 3);
    expect(bent.angles.leftKnee).toBeCloseTo(90, 3);
    const straight = frameAngles(pose(UPRIGHT));
    expect(straight.angles.rightKnee).toBeCloseTo(180, 2);
    expect(straight.angles.rightHip).toBeCloseTo(180, 2);
    const piked = frameAngles(pose({ ...UPRIGHT, hip: 60, elbow: 120 }));
    expect(piked.angles.leftHip).toBeCloseTo(60, 3);
    expect(piked.angles.rightElbow).toBeCloseTo(120, 3);
  });

  it('measures the trunk from vertical: upright 0°, inverted 180°, horizontal 90°', () => {
    expect(frameAngles(pose(UPRIGHT)).angles.trunk).toBeCloseTo(0, 3);
    expect(frameAngles(pose({ ...UPRIGHT, trunk: 180 })).angles.trunk).toBeCloseTo(180, 3);
    expect(frameAngles(pose({ ...UPRIGHT, trunk: -90 })).angles.trunk).toBeCloseTo(90, 3);
    expect(frameAngles(pose({ ...UPRIGHT, trunk: 30 })).angles.trunk).toBeCloseTo(30, 3);
  });

  it('gives NaN and the low confidence where a joint is below the threshold', () => {
    const joints = pose({ ...UPRIGHT, knee: 90 });
    joints[J.l_knee * 3 + 2] = DEFAULT_MIN_CONFIDENCE / 2;
    const f = frameAngles(joints);
    expect(f.angles.leftKnee).toBeNaN();
    expect(f.confidence.leftKnee).toBeCloseTo(DEFAULT_MIN_CONFIDENCE / 2, 6);
    expect(f.angles.leftHip).toBeNaN();
    expect(f.angles.rightKnee).toBeCloseTo(90, 3);
    expect(f.confidence.rightKnee).toBeCloseTo(0.9, 6);
  });
});

describe('kinematicsSeries', () => {
  it('combines left and right, falls back to the side present, and flags unreliable frames', () => {
    const a = pose({ ...UPRIGHT, knee: 100 });
    const b = pose({ ...UPRIGHT, knee: 120 });
    // Frame 0: left knee 100 (left side from a), right knee 120 (right side from b).
    const f0 = new Float32Array(a);
    for (const j of [J.r_hip, J.r_knee, J.r_ankle]) f0.set(b.subarray(j * 3, j * 3 + 3), j * 3);
    // Frame 1: left ankle missing; frame 2: pelvis missing.
    const f1 = new Float32Array(a);
    f1[J.l_ankle * 3 + 2] = 0;
    const f2 = new Float32Array(a);
    f2[J.pelvis * 3 + 2] = 0.01;
    const joints = new Float32Array([...f0, ...f1, ...f2]);
    const s = kinematicsSeries({ fps: 25, frameCount: 3, joints });
    expect(s.knee[0]).toBeCloseTo(110, 2);
    expect(s.knee[1]).toBeCloseTo(100, 2);
    expect(s.angles.leftKnee[1]).toBeNaN();
    expect(Array.from(s.reliable)).toEqual([1, 1, 0]);
    expect(s.angles.trunk[2]).toBeNaN();
    expect(Array.from(s.times)).toEqual([0, 0.04, 0.08]);
  });

  it('marks a frame unreliable when most of its body joints were interpolated', () => {
    const joints = new Float32Array([...pose(UPRIGHT), ...pose(UPRIGHT)]);
    const repaired = new Uint8Array(2 * JOINT_COUNT);
    for (let j = 0; j < JOINT_COUNT; j++) repaired[JOINT_COUNT + j] = 1;
    const s = kinematicsSeries({ fps: 25, frameCount: 2, joints, repaired });
    expect(Array.from(s.reliable)).toEqual([1, 0]);
  });
});

describe('kinematicsSeriesOfAnalysis', () => {
  const joints = new Float32Array([...pose(UPRIGHT), ...pose(UPRIGHT), ...pose(UPRIGHT)]);
  const poses = { fps: 25, frameCount: 3, joints };

  it('shows a clip that is slow motion throughout at the dive\'s real time', () => {
    const { series, slower } = kinematicsSeriesOfAnalysis(poses, { replay: null, slowdown: 2.5 });
    expect(slower).toBe(2.5);
    expect(Array.from(series.times).map((t) => Number(t.toFixed(4)))).toEqual([0, 0.016, 0.032]);
  });

  it('keeps the clip\'s clock for a clip at real time, one with a replay left out, and before the analysis', () => {
    for (const time of [{ replay: null, slowdown: 1.1 }, { replay: { start: 2, end: 2, slowdown: 3 }, slowdown: 1 }, { replay: null, slowdown: null }, null]) {
      const { series, slower } = kinematicsSeriesOfAnalysis(poses, time);
      expect(slower).toBe(1);
      expect(Array.from(series.times)).toEqual([0, 0.04, 0.08]);
    }
  });
});

describe('kinematicsFigures on a synthetic tuck dive', () => {
  const { joints } = synthDive();
  const series = kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints });
  const transitions = { takeOffEnd: TAKE_OFF_END, entryStart: ENTRY_START };
  const figures = kinematicsFigures(series, transitions);

  it('reads the tightness of the tuck in flight', () => {
    const hip = figure(figures, 'flight-min-hip');
    expect(hip.value).not.toBeNull();
    expect(hip.value ?? 0).toBeCloseTo(40, 1);
    expect(hip.frame).toBe(16);
    expect(hip.reliable).toBe(true);
    const knee = figure(figures, 'flight-min-knee');
    expect(knee.value ?? 0).toBeCloseTo(35, 1);
    expect(knee.frame).toBe(16);
    expect(knee.unit).toBe('°');
    expect(formatFigure(hip)).toBe('40°');
  });

  it('reads a vertical entry with straight knees, at the last frame the whole body is seen', () => {
    const entry = figure(figures, 'entry-angle');
    // The synthetic diver stays in view to the end: contact is read over the last 3 frames.
    expect(entry.frame).toBe(FRAMES - 2);
    expect(entry.value ?? 99).toBeLessThan(1);
    expect(entry.reliable).toBe(true);
    const bend = figure(figures, 'entry-knee-bend');
    expect(bend.value ?? 99).toBeLessThan(0.5);
    expect(bend.frame).toBe(FRAMES - 2);
    // The trunk is inverted at entry and upright at take-off.
    expect(series.angles.trunk[ENTRY_START]).toBeCloseTo(180, 2);
    expect(series.angles.trunk[0]).toBeCloseTo(0, 2);
  });

  it('reads the apparent take-off height in body lengths', () => {
    const height = figure(figures, 'take-off-height');
    expect(height.unit).toBe('body lengths');
    expect(height.value ?? 0).toBeCloseTo(RISE / BODY, 2);
    expect(height.frame).toBe(21);
    expect(height.reliable).toBe(true);
    expect(height.note).toContain(APPARENT_HEIGHT_NOTE);
    expect(formatFigure(height)).toBe(`${(RISE / BODY).toFixed(2)} body lengths`);
  });

  it('shows the take-off height measured with the camera motion undone, and the board clearance, when the scoring worker measured them', () => {
    const takeOff = { takeOffFrame: 9, apexFrame: 20, bodyLength: 180, bodyLengthM: 1.62, rise: 0.84, clearance: 0.41 };
    const measured = kinematicsFigures(series, transitions, { takeOff });
    const height = figure(measured, 'take-off-height');
    expect(height.unit).toBe('m');
    expect(height.value).toBe(0.84);
    expect(height.frame).toBe(20);
    expect(height.note).toBe(MEASURED_HEIGHT_NOTE);
    expect(formatFigure(height)).toBe('0.84 m');
    const clearance = figure(measured, 'board-clearance');
    expect(formatFigure(clearance)).toBe('0.41 body lengths');
    expect(clearance.reliable).toBe(true);
    // Never passed the board's level in view: said so, not a number.
    const never = figure(kinematicsFigures(series, transitions, { takeOff: { ...takeOff, clearance: CLEARANCE_LIMIT } }), 'board-clearance');
    expect(formatFigure(never)).toBe('not measurable');
    expect(never.note).toMatch(/never passed the board/);
    // No measurement: the apparent height as before, and no clearance figure.
    expect(kinematicsFigures(series, transitions, { takeOff: null }).map((f) => f.key)).not.toContain('board-clearance');
  });

  it('measures a bent-knee, off-vertical entry', () => {
    const bent = new Float32Array(joints);
    for (let f = ENTRY_START - 3; f < FRAMES; f++) {
      bent.set(pose({ px: 300, py: 420, trunk: 180 + 20, hip: 180, knee: 150, elbow: 175 }), f * JOINT_COUNT * 3);
    }
    const s = kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints: bent });
    const figs = kinematicsFigures(s, transitions);
    // Ankles → shoulders: thigh along 20°, shin folded on to 50°, trunk 200° (stick figure above).
    const [tx, ty] = dir(20), [sx, sy] = dir(50), [ux, uy] = dir(200);
    const vx = 50 * ux - 45 * tx - 45 * sx, vy = 50 * uy - 45 * ty - 45 * sy;
    const fromUp = Math.acos(-vy / Math.hypot(vx, vy)) / RAD;
    const expected = Math.min(fromUp, 180 - fromUp);
    const entry = figure(figs, 'entry-angle');
    expect(expected).toBeGreaterThan(20);
    expect(entry.value ?? 0).toBeCloseTo(expected, 2);
    expect(entry.frame).toBe(FRAMES - 2);
    expect(figure(figs, 'entry-knee-bend').value ?? 0).toBeCloseTo(30, 1);
  });

  it('takes the last frame before the body goes under, steps back when it is gone at entry start, and gives up past the look-back', () => {
    const hidden = new Float32Array(joints);
    const hide = (f: number) => {
      for (const j of [J.l_shoulder, J.r_shoulder]) hidden[(f * JOINT_COUNT + j) * 3 + 2] = 0.01;
    };
    // Shoulders under water from entry start + 3: contact is read over entry start … + 2.
    for (let f = ENTRY_START + 3; f < FRAMES; f++) hide(f);
    let figs = kinematicsFigures(kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints: hidden }), transitions);
    expect(figure(figs, 'entry-angle').frame).toBe(ENTRY_START + 1);
    for (let f = ENTRY_START; f < FRAMES; f++) hide(f);
    figs = kinematicsFigures(kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints: hidden }), transitions);
    expect(figure(figs, 'entry-angle').frame).toBe(ENTRY_START - 1);
    for (let f = ENTRY_START - 3; f <= ENTRY_START; f++) hide(f);
    figs = kinematicsFigures(kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints: hidden }), transitions);
    const entry = figure(figs, 'entry-angle');
    expect(entry.value).toBeNull();
    expect(entry.reliable).toBe(false);
    expect(formatFigure(entry)).toBe('not measurable');
  });

  it('marks a figure unreliable when its joints were interpolated around the frame used', () => {
    const repaired = new Uint8Array(FRAMES * JOINT_COUNT);
    for (let f = TAKE_OFF_END + 1; f < ENTRY_START; f++) {
      for (const j of [J.l_knee, J.r_knee, J.l_ankle, J.r_ankle]) repaired[f * JOINT_COUNT + j] = 1;
    }
    const s = kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints, repaired });
    const figs = kinematicsFigures(s, transitions);
    const knee = figure(figs, 'flight-min-knee');
    expect(knee.reliable).toBe(false);
    expect(knee.note).toMatch(/interpolated/);
    expect(knee.value ?? 0).toBeCloseTo(35, 1);
    // The hips use the knees too (shoulder-hip-knee) but only one of three joints is interpolated.
    expect(figure(figs, 'flight-min-hip').reliable).toBe(true);
  });

  it('marks the tuck unmeasurable when the knees are below the threshold throughout flight', () => {
    const low = new Float32Array(joints);
    for (let f = TAKE_OFF_END + 1; f < ENTRY_START; f++) {
      for (const j of [J.l_knee, J.r_knee]) low[(f * JOINT_COUNT + j) * 3 + 2] = 0.02;
    }
    const figs = kinematicsFigures(kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints: low }), transitions);
    const knee = figure(figs, 'flight-min-knee');
    expect(knee.value).toBeNull();
    expect(knee.reliable).toBe(false);
    expect(knee.note).toMatch(/confidence/);
  });
});

describe('kinematicsSeriesFromBank', () => {
  const { joints, frames } = synthDive();
  const pixel = kinematicsSeries({ fps: FPS, frameCount: FRAMES, joints });
  // The model's input: 32 uniformly sampled frames, each normalised to its own square crop, × 1000.
  const T = 32;
  const indices = uniformFrameIndices(FRAMES, T);
  const sampled = indices.map((i) => frames[i] as Float32Array);
  const boxes = cropBoxesFromPoses(sampled, 640, 720);
  const bank = new Int16Array(T * JOINT_COUNT * 2);
  sampled.forEach((fr, t) => {
    const box = boxes[t];
    if (!box) throw new Error('no box');
    for (let j = 0; j < JOINT_COUNT; j++) {
      bank[(t * JOINT_COUNT + j) * 2] = Math.round(((fr[j * 3] ?? 0) - box.cx) / (box.side / 2) * 1000);
      bank[(t * JOINT_COUNT + j) * 2 + 1] = Math.round(((fr[j * 3 + 1] ?? 0) - box.cy) / (box.side / 2) * 1000);
    }
  });
  const times = indices.map((i) => i / FPS);
  const fromBank = kinematicsSeriesFromBank(bank, { times });

  it('agrees with the pixel series on the same poses', () => {
    expect(fromBank.length).toBe(T);
    let compared = 0;
    indices.forEach((f, t) => {
      for (const key of ['leftKnee', 'rightHip', 'leftElbow', 'trunk'] as const) {
        const a = pixel.angles[key][f] ?? Number.NaN, b = fromBank.angles[key][t] ?? Number.NaN;
        expect(Number.isFinite(b)).toBe(true);
        expect(Math.abs(a - b)).toBeLessThan(1);
        compared++;
      }
      expect(Math.abs((pixel.knee[f] ?? 0) - (fromBank.knee[t] ?? 0))).toBeLessThan(1);
    });
    expect(compared).toBe(T * 4);
    expect(Array.from(fromBank.reliable).every((r) => r === 1)).toBe(true);
    expect(fromBank.times[T - 1]).toBeCloseTo((FRAMES - 1) / FPS, 9);
  });

  it('gives the same figures, except the take-off height it cannot measure', () => {
    const bankTransitions = {
      takeOffEnd: indices.filter((f) => f <= TAKE_OFF_END).length - 1,
      entryStart: indices.findIndex((f) => f >= ENTRY_START),
    };
    const figs = kinematicsFigures(fromBank, bankTransitions);
    expect(figure(figs, 'flight-min-hip').value ?? 0).toBeCloseTo(40, 0);
    expect(figure(figs, 'flight-min-knee').value ?? 0).toBeCloseTo(35, 0);
    expect(figure(figs, 'entry-angle').value ?? 99).toBeLessThan(1);
    expect(figure(figs, 'entry-knee-bend').value ?? 99).toBeLessThan(1);
    const height = figure(figs, 'take-off-height');
    expect(height.value).toBeNull();
    expect(height.note).toContain(APPARENT_HEIGHT_NOTE);
  });

  it('spreads times over a duration and treats (0, 0) as a missing joint', () => {
    const row = bank.slice(0, 2 * JOINT_COUNT * 2);
    row[J.l_knee * 2] = 0;
    row[J.l_knee * 2 + 1] = 0;
    const s = kinematicsSeriesFromBank(row, { durationSeconds: 0.5 });
    expect(Array.from(s.times)).toEqual([0, 0.5]);
    expect(s.angles.leftKnee[0]).toBeNaN();
    expect(s.angles.leftKnee[1]).toBeCloseTo(pixel.angles.leftKnee[indices[1] ?? 0] ?? 0, 0);
  });
});
