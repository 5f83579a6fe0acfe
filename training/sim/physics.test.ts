import { describe, expect, test } from 'vitest';
import { bodyPoints, inertiaTensor, makeBody, pikeShape, straightShape, totalSegmentMass, tuckShape } from './body.ts';
import { conservationCheck, simulateDive } from './dive.ts';
import type { SimulatedDive } from './dive.ts';
import { cleanFaults } from './faults.ts';
import { ShapeTrack, prepareFlight, projectile, runFlight, timeToHeight } from './physics.ts';
import type { Height } from '@divejudge/core';

const male = makeBody({ sex: 'male', statureM: 1.72, massKg: 65 });
const izz = (shape: ReturnType<typeof tuckShape>) => inertiaTensor(male, bodyPoints(male, shape))[8] ?? 0;

describe('body', () => {
  test('segment masses add up to the body mass; lengths scale with stature', () => {
    expect(totalSegmentMass(male)).toBeCloseTo(65, 6);
    const tall = makeBody({ sex: 'male', statureM: 1.9, massKg: 65 });
    expect(tall.lengths.thigh / male.lengths.thigh).toBeCloseTo(1.9 / 1.72, 6);
  });

  test('moment of inertia about the somersault axis: tuck < pike < layout, in the published ranges', () => {
    const tuck = izz(tuckShape(0)), pike = izz(pikeShape(0)), layout = izz(straightShape('sides'));
    expect(tuck).toBeLessThan(pike);
    expect(pike).toBeLessThan(layout);
    // Published values for elite male divers: tuck ~3.5–5, pike ~4.5–7, layout ~10–15 kg·m².
    expect(tuck).toBeGreaterThan(3);
    expect(tuck).toBeLessThan(5.5);
    expect(layout).toBeGreaterThan(9);
    expect(layout).toBeLessThan(16);
  });
});

const FLIGHT_RANGE: Readonly<Record<Height, [number, number]>> = {
  '1m': [0.88, 1.12], '3m': [1.2, 1.52], '5m': [1.25, 1.6], '7.5m': [1.4, 1.75], '10m': [1.58, 1.92],
};

function dives(height: Height, codes: string[], perCode: number): SimulatedDive[] {
  return codes.flatMap((code, c) => Array.from({ length: perCode }, (_, i) => simulateDive({ seed: 'physics', runIndex: c * 100 + i, code, height })));
}

