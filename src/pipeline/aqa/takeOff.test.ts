import { describe, expect, it } from 'vitest';
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import { J, JOINT_COUNT } from '../pose/skeleton.ts';
import { SLOW_MOTION, clipTimeScale, slowMotionFactor } from './replays.ts';
import { shotsOf } from '../video/shots.ts';
import { CLEARANCE_LIMIT, OUTLINE_BEYOND_JOINTS_M, PACK_RISE_REFERENCE, RISE_REFERENCE, boardDistanceM, clipStartsInFlight, measureTakeOff, packRiseChannel, shotFlight, shotSlowdown } from './takeOff.ts';

const FPS = 25, G = 9.81, PX_PER_M = 100;
/** Body length as takeOff.ts measures it (thigh + shin + pelvis→thorax + thorax→head top) for the stick figure below. */
const BODY_LENGTH_M = 0.42 + 0.42 + 0.5 + 0.38;

/** Joint offsets (x, height above the feet), metres, of an upright body. */
const UPRIGHT: Record<number, [number, number]> = {
  [J.r_ankle]: [0.02, 0], [J.l_ankle]: [-0.02, 0], [J.r_knee]: [0.02, 0.42], [J.l_knee]: [-0.02, 0.42],
  [J.r_hip]: [0.05, 0.84], [J.l_hip]: [-0.05, 0.84], [J.pelvis]: [0, 0.84], [J.thorax]: [0, 1.34],
  [J.upper_neck]: [0, 1.42], [J.head_top]: [0, 1.72], [J.r_shoulder]: [0.12, 1.3], [J.l_shoulder]: [-0.12, 1.3],
  [J.r_elbow]: [0.14, 1.05], [J.l_elbow]: [-0.14, 1.05], [J.r_wrist]: [0.14, 0.8], [J.l_wrist]: [-0.14, 0.8],
};

/** The camera holds still; the frame maps 1:1 to the scene. */
function stillCamera(frames: number, pan = 0): ClipCameraPath {
  return {
    zoom: new Float64Array(frames).fill(1),
    shiftX: Float64Array.from({ length: frames }, (_, f) => (pan * f) / 8),
    shiftY: new Float64Array(frames),
    residual: 0,
    pixelsPerCell: 8,
  };
}

/**
 * An upright stick diver standing on a board whose edge is at x = 0 (metres; the water side is +x,
 * `direction` −1 mirrors it), who jumps at frame 10 with vertical speed `vy` and horizontal speed `vx`
 * and stays upright (a feet-first jump). Board top at y = 0, up positive in metres; frames in pixels.
 */
function jump(vy: number, vx: number, direction: 1 | -1 = 1, pan = 0, slowdown = 1, frames = 60): Float32Array[] {
  const takeOff = 10;
  const out: Float32Array[] = [];
  for (let f = 0; f < frames; f++) {
    // `slowdown` plays the jump that many times slower than real time (a slow-motion replay).
    const t = Math.max(0, (f - takeOff) / (FPS * slowdown));
    const footX = -0.08 + vx * t, footY = vy * t - (G * t * t) / 2;
    const frame = new Float32Array(JOINT_COUNT * 3);
    for (let j = 0; j < JOINT_COUNT; j++) {
      const [dx, dy] = UPRIGHT[j] as [number, number];
      frame[j * 3] = 400 + direction * (footX + dx) * PX_PER_M - (pan * f);
      frame[j * 3 + 1] = 300 - (footY + dy) * PX_PER_M;
      frame[j * 3 + 2] = 0.9;
    }
    out.push(frame);
  }
  return out;
}

