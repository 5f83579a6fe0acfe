import { describe, expect, it } from 'vitest';
import { ClipCameraPathTracker, cameraPathSize } from '../splash/cameraPath.ts';
import { makeScene } from '../splash/testScenes.ts';
import type { RgbaFrame } from '../splash/types.ts';
import type { CropBox } from './inputs.ts';
import { uniformFrameIndices } from './inputs.ts';
import { SCENE_TRACK_LIMIT, sceneTrack, sceneTrackChannels } from './sceneTrack.ts';
import { CLEARANCE_LIMIT, measureTakeOff, packRiseChannel } from './takeOff.ts';

const SCENE_TRACK_CHANNELS = sceneTrackChannels('scene-track/1');

const W = 384, H = 216, FRAMES = 30;
const pan = { x: 3, y: 2 }, zoomOutPerFrame = 0.006;

/** makeScene's camera (testScenes.ts): world x = cx + (u − W/2)·s, with cx relative to the entry point here. */
function camera(f: number, moving: boolean) {
  const t = f - (FRAMES - 1) / 2;
  return moving ? { cx: Math.round(pan.x * t), cy: Math.round(pan.y * t), s: 1 + zoomOutPerFrame * f } : { cx: 0, cy: 0, s: 1 };
}

/** A diver flying a parabola through the world (relative to the entry point), 40 world pixels long. */
function diverInWorld(f: number, direction: 1 | -1) {
  return { x: direction * 3 * f, y: -40 + 0.25 * (f - 10) ** 2, side: 40 };
}

function boxesInFrames(frameIndices: number[], moving: boolean, direction: 1 | -1): CropBox[] {
  return frameIndices.map((f) => {
    const { cx, cy, s } = camera(f, moving), d = diverInWorld(f, direction);
    return { cx: (d.x - cx) / s + W / 2, cy: (d.y - cy) / s + H / 2, side: d.side / s };
  });
}

function pathOf(frames: RgbaFrame[]) {
  const tracker = new ClipCameraPathTracker(W);
  for (const frame of frames) tracker.push(frame);
  return tracker.result();
}

