/** Op-level parity: each building block in tfjs vs onnxruntime-node and onnxruntime-web, ≤ 1e-4. */
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionLogits, conv3d, layerNorm, linear, mlp, multiHeadAttention } from '../model/layers.ts';
import { loadTf } from '../model/tfBackend.ts';
import type { Tf } from '../model/tfBackend.ts';
import { runParity } from './parity.ts';
import type { ParityCase } from './parity.ts';

const TOLERANCE = 1e-4;
let tf: Tf;
// Loading the tfjs wasm backend took over 10 s on a loaded 2-core machine.
beforeAll(async () => { tf = await loadTf('wasm'); }, 60_000);

const cases: ParityCase[] = [
  {
    name: 'conv3d-same-stride2-relu-pools',
    inputs: [{ name: 'video', shape: [2, 5, 9, 10, 3], dims: ['B', 5, 9, 10, 3], range: [0, 1] }],
    build: (ops, [x]) => {
      const a = conv3d(ops, 'c1', x!, 4, [3, 3, 3], [1, 2, 2]);
      const b = conv3d(ops, 'c2', a, 6, [1, 3, 3], [1, 1, 1], false);
      const p = ops.maxPool3d(b, [1, 2, 2], [1, 2, 2]);
      const q = ops.avgPool3d(conv3d(ops, 'c3', p, 5, [2, 1, 1], [1, 1, 1]), [1, 1, 1], [1, 1, 1]);
      return [ops.reduceMax(b, [2, 3], false), ops.reduceMean(q, [2, 3], false), ops.reduceSum(p, [4], true)];
    },
  },
  {
    name: 'channel-gate-broadcast',
    inputs: [{ name: 'video', shape: [2, 3, 4, 4, 5], dims: ['B', 3, 4, 4, 5] }],
    build: (ops, [x]) => {
      const c = conv3d(ops, 'c', x!, 6, [1, 3, 3]);
      const gate = ops.sigmoid(linear(ops, 'g', ops.reduceMean(c, [2, 3], true), 6));
      return [ops.add(ops.mul(c, gate), ops.param('bias', [6], { kind: 'constant', value: 0 }))];
    },
  },
  {
    name: 'depthwise-temporal-conv',
    inputs: [{ name: 'x4', shape: [2, 9, 4, 6], dims: ['B', 9, 4, 6] }, { name: 'x3', shape: [2, 9, 6], dims: ['B', 9, 6] }],
    build: (ops, [x4, x3]) => {
      const w = ops.param('dw', [5, 6], { kind: 'uniform', limit: 1 }), b = ops.param('db', [6], { kind: 'constant', value: 0 });
      const w2 = ops.param('dw2', [2, 6], { kind: 'uniform', limit: 1 });
      return [ops.depthwiseTemporalConv(x4!, w, b), ops.depthwiseTemporalConv(x3!, w2, b)];
    },
  },
  {
    name: 'bigru-hard-sigmoid',
    inputs: [{ name: 'seq', shape: [2, 7, 5], dims: ['B', 7, 5] }],
    build: (ops, [x]) => [ops.biGru(x!, 'gru', 4, 'hard-sigmoid')],
  },
  {
    name: 'bigru-sigmoid',
    inputs: [{ name: 'seq', shape: [2, 7, 5], dims: ['B', 7, 5] }],
    build: (ops, [x]) => [ops.biGru(x!, 'gru', 4, 'sigmoid')],
  },
  {
    name: 'attention-layernorm-softmax-time',
    inputs: [{ name: 'query', shape: [1, 6, 8] }, { name: 'memory', shape: [3, 6, 8], dims: ['N', 6, 8] }],
    build: (ops, [q, m]) => {
      const attended = multiHeadAttention(ops, 'att', layerNorm(ops, 'ln', q!), m!, 2);
      const logits = attentionLogits(ops, ops.reshape(attended, [-1, 1, 6, 8]), ops.reshape(m!, [-1, 1, 6, 8]));
      return [attended, ops.softmax(linear(ops, 'time', attended, 2), 1), ops.softmax(logits, -1), mlp(ops, 'mlp', attended, 5, 1)];
    },
  },
  {
    name: 'fixed-matrix-products-split-concat',
    inputs: [{ name: 'x', shape: [2, 3, 4, 5], dims: ['B', 3, 4, 5] }],
    build: (ops, [x]) => {
      const a = ops.constant('adj', Float32Array.from({ length: 12 }, (_, i) => (i % 5) / 4), [3, 4]);
      const left = ops.matMul(a, x!); // [B, 3, 3, 5]
      const [p, q] = ops.split(left, [1, 2], 2);
      const stacked = ops.constant('stack', Float32Array.from({ length: 3 * 4 * 4 }, (_, i) => Math.sin(i)), [3, 4, 4]);
      const perLevel = ops.matMul(stacked, ops.reshape(x!, [-1, 1, 4, 5])); // broadcast [3,4,4] × [B,1,4,5]
      return [ops.concat([q!, p!], 2), ops.transpose(perLevel, [0, 3, 1, 2]), ops.scale(ops.sub(ops.tanh(left), ops.relu(left)), 0.5)];
    },
  },
];

describe('op parity tfjs ↔ onnxruntime (node, web)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const report = await runParity(tf, c);
      expect(report.maxOutput).toBeGreaterThan(1e-3);
      expect(report.maxAbs.node).toBeLessThanOrEqual(TOLERANCE);
      expect(report.maxAbs.web).toBeLessThanOrEqual(TOLERANCE);
    }, 30_000);
  }
});