describe('take-off geometry', () => {
  it('measures the rise in metres from the flight\'s parabola, ranked by take-off speed, and finds take-off and apex', () => {
    // The rise is read as the joints' centre's apex above the board minus RISE_REFERENCE body lengths (takeOff.ts).
    const centreAboveFeet = Object.values(UPRIGHT).reduce((sum, [, h]) => sum + h, 0) / JOINT_COUNT;
    for (const vy of [3, 3.5, 4, 4.5]) {
      const g = measureTakeOff(jump(vy, 0.5), stillCamera(60), FPS);
      expect(g).not.toBeNull();
      expect(g?.bodyLength).toBeCloseTo(BODY_LENGTH_M * PX_PER_M, 0);
      // Gravity sets the scale: the body length comes out in metres.
      expect(g?.bodyLengthM).toBeCloseTo(BODY_LENGTH_M, 2);
      // Take-off is read when the lowest joint has lifted off the board: a frame or two late.
      expect((g?.takeOffFrame ?? 0) - 10).toBeGreaterThanOrEqual(0);
      expect((g?.takeOffFrame ?? 0) - 10).toBeLessThanOrEqual(2);
      expect(Math.abs((g?.apexFrame ?? 0) - (10 + Math.round((vy / G) * FPS)))).toBeLessThanOrEqual(1);
      // The parabola's vertex does not depend on that frame: the rise is exact.
      const rise = (vy * vy) / (2 * G) + centreAboveFeet - RISE_REFERENCE * BODY_LENGTH_M;
      expect(g?.rise).toBeCloseTo(rise, 2);
      // The packs' take-off channel keeps the reference they were trained with.
      expect(g ? packRiseChannel(g) : Number.NaN).toBeCloseTo(rise - (PACK_RISE_REFERENCE - RISE_REFERENCE) * BODY_LENGTH_M, 2);
    }
  });

  it('ranks how close to the board the diver came down: a smaller forward speed, a smaller clearance', () => {
    const clearances = [0.2, 0.45, 0.8, 1.3].map((vx) => measureTakeOff(jump(3.4, vx), stillCamera(60), FPS)?.clearance ?? Number.NaN);
    for (let i = 1; i < clearances.length; i++) expect(clearances[i]).toBeGreaterThan(clearances[i - 1] as number);
    // Passing the board's level 2·vy/g after take-off: the feet travelled vx·t from 8 cm behind the edge.
    const t = (2 * 3.4) / G, want = (0.8 * t + 0.02 - 0.02) / BODY_LENGTH_M;
    expect(Math.abs((clearances[2] as number) - want)).toBeLessThan(0.12);
    // In metres the checklist reads the body's outline, which reaches past the joints towards the board.
    const g = measureTakeOff(jump(3.4, 0.8), stillCamera(60), FPS);
    expect(g ? boardDistanceM(g) : Number.NaN).toBeCloseTo((g?.clearance ?? Number.NaN) * (g?.bodyLengthM ?? Number.NaN) - OUTLINE_BEYOND_JOINTS_M, 6);
  });

  it('is the same for a dive filmed from the other side, and with the camera panning to follow', () => {
    const right = measureTakeOff(jump(3.4, 0.6), stillCamera(60), FPS);
    const left = measureTakeOff(jump(3.4, 0.6, -1), stillCamera(60), FPS);
    const panned = measureTakeOff(jump(3.4, 0.6, 1, 6), stillCamera(60, 6), FPS);
    expect(left?.clearance).toBeCloseTo(right?.clearance ?? Number.NaN, 5);
    expect(left?.rise).toBeCloseTo(right?.rise ?? Number.NaN, 5);
    expect(panned?.rise).toBeCloseTo(right?.rise ?? Number.NaN, 3);
    expect(panned?.clearance).toBeCloseTo(right?.clearance ?? Number.NaN, 3);
  });

  it('says when there is nothing to measure, and keeps a diver who never comes back to the board level far from it', () => {
    expect(measureTakeOff([], stillCamera(1), FPS)).toBeNull();
    const blank = Array.from({ length: 30 }, () => new Float32Array(JOINT_COUNT * 3));
    expect(measureTakeOff(blank, stillCamera(30), FPS)).toBeNull();
    // Clip ends at the apex: no frame passes the band below the board.
    const short = jump(4, 0.6).slice(0, 20);
    expect(measureTakeOff(short, stillCamera(20), FPS)?.clearance).toBe(CLEARANCE_LIMIT);
  });
});

