/** Building blocks shared by the HP-MCoRe parts, generic over `Ops`. */
import { glorot, he, onesInit, zerosInit } from './ops.ts';
import type { Ops } from './ops.ts';

export const LAYER_NORM_EPSILON = 1e-5;

/** x · W + b over the last axis (`zeroInit`: W starts at 0, for regression outputs that should start at 0). */
export function linear<T>(ops: Ops<T>, name: string, x: T, outSize: number, activation: 'none' | 'relu' = 'none', zeroInit = false): T {
  const inSize = ops.shape(x).at(-1) as number;
  const w = ops.param(`${name}.w`, [inSize, outSize], zeroInit ? zerosInit : activation === 'relu' ? he(inSize) : glorot(inSize, outSize));
  const b = ops.param(`${name}.b`, [outSize], zerosInit);
  const y = ops.add(ops.matMul(x, w), b);
  return activation === 'relu' ? ops.relu(y) : y;
}

export function layerNorm<T>(ops: Ops<T>, name: string, x: T): T {
  const size = ops.shape(x).at(-1) as number;
  return ops.layerNorm(x, ops.param(`${name}.gamma`, [size], onesInit), ops.param(`${name}.beta`, [size], zerosInit), LAYER_NORM_EPSILON);
}

/** Two-layer MLP with ReLU: in → hidden → out. */
export function mlp<T>(ops: Ops<T>, name: string, x: T, hidden: number, outSize: number, zeroOutput = false): T {
  return linear(ops, `${name}.out`, linear(ops, `${name}.hidden`, x, hidden, 'relu'), outSize, 'none', zeroOutput);
}

/** [B, ...lead, N, heads·d] → [B, ...lead, heads, N, d] (any rank ≥ 3; B may be dynamic). */
export function splitHeads<T>(ops: Ops<T>, x: T, heads: number): T {
  const shape = ops.shape(x);
  const r = shape.length;
  const [n, width] = shape.slice(-2) as [number, number];
  const lead = shape.slice(1, -2);
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2, r];
  return ops.transpose(ops.reshape(x, [-1, ...lead, n, heads, width / heads]), perm);
}

/** [B, ...lead, heads, N, d] → [B, ...lead, N, heads·d] */
export function mergeHeads<T>(ops: Ops<T>, x: T): T {
  const shape = ops.shape(x);
  const r = shape.length;
  const [heads, n, d] = shape.slice(-3) as [number, number, number];
  const lead = shape.slice(1, -3);
  const perm = [...Array.from({ length: r - 3 }, (_, i) => i), r - 2, r - 3, r - 1];
  return ops.reshape(ops.transpose(x, perm), [-1, ...lead, n, heads * d]);
}

/** Scaled dot-product logits Q·Kᵀ/√d per head: [B, heads, Nq, Nk]. */
export function attentionLogits<T>(ops: Ops<T>, q: T, k: T): T {
  const d = ops.shape(q).at(-1) as number;
  return ops.scale(ops.matMul(q, k, true), 1 / Math.sqrt(d));
}

/**
 * Multi-head attention: queries from `query` [B, ..., Nq, D], keys and values from `memory`
 * [B', ..., Nk, D] (B' = B, or 1 against N broadcasting — the compare graph attends one query to
 * N exemplars).
 */
export function multiHeadAttention<T>(ops: Ops<T>, name: string, query: T, memory: T, heads: number): T {
  const width = ops.shape(query).at(-1) as number;
  const q = splitHeads(ops, linear(ops, `${name}.q`, query, width), heads);
  const k = splitHeads(ops, linear(ops, `${name}.k`, memory, width), heads);
  const v = splitHeads(ops, linear(ops, `${name}.v`, memory, width), heads);
  const weights = ops.softmax(attentionLogits(ops, q, k), -1);
  return linear(ops, `${name}.o`, mergeHeads(ops, ops.matMul(weights, v)), width);
}

/** Conv3d + bias (+ ReLU) with a freshly named filter [kd, kh, kw, in, out]. */
export function conv3d<T>(ops: Ops<T>, name: string, x: T, outChannels: number, kernel: [number, number, number], strides: [number, number, number] = [1, 1, 1], relu = true): T {
  const inChannels = ops.shape(x).at(-1) as number;
  const fanIn = kernel[0] * kernel[1] * kernel[2] * inChannels;
  const w = ops.param(`${name}.w`, [...kernel, inChannels, outChannels], relu ? he(fanIn) : glorot(fanIn, kernel[0] * kernel[1] * kernel[2] * outChannels));
  const b = ops.param(`${name}.b`, [outChannels], zerosInit);
  // A 1×1×1 kernel needs no padding; "same" would even go negative with stride 2 on an even size
  // (tfjs then samples the odd pixels, which ONNX pads cannot express). "valid" gives the same size.
  const pointwise = kernel.every((k) => k === 1);
  const y = ops.conv3d(x, w, b, strides, pointwise ? 'valid' : 'same');
  return relu ? ops.relu(y) : y;
}
