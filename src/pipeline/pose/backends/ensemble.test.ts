/** The combining logic of composite backends, with tiny in-test backends that return fixed people. */
import { expect, test } from 'vitest';
import { JOINT_COUNT } from '../skeleton.ts';
import { FallbackBackend } from './ensemble.ts';
import { BACKENDS, type BackendPerson, type PoseBackend } from './types.ts';

function fixed(people: BackendPerson[], calls: { n: number }): PoseBackend {
  return {
    info: BACKENDS['blazepose-full'],
    async init() {},
    async estimate() {
      calls.n++;
      return people;
    },
    dispose() {},
  };
}

const person = (score: number): BackendPerson => ({ joints: new Float32Array(JOINT_COUNT * 3).fill(score), score });
const input = { width: 4, height: 4, data: new Uint8ClampedArray(64) } as ImageData;

test('the second model is asked only when the first finds nobody or is unsure, and the better answer wins', async () => {
  const primaryCalls = { n: 0 }, secondaryCalls = { n: 0 };
  const sure = new FallbackBackend(BACKENDS['blazepose-full>mediapipe-lite'], fixed([person(0.8)], primaryCalls), fixed([person(0.9)], secondaryCalls), 0.3);
  expect((await sure.estimate(input, 1))[0]?.score).toBe(0.8);
  expect(secondaryCalls.n).toBe(0);

  const lost = new FallbackBackend(BACKENDS['blazepose-full>mediapipe-lite'], fixed([], { n: 0 }), fixed([person(0.5)], secondaryCalls), 0.3);
  expect((await lost.estimate(input, 1))[0]?.score).toBe(0.5);
  expect(secondaryCalls.n).toBe(1);

  const bothWeak = new FallbackBackend(BACKENDS['blazepose-full>mediapipe-lite'], fixed([person(0.2)], { n: 0 }), fixed([person(0.1)], { n: 0 }), 0.3);
  expect((await bothWeak.estimate(input, 1))[0]?.score).toBe(0.2);
});