describe('a clip that starts in the air', () => {
  /** The camera path of frames `from` on (a clip cut there: its own first frame is the scene's). */
  const pathFrom = (path: ClipCameraPath, from: number): ClipCameraPath => ({ ...path, zoom: path.zoom.subarray(from), shiftX: path.shiftX.subarray(from), shiftY: path.shiftY.subarray(from) });

  it('is told apart from one that starts on the board, with the camera still or panning to follow', () => {
    for (const pan of [0, 6]) {
      const dive = jump(3.4, 0.6, 1, pan), path = stillCamera(60, pan);
      expect(clipStartsInFlight(dive, path, FPS)).toBe(false);
      // Cut just after the feet leave (take-off at frame 10), on the way up, and past the apex.
      for (const from of [12, 16, 30]) expect(clipStartsInFlight(dive.slice(from), pathFrom(path, from), FPS)).toBe(true);
    }
  });

  it('is not claimed for a diver standing still, one first found late, or one the pose lost', () => {
    const standing = Array.from({ length: 40 }, () => (jump(3.4, 0.6)[0] as Float32Array).slice());
    expect(clipStartsInFlight(standing, stillCamera(40), FPS)).toBe(false);
    // Found only from frame 5 of a clip cut in flight: the clip's start is not seen.
    const late = jump(3.4, 0.6).slice(16).map((frame, f) => (f < 5 ? new Float32Array(JOINT_COUNT * 3) : frame));
    expect(clipStartsInFlight(late, pathFrom(stillCamera(60), 16), FPS)).toBe(false);
    expect(clipStartsInFlight([], stillCamera(1), FPS)).toBe(false);
  });

  it('holds when the pose follows something else for a few frames after the first, not when the start is mostly off the flight', () => {
    const path = pathFrom(stillCamera(60), 16);
    // Frames 1–3 of a clip cut in flight a body length (1.8 m) lower: 5 of the first 8 frames still on the parabola.
    const glitch = (frames: number[]) => jump(3.4, 0.6).slice(16).map((frame, f) => {
      if (!frames.includes(f)) return frame;
      const moved = frame.slice();
      for (let j = 0; j < JOINT_COUNT; j++) moved[j * 3 + 1] = (moved[j * 3 + 1] ?? 0) + 1.8 * PX_PER_M;
      return moved;
    });
    expect(clipStartsInFlight(glitch([1, 2, 3]), path, FPS)).toBe(true);
    // Four of the first eight off, or the first frame itself: not claimed.
    expect(clipStartsInFlight(glitch([1, 2, 3, 4]), path, FPS)).toBe(false);
    expect(clipStartsInFlight(glitch([0]), path, FPS)).toBe(false);
  });

  it('needs a fall at the pace of gravity on the clip\'s clock: a slow-motion replay of the flight is not taken for one', () => {
    // The flight played at a quarter of its speed: by the clip's clock the body falls at g/16.
    const flight = jump(3.4, 0.6).slice(16), path = pathFrom(stillCamera(60), 16);
    expect(clipStartsInFlight(flight, path, FPS)).toBe(true);
    expect(clipStartsInFlight(flight, path, FPS / 4)).toBe(false);
  });
});

