import { describe, expect, test } from 'vitest';
import { MPII_JOINTS } from '@divejudge/core';
import { simulateDive } from './dive.ts';
import { diveTruth, entryCutFrame, REPLAY_LEAD_S, REPLAY_TAIL_S, underwaterCutFrame } from './groundTruth.ts';
import { splashAreaAt, splashModel, splashScore } from './splash.ts';

describe('ground truth', () => {
  const dive = simulateDive({ seed: 'truth', runIndex: 0, code: '407C', height: '10m' });
  const truth = diveTruth(dive, { fps: 12.5, width: 228, height: 128 });

  test('MPII-16 joints in skeleton.ts order, in pixels, with visibility', () => {
    expect(MPII_JOINTS[0]).toBe('r_ankle');
    for (const f of truth.frames) {
      expect(f.joints).toHaveLength(16);
      expect(f.visible).toHaveLength(16);
    }
    // On the board and in flight the diver is in the picture.
    const flying = truth.frames.filter((f) => f.phase !== 'underwater');
    expect(flying.every((f) => f.visible.reduce((a, b) => a + b, 0) === 16)).toBe(true);
    // Long after entry the diver is under water: nothing visible, no box.
    const last = truth.frames[truth.frames.length - 1];
    expect(last?.visible.every((v) => v === 0)).toBe(true);
    expect(last?.box).toBeNull();
  }, 30_000);

  test('square person boxes contain the visible joints', () => {
    for (const f of truth.frames) {
      if (f.box === null) continue;
      const [x1, y1, x2, y2] = f.box;
      expect(x2 - x1).toBeCloseTo(y2 - y1, 6);
      f.joints.forEach(([x, y], j) => {
        if (f.visible[j] === 1) {
          expect(x).toBeGreaterThanOrEqual(x1);
          expect(x).toBeLessThanOrEqual(x2);
          expect(y).toBeGreaterThanOrEqual(y1);
          expect(y).toBeLessThanOrEqual(y2);
        }
      });
    }
  }, 30_000);

  test('stage transitions agree with the FineDiving labels and the physics', () => {
    const { takeOffEnd, entryStart, waterContact } = truth.stageTransitions;
    expect(truth.stepsTransitFrames[0]).toBe(takeOffEnd);
    expect(truth.stepsTransitFrames[truth.stepsTransitFrames.length - 1]).toBe(entryStart - 1);
    expect(truth.framesLabels[takeOffEnd]).toBe(dive.program.labels.takeOff);
    expect(truth.framesLabels[entryStart]).toBe(36);
    expect(truth.frames[takeOffEnd]?.time).toBeLessThanOrEqual(0);
    expect(truth.frames[takeOffEnd + 1]?.time).toBeGreaterThan(0);
    expect(waterContact).toBeGreaterThan(entryStart);
    expect(truth.frames[waterContact]?.time).toBeGreaterThanOrEqual(dive.times.contact);
  }, 30_000);

  test('splash: area per frame from contact on, score by eq. 21 (trapezoids)', () => {
    const before = truth.frames.filter((f) => f.time <= dive.times.contact);
    expect(before.every((f) => f.splashAreaM2 === 0)).toBe(true);
    expect(Math.max(...truth.frames.map((f) => f.splashAreaM2))).toBeGreaterThan(0);
    expect(truth.splashScore).toBeCloseTo(splashScore(truth.frames.map((f) => f.splashAreaM2), truth.fps), 12);
    expect(splashScore([0, 2, 4, 0, 0], 10)).toBeCloseTo(((0 + 2) / 2 + (2 + 4) / 2 + (4 + 0) / 2) * 0.1, 12);
  }, 30_000);

  test('a worse entry makes a bigger splash', () => {
    const base = { alignmentDeg: 0, handsApart: 0, feetApartM: 0, kneeBendDeg: 0, entrySpeed: 13.5, massKg: 60, headFirst: true };
    const rip = splashModel({ ...base, entryAngleDeg: 1 });
    const short = splashModel({ ...base, entryAngleDeg: 25 });
    expect(short.magnitude).toBeGreaterThan(3 * rip.magnitude);
    const area = (m: ReturnType<typeof splashModel>) => Array.from({ length: 60 }, (_, i) => splashAreaAt(m, i / 25));
    expect(splashScore(area(short), 25)).toBeGreaterThan(5 * splashScore(area(rip), 25));
  }, 30_000);

  test('a slow-motion replay follows the live clip, which it leaves as it was', () => {
    const replayed = diveTruth(dive, { fps: 12.5, width: 228, height: 128, replay: { slowdown: 2 } });
    const start = truth.frameCount;
    expect(replayed.replay).toEqual({ start, slowdown: 2 });
    // The live frames, their stages, labels and splash are those of the clip without the replay.
    expect(replayed.frames.slice(0, start).map((f) => [f.time, f.joints, f.camera])).toEqual(truth.frames.map((f) => [f.time, f.joints, f.camera]));
    expect(replayed.stageTransitions).toEqual(truth.stageTransitions);
    expect(replayed.stepsTransitFrames).toEqual(truth.stepsTransitFrames);
    expect(replayed.splashScore).toBe(truth.splashScore);
    // The replay runs from before the take-off to after the contact, at half the time step, from the other side.
    const replay = replayed.frames.slice(start);
    expect(replay[0]?.time).toBeCloseTo(Math.max(dive.times.start, -REPLAY_LEAD_S), 9);
    expect((replay[1]?.time ?? 0) - (replay[0]?.time ?? 0)).toBeCloseTo(1 / 25, 9);
    expect(replay[replay.length - 1]?.time).toBeLessThanOrEqual(dive.times.contact + REPLAY_TAIL_S + 1e-9);
    expect(replay[replay.length - 1]?.time).toBeGreaterThan(dive.times.contact);
    expect(replay.every((f) => f.camera.mirrored !== truth.frames[0]?.camera.mirrored)).toBe(true);
  }, 30_000);

  test('a replay saved alone is the dive in slow motion throughout, its stages in its own frames and its splash over real time', () => {
    const slow = diveTruth(dive, { fps: 12.5, width: 228, height: 128, slowMotion: { slowdown: 3 } });
    expect(slow.slowMotion).toEqual({ slowdown: 3 });
    expect(slow.replay).toBeUndefined();
    expect(slow.frames[0]?.time).toBeCloseTo(Math.max(dive.times.start, -REPLAY_LEAD_S), 9);
    expect((slow.frames[1]?.time ?? 0) - (slow.frames[0]?.time ?? 0)).toBeCloseTo(1 / 37.5, 9);
    // Each stage lasts three times as many frames as in the real-time clip (within a frame).
    const { takeOffEnd, entryStart } = slow.stageTransitions;
    const flight = (t: typeof truth) => t.frames[t.stageTransitions.entryStart]!.time - t.frames[t.stageTransitions.takeOffEnd]!.time;
    expect(entryStart - takeOffEnd).toBeGreaterThan(2.5 * (truth.stageTransitions.entryStart - truth.stageTransitions.takeOffEnd));
    expect(flight(slow)).toBeCloseTo(flight(truth), 1);
    expect(slow.splashScore).toBeGreaterThan(0);
    expect(() => diveTruth(dive, { slowMotion: { slowdown: 3 }, replay: { slowdown: 2 } })).toThrow(/without a replay or a cut/);
  }, 30_000);

  test('a cut to the second camera lands around the water contact, the same for a dive whatever else is rendered', () => {
    const cut = entryCutFrame(dive, truth);
    const contact = truth.stageTransitions.waterContact;
    expect(cut).toBeGreaterThanOrEqual(contact - 6);
    expect(cut).toBeLessThanOrEqual(contact + 10);
    expect(entryCutFrame(simulateDive({ seed: 'truth', runIndex: 0, code: '407C', height: '10m' }), truth)).toBe(cut);
    const cutTruth = diveTruth(dive, { fps: 12.5, width: 228, height: 128, cutAtFrame: cut });
    expect(cutTruth.frames[cut]?.camera.mirrored).not.toBe(truth.frames[cut]?.camera.mirrored);
    expect(cutTruth.stageTransitions).toEqual(truth.stageTransitions);
  }, 30_000);

  test('a cut to the underwater camera comes just after the contact and sees only what is below the surface', () => {
    const cut = underwaterCutFrame(dive, truth);
    const contact = truth.stageTransitions.waterContact;
    expect(cut).toBeGreaterThanOrEqual(contact + 1);
    expect(cut).toBeLessThanOrEqual(contact + 6);
    const below = diveTruth(dive, { fps: 12.5, width: 228, height: 128, underwaterAtFrame: cut });
    expect(below.underwater).toEqual({ start: cut });
    expect(below.stageTransitions).toEqual(truth.stageTransitions);
    // The frames before the cut are the main camera's, unchanged.
    expect(below.frames.slice(0, cut).map((f) => [f.joints, f.visible, f.camera])).toEqual(truth.frames.slice(0, cut).map((f) => [f.joints, f.visible, f.camera]));
    const after = below.frames.slice(cut);
    expect(after.every((f) => f.camera.underwater === true && f.splashAreaPx === 0)).toBe(true);
    // Under water the main camera loses the diver; the underwater camera sees the whole body once it is in.
    const last = after[after.length - 1];
    expect(truth.frames[truth.frames.length - 1]?.visible.reduce((a, b) => a + b, 0)).toBe(0);
    expect(last?.visible.reduce((a, b) => a + b, 0)).toBe(16);
    expect(last?.box).not.toBeNull();
    // At the cut the surface is in the top half of the picture (the camera then follows the diver down).
    const first = after[0]?.camera;
    const surfaceV = (first?.height ?? 0) / 2 + (first?.cy ?? 0) * (first?.scale ?? 0);
    expect(surfaceV).toBeGreaterThan(0);
    expect(surfaceV).toBeLessThan(0.5 * (first?.height ?? 0));
    expect(() => diveTruth(dive, { cutAtFrame: cut, underwaterAtFrame: cut })).toThrow(/not both/);
  }, 30_000);
});
