/**
 * The tfjs convolution and pooling rewrites against tfjs's own Conv3D / pools, values and
 * gradients. The reference runs on the cpu backend: tfjs-backend-wasm 4.22's Conv3DBackpropInputV2
 * gives wrong input gradients when there is more than one frame (off by whole units here), and its
 * MaxPool3D returns 1.2e-38 for windows of negatives — two more reasons the model avoids them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfc from '@tensorflow/tfjs-core';
import { SeededRandom } from './init.ts';
import { loadTf } from './tfBackend.ts';
import type { Tf } from './tfBackend.ts';
import { TfOps, TfParams } from './tfOps.ts';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf('wasm');
  await import('@tensorflow/tfjs-backend-cpu');
}, 60_000);

/** Runs `f` on the cpu backend and returns plain arrays. */
async function onCpu(f: () => tfc.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  try {
    return await Promise.all(f().map(async (t) => (await t.data()) as Float32Array));
  } finally {
    await tf.setBackend('wasm');
  }
}

async function maxDiffArrays(a: tfc.Tensor, b: Float32Array): Promise<number> {
  const x = await a.data();
  expect(x.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((x[i] as number) - (b[i] as number)));
  return worst;
}

function randomTensor(shape: number[], seed: number): tfc.Tensor {
  const random = new SeededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => random.next() * 2 - 1), shape);
}

describe('TfOps convolutions and pools', () => {
  const cases: Array<{ x: number[]; k: [number, number, number]; s: [number, number, number]; pad: 'same' | 'valid' }> = [
    { x: [2, 5, 9, 8, 3], k: [3, 3, 3], s: [1, 2, 2], pad: 'same' },
    { x: [1, 6, 7, 7, 4], k: [1, 3, 3], s: [1, 1, 1], pad: 'same' },
    { x: [2, 6, 4, 1, 5], k: [5, 1, 1], s: [1, 1, 1], pad: 'same' },
    { x: [1, 4, 8, 8, 3], k: [1, 1, 1], s: [1, 2, 2], pad: 'valid' },
    { x: [1, 4, 6, 6, 2], k: [2, 5, 5], s: [1, 2, 2], pad: 'same' },
  ];
  for (const c of cases) {
    it(`conv3d ${c.x.join('x')} kernel ${c.k.join('x')} stride ${c.s.join(',')} ${c.pad}: values and gradients`, async () => {
      const ops = new TfOps(new TfParams(tf, 1));
      const wShape = [...c.k, c.x[4] as number, 4];
      const inputs = () => [randomTensor(c.x, 1), randomTensor(wShape, 2), randomTensor([4], 3)] as const;
      const reference = (xi: tfc.Tensor, wi: tfc.Tensor, bias: tfc.Tensor) => tf.add(tf.conv3d(xi as tfc.Tensor5D, wi as tfc.Tensor5D, c.s, c.pad), bias);
      const [x, w, bias] = inputs();
      const value = ops.conv3d(x, w, bias, c.s, c.pad);
      const weights = () => randomTensor(value.shape, 4);
      const [refValue, refGx, refGw] = await onCpu(() => {
        const [xc, wc, bc] = inputs();
        const wt = weights();
        const [gx, gw] = tf.grads((xi: tfc.Tensor, wi: tfc.Tensor) => tf.sum(tf.mul(reference(xi, wi, bc), wt)))([xc, wc]);
        return [reference(xc, wc, bc), gx as tfc.Tensor, gw as tfc.Tensor];
      });
      expect(await maxDiffArrays(value, refValue as Float32Array)).toBeLessThan(1e-4);
      const wt = weights();
      const [gx, gw] = tf.grads((xi: tfc.Tensor, wi: tfc.Tensor) => tf.sum(tf.mul(ops.conv3d(xi, wi, bias, c.s, c.pad), wt)))([x, w]);
      expect(await maxDiffArrays(gx as tfc.Tensor, refGx as Float32Array)).toBeLessThan(1e-3);
      expect(await maxDiffArrays(gw as tfc.Tensor, refGw as Float32Array)).toBeLessThan(1e-3);
    });
  }

  it('max and average pooling match tfjs 3D pooling (negative windows included)', async () => {
    const ops = new TfOps(new TfParams(tf, 1));
    const x = tf.sub(randomTensor([2, 3, 5, 6, 4], 5), tf.scalar(1.5)); // mostly negative
    const avg = tf.avgPool3d(x as tfc.Tensor5D, [1, 2, 2], [1, 2, 2], 'valid');
    expect(await maxDiffArrays(ops.avgPool3d(x, [1, 2, 2], [1, 2, 2]), (await avg.data()) as Float32Array)).toBeLessThan(1e-6);
    // Reference max from a reshape: windows of a 2×2 grid.
    const pooled = ops.maxPool3d(x, [1, 2, 2], [1, 2, 2]);
    const data = await x.data(), out = await pooled.data();
    const at = (b: number, t: number, h: number, w: number, c: number) => data[(((b * 3 + t) * 5 + h) * 6 + w) * 4 + c] as number;
    expect(out[0]).toBeCloseTo(Math.max(at(0, 0, 0, 0, 0), at(0, 0, 0, 1, 0), at(0, 0, 1, 0, 0), at(0, 0, 1, 1, 0)), 6);
    expect(pooled.shape).toEqual([2, 3, 2, 3, 4]);
  });
});