describe('slow-motion replays (replays.ts)', () => {
  it('reads each shot\'s time scale from the fall: real time about 1, a replay at half speed about 2', () => {
    for (const slowdown of [1, 2, 3]) {
      const frames = 60 * slowdown;
      const k = shotSlowdown(jump(3.4, 0.5, 1, 0, slowdown, frames), stillCamera(frames), FPS, { start: 0, end: frames - 1 });
      // The stick figure's body length against the 1.6 m reference: √(1.72 / 1.6) ≈ 1.04 at real time.
      expect(k).toBeCloseTo(slowdown * Math.sqrt(BODY_LENGTH_M / 1.6), 1);
    }
  });

  it('leaves a slow-motion replay after the live dive, and all after it, out of the analysis', () => {
    const live = jump(3.4, 0.5), replay = jump(3.4, 0.5, -1, 0, 2, 120), after = jump(0, 0).slice(0, 10);
    const joints = [...live, ...replay, ...after];
    const path = stillCamera(joints.length);
    const scale = clipTimeScale(joints, path, FPS, shotsOf(joints.length, [60, 180]));
    expect(scale.replay?.start).toBe(60);
    expect(scale.replay?.end).toBe(joints.length - 1);
    expect(scale.replay?.slowdown).toBeGreaterThan(1.9);
    expect(scale.slowdown).toBeLessThan(1.2);
  });

  it('calls nothing a replay in a real-time clip, a cut to a second camera in flight, or a clip all in slow motion', () => {
    // One shot, real time.
    expect(clipTimeScale(jump(3.4, 0.5), stillCamera(60), FPS, shotsOf(60, []))).toMatchObject({ replay: null });
    // A cut to a second camera in flight (the take-off not shown again), both in real time.
    const twoViews = [...jump(3.4, 0.5).slice(0, 25), ...jump(3.4, 0.5, -1).slice(25)];
    expect(clipTimeScale(twoViews, stillCamera(60), FPS, shotsOf(60, [25])).replay).toBeNull();
    // A replay saved alone: slow from the first frame, so nothing is left out, and the score is told (confidence.ts).
    const alone = jump(3.4, 0.5, 1, 0, 2, 120);
    const cutInFlight = [...alone.slice(0, 50), ...jump(3.4, 0.5, -1, 0, 2, 120).slice(50)];
    const scale = clipTimeScale(cutInFlight, stillCamera(120), FPS, shotsOf(120, [50]));
    expect(scale.replay).toBeNull();
    expect(scale.slowdown).toBeGreaterThanOrEqual(SLOW_MOTION);
  });

  it('leaves out a replay at real speed: the take-off shown again', () => {
    const again = [...jump(3.4, 0.5), ...jump(3.4, 0.5, -1)];
    const scale = clipTimeScale(again, stillCamera(120), FPS, shotsOf(120, [60]));
    expect(scale.replay?.start).toBe(60);
    expect(scale.replay?.slowdown).toBeLessThan(SLOW_MOTION);
    expect(shotFlight(again, stillCamera(120), FPS, { start: 60, end: 119 })?.fromTakeOff).toBe(true);
    // A shot that starts in the air does not show the take-off; one that shows the board for a
    // frame or two before the rise (cut in the press) neither.
    expect(shotFlight(jump(3.4, 0.5).slice(12), stillCamera(48), FPS, { start: 0, end: 47 })?.fromTakeOff).toBe(false);
    expect(shotFlight(jump(3.4, 0.5).slice(8), stillCamera(52), FPS, { start: 0, end: 51 })?.fromTakeOff).toBe(false);
    // Two slow-motion views from the take-off: the second is the dive again.
    // (Each from 0.6 s before the take-off: at half speed, 30 frames on the board.)
    const slowView = (direction: 1 | -1) => { const view = jump(3.4, 0.5, direction, 0, 2, 120); return [...Array.from({ length: 20 }, () => view[0] as Float32Array), ...view]; };
    const slowTwice = [...slowView(1), ...slowView(-1)];
    expect(clipTimeScale(slowTwice, stillCamera(280), FPS, shotsOf(280, [140])).replay?.start).toBe(140);
  });

  it('reads a clip in slow motion throughout at its real time: the same rise, and a start in the air told', () => {
    const slowdown = 3, frames = 60 * slowdown;
    const slow = jump(3.4, 0.6, 1, 0, slowdown, frames), path = stillCamera(frames);
    const scale = clipTimeScale(slow, path, FPS, shotsOf(frames, []));
    const factor = slowMotionFactor(scale);
    expect(factor).toBeCloseTo(slowdown * Math.sqrt(BODY_LENGTH_M / 1.6), 1);
    const real = measureTakeOff(jump(3.4, 0.6), stillCamera(60), FPS), read = measureTakeOff(slow, path, FPS * factor);
    expect(read?.rise).toBeCloseTo(real?.rise ?? Number.NaN, 1);
    // The fall set the clock, so the body's length is the reference one (1.6 m), not a measurement.
    expect(read?.bodyLengthM).toBeCloseTo(1.6, 2);
    // The flight alone (cut after the take-off): at the clip's clock no fall, at its real time one.
    const flight = slow.slice(16 * slowdown), flightPath = stillCamera(frames - 16 * slowdown);
    expect(clipStartsInFlight(flight, flightPath, FPS)).toBe(false);
    expect(clipStartsInFlight(flight, flightPath, FPS * factor)).toBe(true);
  });

  it('reads the live part before a replay, and a clip under SLOW_MOTION, at the clip\'s own rate', () => {
    expect(slowMotionFactor({ replay: { start: 60 }, slowdown: 1.05 })).toBe(1);
    expect(slowMotionFactor({ replay: null, slowdown: SLOW_MOTION - 0.01 })).toBe(1);
    expect(slowMotionFactor({ replay: null, slowdown: null })).toBe(1);
    expect(slowMotionFactor({ replay: null, slowdown: 2.5 })).toBe(2.5);
    // An underwater view left out is no replay: a clip in slow motion before it is read at its real time.
    expect(slowMotionFactor({ replay: { start: 60, view: 'underwater' }, slowdown: 2.5 })).toBe(2.5);
  });

  it('reads no time scale from a shot without a fall (the diver on the board)', () => {
    const standing = jump(0, 0).slice(0, 10);
    expect(shotSlowdown(standing, stillCamera(10), FPS, { start: 0, end: 9 })).toBeNull();
  });
});

