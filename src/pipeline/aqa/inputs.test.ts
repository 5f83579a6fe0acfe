import { describe, expect, it } from 'vitest';
import { SAMPLING_SHIFTS, buildModelInputs, inputsFromPoseSequence, shiftedFrameIndices, cropBoxesFromPoses, cropToTensor, normalisePoseToCrops, splashAreasPerFrame, splashScoreOfTrace, uniformFrameIndices } from './inputs.ts';

function pose(points: Array<[number, number, number]>): Float32Array {
  const out = new Float32Array(48);
  points.forEach(([x, y, c], j) => { out[j * 3] = x; out[j * 3 + 1] = y; out[j * 3 + 2] = c; });
  return out;
}
const square = (cx: number, cy: number, half: number, conf = 1) =>
  pose(Array.from({ length: 16 }, (_, j): [number, number, number] => [cx + (j % 2 ? half : -half), cy + (j % 4 < 2 ? -half : half), conf]));

describe('the samplings of a clip\'s frames', () => {
  it('moves every sampled frame by the shift and keeps it inside the clip', () => {
    expect(SAMPLING_SHIFTS[0]).toBe(0);
    expect(shiftedFrameIndices(10, 4, 0)).toEqual(uniformFrameIndices(10, 4));
    expect(shiftedFrameIndices(10, 4, -1)).toEqual([0, 2, 5, 8]);
    expect(shiftedFrameIndices(10, 4, 1)).toEqual([1, 4, 7, 9]);
  });
});

describe('uniformFrameIndices', () => {
  it('spans first to last frame', () => {
    expect(uniformFrameIndices(10, 4)).toEqual([0, 3, 6, 9]);
    expect(uniformFrameIndices(3, 5)).toEqual([0, 1, 1, 2, 2]);
    expect(() => uniformFrameIndices(0, 4)).toThrow('frameCount must be a positive integer');
  });
});

describe('crop boxes and pose normalisation', () => {
  it('centres a square box on the joints and maps them into [-1, 1]', () => {
    const frames = [square(100, 50, 10), square(120, 60, 10), square(140, 70, 10)];
    const boxes = cropBoxesFromPoses(frames, 400, 200);
    expect(boxes[1]).toEqual({ cx: 120, cy: 60, side: 26 });
    const poses = normalisePoseToCrops(frames, boxes);
    expect(poses[0]).toBeCloseTo(-10 / 13, 6);
    expect(poses[1]).toBeCloseTo(-10 / 13, 6);
    expect(poses[2]).toBe(1);
  });

  it('fills frames without a pose from their neighbours and zeroes missing joints', () => {
    const empty = new Float32Array(48);
    const frames = [square(100, 50, 10), empty, square(140, 90, 10)];
    const boxes = cropBoxesFromPoses(frames, 400, 200);
    expect(boxes[1]?.cx).toBeCloseTo(120);
    expect(boxes[1]?.cy).toBeCloseTo(70);
    const poses = normalisePoseToCrops(frames, boxes);
    expect(Array.from(poses.subarray(48, 96)).every((v) => v === 0)).toBe(true);
    expect(cropBoxesFromPoses([empty], 400, 200)).toEqual([{ cx: 200, cy: 100, side: 400 }]);
  });

  it('builds all non-pixel inputs', () => {
    const joints = Array.from({ length: 9 }, (_, i) => square(100 + i, 50, 10));
    const inputs = buildModelInputs({ joints, width: 400, height: 200, splashArea: splashAreasPerFrame([1, 2], 7, 9) }, 5);
    expect(inputs.frameIndices).toEqual([0, 2, 4, 6, 8]);
    expect(inputs.poses.length).toBe(5 * 48);
    expect(Array.from(inputs.splash)).toEqual([0, 0, 0, 0, 2]);
    expect(splashScoreOfTrace([0, 1, 1, 0], 2)).toBe(1);
  });

  it('builds inputs from a pose sequence and a splash measurement', () => {
    const frames = Array.from({ length: 9 }, (_, i) => ({ detected: true, box: null, score: 1, joints: square(100 + i, 50, 10), repaired: new Uint8Array(16) }));
    const inputs = inputsFromPoseSequence({ fps: 25, width: 400, height: 200, config: 'test', frames }, 5, { trace: [0.5, 1], entryIndex: 7 });
    expect(Array.from(inputs.splash)).toEqual([0, 0, 0, 0, 1]);
    expect(inputs.boxes[0]?.cx).toBeCloseTo(100);
  });

  it('places the splash trace from its entry index', () => {
    expect(Array.from(splashAreasPerFrame([0.5, 1, 0.25], 2, 4))).toEqual([0, 0, 0.5, 1]);
  });
});

describe('cropToTensor', () => {
  it('samples RGB at pixel centres and leaves outside black', () => {
    const width = 4, height = 4;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) { data[i * 4] = 255; data[i * 4 + 1] = i * 10; data[i * 4 + 2] = 0; data[i * 4 + 3] = 255; }
    const out = new Float32Array(4 * 4 * 3);
    cropToTensor({ data, width, height }, { cx: 2, cy: 2, side: 4 }, 4, out);
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBeCloseTo(0);
    expect(out[(1 * 4 + 2) * 3 + 1]).toBeCloseTo(60 / 255);
    const shifted = new Float32Array(4 * 4 * 3);
    cropToTensor({ data, width, height }, { cx: 0, cy: 0, side: 4 }, 4, shifted);
    expect(shifted[0]).toBe(0);
  });
});
