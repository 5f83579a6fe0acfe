import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MPII_JOINTS } from '@divejudge/core';
import { simulateDive } from './dive.ts';
import { diveTruth } from './groundTruth.ts';
import type { DiveTruth } from './groundTruth.ts';
import { DEFAULT_POSE_ERROR_STATS, loadPoseErrorStats, noisyPoses, parsePoseErrorStats } from './noise.ts';
import type { PoseErrorStats } from './noise.ts';
import { Random } from './random.ts';

function uniformStats(sd: number, miss: number, noDiver: number, swap: number, frames = 1000): PoseErrorStats {
  const bucket = {
    frames,
    joints: Object.fromEntries(MPII_JOINTS.map((n) => [n, { meanError: sd * Math.sqrt(Math.PI / 2), sdX: sd, sdY: sd, missRate: miss }])),
    noDiverRate: noDiver,
    leftRightSwapRate: swap,
  };
  return { unit: 'head size', orientations: { upright: bucket, horizontal: bucket, inverted: bucket } };
}

describe('pose-estimator noise', () => {
  const truths: DiveTruth[] = [0, 1, 2].map((i) => diveTruth(simulateDive({ seed: 'noise', runIndex: i, code: '205B', height: '3m' }), { fps: 25, width: 455, height: 256 }));

  test('built-in defaults when the statistics file is absent', () => {
    const loaded = loadPoseErrorStats('/nonexistent/pose-error-stats.json');
    expect(loaded.source).toBe('defaults');
    expect(loaded.stats).toBe(DEFAULT_POSE_ERROR_STATS);
    const dir = mkdtempSync(join(tmpdir(), 'stats-'));
    const path = join(dir, 'pose-error-stats.json');
    writeFileSync(path, JSON.stringify(uniformStats(0.3, 0.1, 0.05, 0.02)));
    const fromFile = loadPoseErrorStats(path);
    expect(fromFile.source).toBe('file');
    // 1000 frames: the file's numbers dominate the prior.
    expect(fromFile.stats.orientations.upright.joints.pelvis?.sdX).toBeCloseTo(0.3, 2);
    expect(() => parsePoseErrorStats({ unit: 'px', orientations: {} })).toThrow(/head size/);
  }, 30_000);

  test('errors, misses and frames without a diver follow the statistics', () => {
    const stats = uniformStats(0.25, 0.08, 0.05, 0);
    const errors: number[] = [];
    let joints = 0, missed = 0, frames = 0, noDiver = 0;
    truths.forEach((truth, k) => {
      const noisy = noisyPoses(truth, stats, new Random(`n${k}`));
      truth.frames.forEach((f, i) => {
        if (f.box === null || f.motionHeads > 0.5 || f.visible.some((v) => v === 0)) return;
        const p = noisy[i];
        if (p === undefined) return;
        frames++;
        if (!p.detected) {
          noDiver++;
          return;
        }
        f.joints.forEach(([x, y], j) => {
          joints++;
          if ((p.joints[j * 3 + 2] ?? 0) === 0) missed++;
          else errors.push(Math.hypot((p.joints[j * 3] ?? 0) - x, (p.joints[j * 3 + 1] ?? 0) - y) / f.headSizePx);
        });
      });
    });
    const meanError = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(meanError).toBeGreaterThan(0.25 * 1.25 * 0.75);
    expect(meanError).toBeLessThan(0.25 * 1.25 * 1.3);
    // Per joint given a diver: (0.08 − 0.05) / 0.95 ≈ 0.032.
    expect(missed / joints).toBeGreaterThan(0.01);
    expect(missed / joints).toBeLessThan(0.07);
    expect(noDiver / frames).toBeGreaterThan(0.01);
    expect(noDiver / frames).toBeLessThan(0.15);
  }, 30_000);

  test('left/right swaps at the given rate, in runs', () => {
    const stats = uniformStats(0.1, 0, 0, 0.1);
    let swapped = 0, frames = 0;
    truths.forEach((truth, k) => {
      for (const p of noisyPoses(truth, stats, new Random(`s${k}`))) {
        if (!p.detected) continue;
        frames++;
        if (p.swapped) swapped++;
      }
    });
    expect(swapped / frames).toBeGreaterThan(0.03);
    expect(swapped / frames).toBeLessThan(0.25);
  }, 30_000);

  test('inverted bodies and blur cost more than upright, still ones (defaults)', () => {
    const b = DEFAULT_POSE_ERROR_STATS.orientations;
    expect(b.inverted.joints.r_wrist?.sdX).toBeGreaterThan(b.upright.joints.r_wrist?.sdX ?? 0);
    expect(b.inverted.noDiverRate).toBeGreaterThan(b.upright.noDiverRate);
  }, 30_000);
});