describe('flight', () => {
  const byHeight: [Height, string[]][] = [
    ['10m', ['407C', '109C', '5253B', '205B']],
    ['3m', ['107B', '5154B', '305B', '405B']],
    ['1m', ['101B', '103B', '5231D']],
  ];
  for (const [height, codes] of byHeight) {
    test(`${height}: flight time from take-off to entry and the somersaults are physically right`, () => {
      for (const dive of dives(height, codes, 4)) {
        const [lo, hi] = FLIGHT_RANGE[height];
        expect(dive.outcome.flightTimeS, `${dive.program.code} flight time`).toBeGreaterThan(lo);
        expect(dive.outcome.flightTimeS, `${dive.program.code} flight time`).toBeLessThan(hi);
        // Rotation counts: the dive's somersaults within the entry-angle error.
        const target = dive.program.dive.halfSomersaults / 2;
        const error = Math.abs(dive.outcome.somersaultsRev - target) * 360;
        expect(error, `${dive.program.code} rotation error (deg)`).toBeLessThan(Math.abs(dive.outcome.entryAngleDeg) + 25);
        if (dive.program.dive.twisting) {
          expect(Math.abs(dive.outcome.twistsRev - dive.program.dive.twists), `${dive.program.code} twists`).toBeLessThan(0.35);
          expect(dive.outcome.maxTiltDeg).toBeLessThan(30);
        }
      }
    }, 60_000);
  }

  test('armstand dives from 10 m have a shorter flight (no jump): 1.5–1.8 s', () => {
    const dive = simulateDive({ seed: 'physics', runIndex: 1, code: '626C', height: '10m' });
    expect(dive.outcome.flightTimeS).toBeGreaterThan(1.5);
    expect(dive.outcome.flightTimeS).toBeLessThan(1.8);
  });

  test('a clean dive reaches exactly the planned rotation and enters vertically', () => {
    for (const [code, height] of [['407C', '10m'], ['205B', '3m'], ['5253B', '10m'], ['101B', '1m']] as const) {
      const dive = simulateDive({ seed: 'clean', runIndex: 0, code, height, faults: cleanFaults() });
      expect(dive.outcome.somersaultsRev).toBeCloseTo(dive.program.dive.halfSomersaults / 2, 2);
      expect(Math.abs(dive.outcome.entryAngleDeg)).toBeLessThan(1);
      expect(dive.outcome.twistsRev).toBeCloseTo(dive.program.dive.twists, 1);
    }
  }, 30_000);

  test('energy of the centre of mass and angular momentum about it are conserved in flight', () => {
    for (const [code, height] of [['407C', '10m'], ['107B', '3m'], ['305B', '3m'], ['103B', '1m']] as const) {
      const dive = simulateDive({ seed: 'conserve', runIndex: 0, code, height });
      const check = conservationCheck(dive, 0.02);
      expect(check.energyDrift, `${code} energy`).toBeLessThan(1e-3);
      expect(check.angularMomentumDrift, `${code} angular momentum`).toBeLessThan(0.02);
    }
    // With twists the tilt model (Yeadon's approximation) keeps H_z within a few percent.
    const twister = simulateDive({ seed: 'conserve', runIndex: 0, code: '5253B', height: '10m' });
    expect(conservationCheck(twister, 0.02).angularMomentumDrift).toBeLessThan(0.08);
  }, 60_000);

  test('same angular momentum: tuck spins faster than pike, pike faster than layout; opening slows it', () => {
    const rate = (shape: ReturnType<typeof tuckShape>) => {
      const grid = prepareFlight({
        body: male, facing: 1, takeOff: { com: [0, 11], velocity: [1, 3.4], theta: 0 },
        shapes: new ShapeTrack([{ t: 0, shape }]), tilt: null, horizon: 0.5,
      });
      const trace = runFlight(grid, -60, 0);
      return Math.abs(trace.thetaRate[50] ?? 0);
    };
    const tuck = rate(tuckShape(0)), pike = rate(pikeShape(0)), layout = rate(straightShape('sides'));
    expect(tuck).toBeGreaterThan(pike);
    expect(pike).toBeGreaterThan(layout);
    // A 3½ tuck from 10 m: about 2–3 revolutions a second in the tuck, well under one after opening.
    const dive = simulateDive({ seed: 'rates', runIndex: 0, code: '407C', height: '10m', faults: cleanFaults() });
    const inTuck = Math.abs(dive.trace.thetaRate[Math.round(0.8 / dive.trace.dt)] ?? 0) / (2 * Math.PI);
    const inLine = Math.abs(dive.trace.thetaRate[Math.round((dive.times.contact - 0.02) / dive.trace.dt)] ?? 0) / (2 * Math.PI);
    expect(inTuck).toBeGreaterThan(2);
    expect(inTuck).toBeLessThan(3.2);
    expect(inLine).toBeLessThan(inTuck / 2);
  }, 30_000);

  test('projectile: the CoM parabola reaches the water at the computed time', () => {
    const takeOff = { com: [0, 11] as [number, number], velocity: [1, 3.4] as [number, number], theta: 0 };
    const t = timeToHeight(takeOff, 1.2);
    expect(projectile(takeOff, t).y).toBeCloseTo(1.2, 9);
  });

  test('the same seed gives the same dive', () => {
    const a = simulateDive({ seed: 7, runIndex: 3 });
    const b = simulateDive({ seed: 7, runIndex: 3 });
    expect(b.program.code).toBe(a.program.code);
    expect(b.judging.awards).toEqual(a.judging.awards);
    expect(b.outcome.flightTimeS).toBe(a.outcome.flightTimeS);
  });
});
