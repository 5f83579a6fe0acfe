/**
 * `Ops` that emit ONNX nodes: running the generic model code with these builds the inference graph.
 *
 * Layout: the model speaks NDHWC; ONNX convolutions and pools want NCDHW. A 5D value produced by a
 * conv or pool stays physically NCDHW (`layout: 'ncdhw'`, while `shape` keeps the logical NDHWC
 * shape) through element-wise ops and further convs/pools, and is transposed back only when another
 * op needs it — one Transpose in, one out, per visual branch.
 */
import type { GruGate, Init, Ops, Padding } from '../model/ops.ts';
import { OnnxGraphBuilder } from './onnxBuilder.ts';
import type { AttributeValue } from './onnxBuilder.ts';

export interface OnnxValue {
  name: string;
  /** Logical shape (NDHWC for video); −1 where unknown until run time. */
  shape: number[];
  layout: 'plain' | 'ncdhw';
}

export type ParamValues = ReadonlyMap<string, { shape: number[]; values: Float32Array }>;

const TO_NCDHW = [0, 4, 1, 2, 3];
const TO_NDHWC = [0, 2, 3, 4, 1];
/** Logical NDHWC axis → physical NCDHW axis. */
const NCDHW_AXIS = [0, 2, 3, 4, 1];

function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const pa = [...Array<number>(rank - a.length).fill(1), ...a], pb = [...Array<number>(rank - b.length).fill(1), ...b];
  return pa.map((x, i) => {
    const y = pb[i] ?? 1;
    if (x === 1) return y;
    if (y === 1) return x;
    if (x === -1) return y;
    if (y === -1) return x;
    if (x !== y) throw new Error(`cannot broadcast [${a.join(', ')}] with [${b.join(', ')}]`);
    return x;
  });
}

function normaliseAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export class OnnxOps implements Ops<OnnxValue> {
  readonly kind = 'onnx';
  /** Raw values of initializers created from parameters (for transposed copies). */
  private readonly initValues = new Map<string, { shape: number[]; values: Float32Array }>();
  private readonly usedParams = new Set<string>();
  /** Parameters handed out but not yet written: written when a node first reads them. */
  private readonly pending = new Map<string, { shape: number[]; values: Float32Array }>();

  constructor(readonly graph: OnnxGraphBuilder, private readonly params: ParamValues) {}

  /** Parameters the graph used (the export checks that nothing trained was left out). */
  usedParameterNames(): ReadonlySet<string> {
    return this.usedParams;
  }

  input(name: string, shape: number[], dims: Array<number | string>): OnnxValue {
    this.graph.addInput(name, dims);
    return { name, shape, layout: 'plain' };
  }

  output(name: string, value: OnnxValue, dims: Array<number | string>): void {
    const plain = this.plain(value);
    this.materialise([plain.name]);
    this.graph.addOutput(name, plain.name, dims);
  }

  /** Writes pending parameter initializers that `inputs` read. */
  private materialise(inputs: readonly string[]): void {
    for (const name of inputs) {
      const p = this.pending.get(name);
      if (p) {
        this.graph.addFloatInitializer(name, p.values, p.shape);
        this.pending.delete(name);
      }
    }
  }

  private addNode(op: string, inputs: string[], outputCount: number, attrs: Parameters<OnnxGraphBuilder['addNode']>[3] = {}, hint?: string): string[] {
    this.materialise(inputs);
    return this.graph.addNode(op, inputs, outputCount, attrs, hint);
  }

  private node(op: string, inputs: string[], shape: number[], attrs: Parameters<OnnxGraphBuilder['addNode']>[3] = {}, layout: OnnxValue['layout'] = 'plain'): OnnxValue {
    const [name] = this.addNode(op, inputs, 1, attrs);
    return { name: name as string, shape, layout };
  }

  private int64(values: number[]): string {
    return this.graph.addInt64Initializer(this.graph.fresh('const_i64'), values);
  }

  private floatConst(values: Float32Array, shape: number[], hint = 'const'): string {
    return this.graph.addFloatInitializer(this.graph.fresh(hint), values, shape);
  }

  /** The value in plain (logical) layout. */
  plain(x: OnnxValue): OnnxValue {
    if (x.layout === 'plain') return x;
    return this.node('Transpose', [x.name], x.shape, { perm: { ints: TO_NDHWC } });
  }

  private ncdhw(x: OnnxValue): OnnxValue {
    if (x.layout === 'ncdhw') return x;
    if (x.shape.length !== 5) throw new Error(`expected a 5D value, got [${x.shape.join(', ')}]`);
    return { ...this.node('Transpose', [x.name], x.shape, { perm: { ints: TO_NCDHW } }), layout: 'ncdhw' };
  }

  shape(x: OnnxValue): number[] {
    return [...x.shape];
  }

  param(name: string, shape: number[], _init: Init): OnnxValue {
    const stored = this.params.get(name);
    if (!stored) throw new Error(`export: parameter ${name} is not in the checkpoint`);
    if (stored.shape.join() !== shape.join()) throw new Error(`export: parameter ${name} has shape [${stored.shape.join(', ')}], the model asks for [${shape.join(', ')}]`);
    this.usedParams.add(name);
    if (!this.initValues.has(name)) {
      this.pending.set(name, stored);
      this.initValues.set(name, stored);
    }
    return { name, shape: [...shape], layout: 'plain' };
  }

  constant(name: string, values: Float32Array, shape: number[]): OnnxValue {
    const initName = `const.${name}`;
    if (!this.graph.hasInitializer(initName)) this.graph.addFloatInitializer(initName, values, shape);
    return { name: initName, shape: [...shape], layout: 'plain' };
  }

  private binary(op: string, a: OnnxValue, b: OnnxValue): OnnxValue {
    const shape = broadcastShapes(a.shape, b.shape);
    if (a.layout === 'plain' && b.layout === 'plain') return this.node(op, [a.name, b.name], shape);
    // One side is physically NCDHW: bring the other to rank 5 (numpy left-padding) and NCDHW too.
    const lift = (v: OnnxValue): OnnxValue => {
      if (v.layout === 'ncdhw') return v;
      const rank5 = [...Array<number>(5 - v.shape.length).fill(1), ...v.shape];
      if (v.shape.length < 5 && v.shape.includes(-1)) throw new Error(`cannot broadcast [${v.shape.join(', ')}] (dynamic) against a video value`);
      const reshaped = v.shape.length === 5 ? v : this.node('Reshape', [v.name, this.int64(rank5.map((d) => (d === -1 ? 0 : d)))], rank5);
      return this.ncdhw(reshaped);
    };
    return { ...this.node(op, [lift(a).name, lift(b).name], shape), layout: 'ncdhw' };
  }

  add(a: OnnxValue, b: OnnxValue): OnnxValue { return this.binary('Add', a, b); }
  sub(a: OnnxValue, b: OnnxValue): OnnxValue { return this.binary('Sub', a, b); }
  mul(a: OnnxValue, b: OnnxValue): OnnxValue { return this.binary('Mul', a, b); }

  scale(x: OnnxValue, factor: number): OnnxValue {
    const s = this.floatConst(Float32Array.of(factor), [], 'scale');
    return { ...this.node('Mul', [x.name, s], x.shape), layout: x.layout };
  }

  matMul(a0: OnnxValue, b0: OnnxValue, transposeB = false): OnnxValue {
    const a = this.plain(a0);
    let b = this.plain(b0);
    if (transposeB) {
      const perm = b.shape.map((_, i) => i);
      perm[perm.length - 1] = perm.length - 2;
      perm[perm.length - 2] = perm.length - 1;
      b = this.transpose(b, perm);
    }
    const m = a.shape[a.shape.length - 2], n = b.shape[b.shape.length - 1] as number;
    const lead = b.shape.length === 2 ? a.shape.slice(0, -2) : a.shape.length === 2 ? b.shape.slice(0, -2) : broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const shape = a.shape.length === 1 ? [n] : [...lead, m as number, n];
    return this.node('MatMul', [a.name, b.name], shape);
  }

  private unary(op: string, x: OnnxValue, attrs: Parameters<OnnxGraphBuilder['addNode']>[3] = {}): OnnxValue {
    return { ...this.node(op, [x.name], x.shape, attrs), layout: x.layout };
  }

  relu(x: OnnxValue): OnnxValue { return this.unary('Relu', x); }
  sigmoid(x: OnnxValue): OnnxValue { return this.unary('Sigmoid', x); }
  tanh(x: OnnxValue): OnnxValue { return this.unary('Tanh', x); }

  softmax(x0: OnnxValue, axis: number): OnnxValue {
    const x = this.plain(x0);
    return this.node('Softmax', [x.name], x.shape, { axis: { int: normaliseAxis(axis, x.shape.length) } });
  }

  layerNorm(x0: OnnxValue, gamma: OnnxValue, beta: OnnxValue, epsilon: number): OnnxValue {
    const x = this.plain(x0);
    return this.node('LayerNormalization', [x.name, gamma.name, beta.name], x.shape, { axis: { int: -1 }, epsilon: { float: epsilon } });
  }

  reshape(x0: OnnxValue, shape: number[]): OnnxValue {
    const x = this.plain(x0);
    const known = x.shape.every((d) => d >= 0);
    let out = [...shape];
    if (known && shape.includes(-1)) {
      const size = x.shape.reduce((a, d) => a * d, 1);
      const rest = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
      out = shape.map((d) => (d === -1 ? size / rest : d));
    }
    return this.node('Reshape', [x.name, this.int64(shape)], out);
  }

  transpose(x0: OnnxValue, perm: number[]): OnnxValue {
    const x = this.plain(x0);
    return this.node('Transpose', [x.name], perm.map((p) => x.shape[p] as number), { perm: { ints: perm } });
  }

  concat(xs0: OnnxValue[], axis: number): OnnxValue {
    if (xs0.length > 1 && xs0.every((x) => x.layout === 'ncdhw')) {
      // Video values stay NCDHW: concatenate on the physical axis.
      const a = normaliseAxis(axis, 5);
      const shape = [...(xs0[0] as OnnxValue).shape];
      shape[a] = xs0.reduce((s, x) => s + (x.shape[a] as number), 0);
      return this.node('Concat', xs0.map((x) => x.name), shape, { axis: { int: NCDHW_AXIS[a] as number } }, 'ncdhw');
    }
    const xs = xs0.map((x) => this.plain(x));
    const first = xs[0];
    if (!first) throw new Error('concat of nothing');
    if (xs.length === 1) return first;
    const a = normaliseAxis(axis, first.shape.length);
    const shape = [...first.shape];
    shape[a] = xs.reduce((s, x) => (s < 0 || (x.shape[a] ?? -1) < 0 ? -1 : s + (x.shape[a] as number)), 0);
    return this.node('Concat', xs.map((x) => x.name), shape, { axis: { int: a } });
  }

  split(x0: OnnxValue, sizes: number[], axis: number): OnnxValue[] {
    const x = this.plain(x0);
    const a = normaliseAxis(axis, x.shape.length);
    const names = this.addNode('Split', [x.name, this.int64(sizes)], sizes.length, { axis: { int: a } });
    return names.map((name, i) => {
      const shape = [...x.shape];
      shape[a] = sizes[i] as number;
      return { name, shape, layout: 'plain' as const };
    });
  }

  private reduce(op: 'ReduceMean' | 'ReduceMax' | 'ReduceSum', x: OnnxValue, axes0: number[], keepDims: boolean): OnnxValue {
    const rank = x.shape.length;
    const axes = axes0.map((a) => normaliseAxis(a, rank));
    const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const finalShape = x.shape.filter((_, i) => !axes.includes(i));
    const emit = (v: OnnxValue, physicalAxes: number[], keep: boolean, shape: number[], layout: OnnxValue['layout']): OnnxValue => {
      const attrs: Parameters<OnnxGraphBuilder['addNode']>[3] = { keepdims: { int: keep ? 1 : 0 } };
      // Opset 17: ReduceSum takes axes as an input, ReduceMean / ReduceMax as an attribute.
      if (op === 'ReduceSum') return { ...this.node(op, [v.name, this.int64(physicalAxes)], shape, attrs), layout };
      return { ...this.node(op, [v.name], shape, { ...attrs, axes: { ints: physicalAxes } }), layout };
    };
    if (x.layout === 'plain') return emit(x, axes, keepDims, keepDims ? keptShape : finalShape, 'plain');
    const physical = axes.map((a) => NCDHW_AXIS[a] as number);
    const kept = emit(x, physical, true, keptShape, 'ncdhw');
    if (keepDims) return kept;
    return this.reshape(this.plain(kept), finalShape.map((d, i) => (i === 0 && d === -1 ? -1 : d)));
  }

  reduceMean(x: OnnxValue, axes: number[], keepDims: boolean): OnnxValue { return this.reduce('ReduceMean', x, axes, keepDims); }
  reduceMax(x: OnnxValue, axes: number[], keepDims: boolean): OnnxValue { return this.reduce('ReduceMax', x, axes, keepDims); }
  reduceSum(x: OnnxValue, axes: number[], keepDims: boolean): OnnxValue { return this.reduce('ReduceSum', x, axes, keepDims); }

  /** TF "same" padding: output ceil(n / s), the odd pixel of padding at the end. */
  private samePads(spatial: number[], kernel: number[], strides: number[]): number[] {
    const before: number[] = [], after: number[] = [];
    spatial.forEach((n, i) => {
      const k = kernel[i] as number, s = strides[i] as number;
      if (n < 0) throw new Error('"same" padding needs static spatial sizes');
      const out = Math.ceil(n / s);
      const total = (out - 1) * s + k - n;
      // tfjs does not clamp this at 0 (it then crops); ONNX cannot, so such convs must use "valid".
      if (total < 0) throw new Error(`"same" padding would be negative (size ${n}, kernel ${k}, stride ${s}): use "valid"`);
      before.push(Math.floor(total / 2));
      after.push(total - Math.floor(total / 2));
    });
    return [...before, ...after];
  }

  private outSpatial(spatial: number[], kernel: number[], strides: number[], padding: Padding): number[] {
    return spatial.map((n, i) => (padding === 'same' ? Math.ceil(n / (strides[i] as number)) : Math.floor((n - (kernel[i] as number)) / (strides[i] as number)) + 1));
  }

  conv3d(x0: OnnxValue, filter: OnnxValue, bias: OnnxValue, strides: [number, number, number], padding: Padding): OnnxValue {
    const x = this.ncdhw(x0);
    const stored = this.initValues.get(filter.name);
    if (!stored) throw new Error(`conv3d filter ${filter.name} must be a parameter`);
    const [kd, kh, kw, cin, cout] = stored.shape as [number, number, number, number, number];
    // [kd, kh, kw, in, out] → [out, in, kd, kh, kw]
    const w = new Float32Array(stored.values.length);
    for (let a = 0; a < kd; a++) for (let b = 0; b < kh; b++) for (let c = 0; c < kw; c++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
      w[(((o * cin + i) * kd + a) * kh + b) * kw + c] = stored.values[(((a * kh + b) * kw + c) * cin + i) * cout + o] as number;
    }
    const wName = `${filter.name}.ncdhw`;
    if (!this.graph.hasInitializer(wName)) this.graph.addFloatInitializer(wName, w, [cout, cin, kd, kh, kw]);
    const spatial = x.shape.slice(1, 4);
    const kernel = [kd, kh, kw];
    const pads = padding === 'same' ? this.samePads(spatial, kernel, strides) : [0, 0, 0, 0, 0, 0];
    const out = this.outSpatial(spatial, kernel, strides, padding);
    return this.node('Conv', [x.name, wName, bias.name], [x.shape[0] as number, ...out, cout], { kernel_shape: { ints: kernel }, strides: { ints: strides }, pads: { ints: pads } }, 'ncdhw');
  }

  private pool(op: 'MaxPool' | 'AveragePool', x0: OnnxValue, window: [number, number, number], strides: [number, number, number]): OnnxValue {
    const x = this.ncdhw(x0);
    const out = this.outSpatial(x.shape.slice(1, 4), window, strides, 'valid');
    return this.node(op, [x.name], [x.shape[0] as number, ...out, x.shape[4] as number], { kernel_shape: { ints: window }, strides: { ints: strides } }, 'ncdhw');
  }

  maxPool3d(x: OnnxValue, window: [number, number, number], strides: [number, number, number]): OnnxValue { return this.pool('MaxPool', x, window, strides); }
  avgPool3d(x: OnnxValue, window: [number, number, number], strides: [number, number, number]): OnnxValue { return this.pool('AveragePool', x, window, strides); }

  depthwiseTemporalConv(x0: OnnxValue, w: OnnxValue, bias: OnnxValue): OnnxValue {
    // As a grouped 2D Conv over [B, C, T, rest]: one node between two transposes.
    const x = this.plain(x0);
    const stored = this.initValues.get(w.name);
    if (!stored) throw new Error(`depthwiseTemporalConv filter ${w.name} must be a parameter`);
    const [k, channels] = stored.shape as [number, number];
    const rank = x.shape.length;
    if (rank !== 3 && rank !== 4) throw new Error('depthwiseTemporalConv expects [B, T, C] or [B, T, J, C]');
    const kernel = new Float32Array(channels * k); // [C, 1, k, 1]
    for (let dt = 0; dt < k; dt++) for (let c = 0; c < channels; c++) kernel[c * k + dt] = stored.values[dt * channels + c] as number;
    const wName = `${w.name}.grouped`;
    if (!this.graph.hasInitializer(wName)) this.graph.addFloatInitializer(wName, kernel, [channels, 1, k, 1]);
    const four = rank === 4 ? x : this.reshape(x, [-1, x.shape[1] as number, 1, channels]);
    const channelsFirst = this.transpose(four, [0, 3, 1, 2]); // [B, C, T, J]
    const before = Math.floor((k - 1) / 2), after = k - 1 - before;
    const conv = this.node('Conv', [channelsFirst.name, wName, bias.name], channelsFirst.shape, {
      group: { int: channels }, kernel_shape: { ints: [k, 1] }, pads: { ints: [before, 0, after, 0] },
    });
    const back = this.transpose(conv, [0, 2, 3, 1]);
    return rank === 4 ? back : this.reshape(back, [-1, x.shape[1] as number, channels]);
  }

  biGru(x0: OnnxValue, name: string, hidden: number, gate: GruGate = 'hard-sigmoid'): OnnxValue {
    const x = this.plain(x0);
    const [batch, steps, inputSize] = x.shape as [number, number, number];
    const H = hidden;
    const get = (suffix: string, shape: number[]) => {
      const full = `${name}.${suffix}`;
      const stored = this.params.get(full);
      if (!stored || stored.shape.join() !== shape.join()) throw new Error(`export: GRU parameter ${full} missing or not [${shape.join(', ')}]`);
      this.usedParams.add(full);
      return stored.values;
    };
    const kernel = get('kernel', [2, inputSize, 3 * H]), recurrent = get('recurrent', [2, H, 3 * H]), bias = get('bias', [2, 3 * H]);
    // ONNX: W [dirs, 3H, D], R [dirs, 3H, H] (transposed), B [dirs, 6H] = input bias | recurrent bias (zero).
    const W = new Float32Array(2 * 3 * H * inputSize), R = new Float32Array(2 * 3 * H * H), B = new Float32Array(2 * 6 * H);
    for (let d = 0; d < 2; d++) {
      for (let i = 0; i < inputSize; i++) for (let g = 0; g < 3 * H; g++) W[(d * 3 * H + g) * inputSize + i] = kernel[(d * inputSize + i) * 3 * H + g] as number;
      for (let i = 0; i < H; i++) for (let g = 0; g < 3 * H; g++) R[(d * 3 * H + g) * H + i] = recurrent[(d * H + i) * 3 * H + g] as number;
      for (let g = 0; g < 3 * H; g++) B[d * 6 * H + g] = bias[d * 3 * H + g] as number;
    }
    const wName = this.graph.addFloatInitializer(`${name}.W`, W, [2, 3 * H, inputSize]);
    const rName = this.graph.addFloatInitializer(`${name}.R`, R, [2, 3 * H, H]);
    const bName = this.graph.addFloatInitializer(`${name}.B`, B, [2, 6 * H]);
    const timeMajor = this.transpose(x, [1, 0, 2]); // [T, B, D]
    const activations: Record<string, AttributeValue> =
      gate === 'sigmoid'
        ? { activations: { strings: ['Sigmoid', 'Tanh', 'Sigmoid', 'Tanh'] } }
        : {
            activations: { strings: ['HardSigmoid', 'Tanh', 'HardSigmoid', 'Tanh'] },
            // onnxruntime consumes alpha/beta only for activations that take them (Tanh takes none):
            // one (0.2, 0.5) pair per HardSigmoid. Listing placeholders for Tanh shifts them silently.
            activation_alpha: { floats: [0.2, 0.2] },
            activation_beta: { floats: [0.5, 0.5] },
          };
    const [y] = this.addNode('GRU', [timeMajor.name, wName, rName, bName], 1, {
      hidden_size: { int: H },
      direction: { string: 'bidirectional' },
      linear_before_reset: { int: 0 },
      ...activations,
    }, 'gru_y');
    // Y [T, 2, B, H] → [B, T, 2, H] → [B, T, 2H]
    const y4: OnnxValue = { name: y as string, shape: [steps, 2, batch, H], layout: 'plain' };
    return this.reshape(this.transpose(y4, [2, 0, 1, 3]), [-1, steps, 2 * H]);
  }
}