describe('scene track', () => {
  const indices = uniformFrameIndices(FRAMES, 10);
  const expected = (direction: 1 | -1) => {
    // The apex: the highest sampled frame.
    const apexFrame = indices.reduce((a, f) => (diverInWorld(f, direction).y < diverInWorld(a, direction).y ? f : a));
    return indices.flatMap((f) => {
      const d = diverInWorld(f, direction), d0 = diverInWorld(0, direction), da = diverInWorld(apexFrame, direction);
      return [(direction * (d.x - d0.x)) / 40, (d.y - d0.y) / 40, (direction * (d.x - da.x)) / 40, (d.y - da.y) / 40, 1];
    });
  };

  it('places the diver in the scene while the camera pans and zooms out to follow', () => {
    const scene = makeScene({ width: W, height: H, frameCount: FRAMES, pan, zoomOutPerFrame, diver: false, seed: 3 });
    const track = sceneTrack(pathOf(scene.frames), indices, boxesInFrames(indices, true, 1));
    const want = expected(1);
    // Travelled 87 world px and fell ~20: recovered to a few hundredths of a body length.
    track.forEach((v, i) => expect(Math.abs(v - (want[i] as number))).toBeLessThan(0.08));
    // In the picture the diver hardly moves (the camera follows): without the path the track would be wrong.
    const naive = boxesInFrames(indices, true, 1);
    expect(Math.abs((naive.at(-1) as CropBox).cx - (naive[0] as CropBox).cx) / 40).toBeLessThan(0.3 * (want.at(-SCENE_TRACK_CHANNELS) as number));
  });

  it('is the same for a dive filmed from the other side (mirroring leaves it unchanged)', () => {
    const scene = makeScene({ width: W, height: H, frameCount: FRAMES, diver: false, seed: 3 });
    const path = pathOf(scene.frames);
    const right = sceneTrack(path, indices, boxesInFrames(indices, false, 1));
    const left = sceneTrack(path, indices, boxesInFrames(indices, false, -1));
    right.forEach((v, i) => expect(left[i]).toBeCloseTo(v, 3));
    expect(right[(indices.length - 1) * SCENE_TRACK_CHANNELS]).toBeGreaterThan(1.5);
  });

  it('does not depend on the resolution the camera path was tracked at', () => {
    const scene = makeScene({ width: W, height: H, frameCount: FRAMES, pan, diver: false, seed: 5 });
    const full = sceneTrack(pathOf(scene.frames), indices, boxesInFrames(indices, true, 1));
    // The same frames at half size, as a clip wider than CAMERA_PATH_MAX_WIDTH is decoded.
    const half = scene.frames.map((f): RgbaFrame => {
      const w = W / 2, h = H / 2, data = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 4; c++) data[(y * w + x) * 4 + c] = ((f.data[(2 * y * W + 2 * x) * 4 + c] as number) + (f.data[((2 * y + 1) * W + 2 * x + 1) * 4 + c] as number)) / 2;
      return { width: w, height: h, data };
    });
    const tracker = new ClipCameraPathTracker(W);
    for (const frame of half) tracker.push(frame);
    const scaled = sceneTrack(tracker.result(), indices, boxesInFrames(indices, true, 1));
    scaled.forEach((v, i) => expect(Math.abs(v - (full[i] as number))).toBeLessThan(0.1));
  });

  it('stays bounded when the boxes are degenerate', () => {
    const scene = makeScene({ width: W, height: H, frameCount: 4, diver: false });
    const path = pathOf(scene.frames);
    const tiny: CropBox[] = [0, 1, 2, 3].map((f) => ({ cx: f * 1e6, cy: 0, side: f === 3 ? 1 : 1e-9 }));
    const track = sceneTrack(path, [0, 1, 2, 3], tiny);
    for (const v of track) expect(Math.abs(v)).toBeLessThanOrEqual(SCENE_TRACK_LIMIT);
    expect(() => sceneTrack(path, [0, 1], tiny)).toThrow(/2 frames but 4 crop boxes/);
  });

  it('scene-track/2 adds the take-off geometry of every frame\'s poses to every sampled frame', () => {
    const scene = makeScene({ width: W, height: H, frameCount: FRAMES, pan, zoomOutPerFrame, diver: false, seed: 3 });
    const path = pathOf(scene.frames);
    const boxes = boxesInFrames(indices, true, 1);
    // Joints of every frame: a 16-joint column per frame, 40 px tall, at the box of the diver.
    const joints = Array.from({ length: FRAMES }, (_, f) => {
      const { cx, cy, s } = camera(f, true), d = diverInWorld(f, 1);
      const frame = new Float32Array(16 * 3);
      for (let j = 0; j < 16; j++) {
        frame[j * 3] = (d.x - cx) / s + W / 2;
        frame[j * 3 + 1] = (d.y + 20 - (40 * j) / 15 - cy) / s + H / 2;
        frame[j * 3 + 2] = 0.9;
      }
      return frame;
    });
    const v1 = sceneTrack(path, indices, boxes);
    const geometry = measureTakeOff(joints, path, 25);
    expect(geometry).not.toBeNull();
    const v2 = sceneTrack(path, indices, boxes, 'scene-track/2', geometry);
    expect(sceneTrackChannels('scene-track/2')).toBe(7);
    expect(v2.length).toBe(indices.length * 7);
    indices.forEach((_, t) => {
      for (let c = 0; c < 5; c++) expect(v2[t * 7 + c]).toBeCloseTo(v1[t * 5 + c] as number, 6);
      expect(v2[t * 7 + 5]).toBeCloseTo(geometry ? packRiseChannel(geometry) : Number.NaN, 5);
      expect(v2[t * 7 + 6]).toBeCloseTo(geometry?.clearance ?? Number.NaN, 5);
    });
    expect(() => sceneTrack(path, indices, boxes, 'scene-track/2')).toThrow(/take-off geometry/);
    // Not measurable: no rise, and as far from the board as the channel goes.
    const unmeasured = sceneTrack(path, indices, boxes, 'scene-track/2', null);
    expect([unmeasured[5], unmeasured[6]]).toEqual([0, CLEARANCE_LIMIT]);
  });

  it('decodes wide clips smaller for the camera path', () => {
    expect(cameraPathSize(1280, 720)).toEqual({ width: 256, height: 144 });
    expect(cameraPathSize(200, 100)).toEqual({ width: 200, height: 100 });
  });
});