describe('underwater views (underwater.ts, replays.ts)', () => {
  /**
   * The stick diver of `jump` seen by another camera from `from` on, going down at the speed the jump
   * had them at that frame, slowed by the water from 0.15 s before the cut (speed decaying with a
   * 0.3 s time constant), or (`inWater` false) falling on through the air as `jump` does.
   */
  function afterCut(live: Float32Array[], from: number, frames: number, inWater: boolean): Float32Array[] {
    const out: Float32Array[] = [];
    const footAt = (f: number) => (300 - ((live[f] as Float32Array)[J.r_ankle * 3 + 1] as number)) / PX_PER_M;
    const y0 = footAt(from), v0 = (footAt(from) - footAt(from - 1)) * FPS;
    for (let f = from; f < from + frames; f++) {
      const t = (f - from) / FPS;
      const footY = inWater ? y0 + v0 * 0.3 * (Math.exp(-0.15 / 0.3) - Math.exp(-(t + 0.15) / 0.3)) : y0 + v0 * t - (G * t * t) / 2;
      const frame = new Float32Array(JOINT_COUNT * 3);
      for (let j = 0; j < JOINT_COUNT; j++) {
        const [dx, dy] = UPRIGHT[j] as [number, number];
        frame[j * 3] = 200 - dx * PX_PER_M;
        frame[j * 3 + 1] = 100 - (footY - y0 + dy) * PX_PER_M;
        frame[j * 3 + 2] = 0.9;
      }
      out.push(frame);
    }
    return out;
  }
  const live = jump(3.4, 0.5, 1, 0, 1, 80);

  it('leaves out a later shot in which the diver, falling before the cut, is seen slowed by the water', () => {
    const joints = [...live.slice(0, 40), ...afterCut(live, 40, 30, true)];
    const scale = clipTimeScale(joints, stillCamera(70), FPS, shotsOf(70, [40]));
    expect(scale.replay).toEqual({ start: 40, end: 69, slowdown: 1, view: 'underwater' });
    // The analysed part plays in real time: its own fall set the clock.
    expect(slowMotionFactor(scale)).toBe(1);
    // A replay after the underwater view is left out with it.
    const replay = jump(3.4, 0.5, -1, 0, 2, 120);
    const withReplay = [...joints, ...replay];
    expect(clipTimeScale(withReplay, stillCamera(190), FPS, shotsOf(190, [40, 70])).replay).toMatchObject({ start: 40, view: 'underwater' });
  });

  it('leaves out an underwater view whose diver is first seen well into it, stopped (the pose stage looks under water only now and then)', () => {
    const missing = () => new Float32Array(JOINT_COUNT * 3);
    const late = [...live.slice(0, 40), ...Array.from({ length: 14 }, missing), ...afterCut(live, 40, 30, true).slice(14)];
    expect(clipTimeScale(late, stillCamera(70), FPS, shotsOf(70, [40])).replay).toEqual({ start: 40, end: 69, slowdown: 1, view: 'underwater' });
    // Seen as late but still falling through the air: a camera above the water, kept.
    const fallingLate = [...live.slice(0, 40), ...Array.from({ length: 4 }, missing), ...afterCut(live, 40, 30, false).slice(4)];
    expect(clipTimeScale(fallingLate, stillCamera(70), FPS, shotsOf(70, [40])).replay).toBeNull();
    // A later shot that starts with the diver standing still and then shows the take-off is a replay,
    // not a view under the water, though its first steps are slow.
    const replay = jump(3.4, 0.5, -1, 0, 1, 80);
    const withReplay = [...live.slice(0, 40), ...replay];
    expect(clipTimeScale(withReplay, stillCamera(120), FPS, shotsOf(120, [40])).replay).toEqual({ start: 40, end: 119, slowdown: expect.any(Number) as number });
  });

  it('keeps a camera above the water that picks up the fall, a later shot without the diver, and a cut before the dive', () => {
    const above = [...live.slice(0, 40), ...afterCut(live, 40, 30, false)];
    expect(clipTimeScale(above, stillCamera(70), FPS, shotsOf(70, [40])).replay).toBeNull();
    const unseen = [...live.slice(0, 40), ...Array.from({ length: 30 }, () => new Float32Array(JOINT_COUNT * 3))];
    expect(clipTimeScale(unseen, stillCamera(70), FPS, shotsOf(70, [40])).replay).toBeNull();
    // The diver standing on the board, then a cut to the dive: no fall before the cut.
    const standing = jump(0, 0).slice(0, 10);
    const dive = [...standing, ...live];
    expect(clipTimeScale(dive, stillCamera(dive.length), FPS, shotsOf(dive.length, [10])).replay).toBeNull();
  });
});
