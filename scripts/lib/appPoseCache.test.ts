import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOINT_COUNT } from '../../src/pipeline/pose/skeleton.ts';
import { APP_POSE_CONFIG, OtherClipsPosesError, poseConfigFolder, readAppPoseFile, writeAppPoseFile } from './appPoseCache.ts';

describe('the app pose cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divejudge-pose-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back exactly the float32 poses the page computed, so Node analyses what the browser analysed', () => {
    const frameCount = 3;
    // Values as a Float32Array hands them out: not round in decimal, and a rounding would show.
    const joints = Array.from(Float32Array.from({ length: frameCount * JOINT_COUNT * 3 }, (_, k) => 100 + k * 0.123456 + 1 / 3));
    const boxes = [10.004999, 20.123457, 110.3333, 220.6666, null, null, null, null, 1 / 7, 2 / 7, 3 / 7, 4 / 7];
    const path = join(dir, 'pose.json');
    writeAppPoseFile(path, { config: 'test', frameCount, width: 640, height: 360, fps: 25, joints, boxes, detected: [1, 0, 1] });
    const read = readAppPoseFile(path);
    expect(read).not.toBeNull();
    expect(Array.from(read?.joints ?? [])).toEqual(joints);
    expect(Array.from(read?.boxes ?? [])).toEqual(Array.from(Float32Array.from(boxes, (v) => v ?? Number.NaN)));
    expect(Array.from(read?.detected ?? [])).toEqual([1, 0, 1]);
    expect(read?.rounded).toBe(false);
  });

  it("refuses a clip's cached poses whose frame count is another clip's, so training and banks never take a neighbour's", () => {
    const path = join(dir, 'other.json');
    writeAppPoseFile(path, { config: 'test', frameCount: 2, width: 640, height: 360, fps: 25, joints: new Array<number>(2 * JOINT_COUNT * 3).fill(1), boxes: new Array<number>(8).fill(1), detected: [1, 1] });
    expect(readAppPoseFile(path, 2)?.frameCount).toBe(2);
    expect(() => readAppPoseFile(path, 3)).toThrow(OtherClipsPosesError);
    expect(readAppPoseFile(join(dir, 'none.json'), 3)).toBeNull();
  });
});

describe('the folder of a pose configuration', () => {
  it('keeps the folders of labels up to 80 characters, and tells apart long labels that differ only at the end', () => {
    const short = 'blazepose-full+upright+crop3+retry+swapfix+smooth+lost8x4+water12+recut+halves';
    expect(poseConfigFolder(short)).toBe('blazepose-full_upright_crop3_retry_swapfix_smooth_lost8x4_water12_recut_halves');
    // The default's label is longer: its first 71 characters and a hash of the whole.
    expect(poseConfigFolder(APP_POSE_CONFIG)).toBe('blazepose-full_upright_crop3_retry_swapfix_smooth_lost8x4_water12_recut_3e82de67');
    const long = `${APP_POSE_CONFIG.replace('+halves', '')}+snap+halves`;
    const other = `${APP_POSE_CONFIG.replace('+halves', '')}+snap+halvez`;
    expect(long.length).toBeGreaterThan(80);
    expect(poseConfigFolder(long)).not.toBe(poseConfigFolder(other));
    expect(poseConfigFolder(long).length).toBeLessThanOrEqual(80);
  });
});
