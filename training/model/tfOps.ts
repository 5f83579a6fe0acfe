/** `Ops` on TensorFlow.js tensors, with the trained parameters as tf.Variables. */
import type * as tfc from '@tensorflow/tfjs-core';
import { initialValues } from './init.ts';
import type { GruGate, Init, Ops, Padding } from './ops.ts';
import type { Tf } from './tfBackend.ts';

type Tensor = tfc.Tensor;

/** The named parameters of a model, created lazily with seeded values. */
let instances = 0;

export class TfParams {
  readonly variables = new Map<string, tfc.Variable>();
  private readonly constants = new Map<string, Tensor>();
  /** tfjs variable names are global: each parameter set gets its own prefix. */
  private readonly prefix = `params${++instances}/`;

  constructor(readonly tf: Tf, readonly seed: number) {}

  /** Our parameter name of a tfjs variable name (as `tf.variableGrads` keys them). */
  nameOf(variableName: string): string {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : variableName;
  }

  get(name: string, shape: number[], init: Init): tfc.Variable {
    const existing = this.variables.get(name);
    if (existing) {
      if (existing.shape.join() !== shape.join()) throw new Error(`parameter ${name}: shape [${existing.shape.join(', ')}] but the model asks for [${shape.join(', ')}]`);
      return existing;
    }
    const variable = this.tf.variable(this.tf.tensor(initialValues(this.seed, name, shape, init), shape), true, this.prefix + name);
    this.variables.set(name, variable);
    return variable;
  }

  constant(name: string, values: Float32Array, shape: number[]): Tensor {
    let c = this.constants.get(name);
    if (!c) {
      c = this.tf.keep(this.tf.tensor(values, shape));
      this.constants.set(name, c);
    }
    return c;
  }

  count(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  /** Plain copies of every parameter, in creation order (for checkpoints and export). */
  async snapshot(): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
    const out = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [name, v] of this.variables) out.set(name, { shape: [...v.shape], values: (await v.data()) as Float32Array });
    return out;
  }

  /** Loads values into existing or new variables (resume, export). */
  load(values: Map<string, { shape: number[]; values: Float32Array }>): void {
    for (const [name, { shape, values: data }] of values) {
      const existing = this.variables.get(name);
      if (existing) {
        if (existing.shape.join() !== shape.join()) throw new Error(`checkpoint ${name}: shape [${shape.join(', ')}] but the model has [${existing.shape.join(', ')}]`);
        existing.assign(this.tf.tensor(data, shape));
      } else this.variables.set(name, this.tf.variable(this.tf.tensor(data, shape), true, this.prefix + name));
    }
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    for (const c of this.constants.values()) c.dispose();
    this.variables.clear();
    this.constants.clear();
  }
}

export class TfOps implements Ops<Tensor> {
  readonly kind = 'tfjs';
  private readonly tf: Tf;

  constructor(readonly params: TfParams) {
    this.tf = params.tf;
  }

  shape(x: Tensor): number[] {
    return [...x.shape];
  }

  param(name: string, shape: number[], init: Init): Tensor {
    return this.params.get(name, shape, init);
  }

  constant(name: string, values: Float32Array, shape: number[]): Tensor {
    return this.params.constant(name, values, shape);
  }

  add(a: Tensor, b: Tensor): Tensor { return this.tf.add(a, b); }
  sub(a: Tensor, b: Tensor): Tensor { return this.tf.sub(a, b); }
  mul(a: Tensor, b: Tensor): Tensor { return this.tf.mul(a, b); }
  scale(x: Tensor, factor: number): Tensor { return this.tf.mul(x, this.tf.scalar(factor)); }

  matMul(a: Tensor, b: Tensor, transposeB = false): Tensor {
    const tf = this.tf;
    if (b.rank === 2) {
      // x · W over the last axis: flatten the leading axes (one 2D product, cheapest on wasm).
      const k = a.shape[a.rank - 1] as number;
      const out = tf.matMul(tf.reshape(a, [-1, k]), b, false, transposeB);
      return tf.reshape(out, [...a.shape.slice(0, -1), out.shape[1] as number]);
    }
    if (a.rank === 2 && !transposeB) {
      // A · X for a fixed matrix A [M, K] and X [..., K, N]: (Xᵀ · Aᵀ)ᵀ with X's leading axes flattened.
      const lead = b.shape.slice(0, -2), [k, n] = b.shape.slice(-2) as [number, number];
      const bt = tf.reshape(tf.transpose(b, [...lead.map((_, i) => i), lead.length + 1, lead.length]), [-1, k]);
      const prod = tf.reshape(tf.matMul(bt, a, false, true), [...lead, n, a.shape[0] as number]);
      return tf.transpose(prod, [...lead.map((_, i) => i), lead.length + 1, lead.length]);
    }
    // Batched product. tfjs broadcasts the forward pass but not the gradient: broadcast explicitly.
    const aLead = a.shape.slice(0, -2), bLead = b.shape.slice(0, -2);
    const rank = Math.max(aLead.length, bLead.length);
    const pad = (s: number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
    const pa = pad(aLead), pb = pad(bLead);
    const lead = pa.map((d, i) => Math.max(d, pb[i] ?? 1));
    const fit = (x: Tensor, own: number[]) => {
      const target = [...lead, ...x.shape.slice(-2)];
      const reshaped = own.length === rank ? x : tf.reshape(x, [...own, ...x.shape.slice(-2)]);
      return own.join() === lead.join() ? reshaped : tf.broadcastTo(reshaped, target);
    };
    return tf.matMul(fit(a, pa), fit(b, pb), false, transposeB);
  }

  relu(x: Tensor): Tensor { return this.tf.relu(x); }
  sigmoid(x: Tensor): Tensor { return this.tf.sigmoid(x); }
  tanh(x: Tensor): Tensor { return this.tf.tanh(x); }

  softmax(x: Tensor, axis: number): Tensor {
    const tf = this.tf;
    const a = axis < 0 ? x.rank + axis : axis;
    if (a === x.rank - 1) return tf.softmax(x);
    // tfjs softmax works on the last axis only.
    const perm = x.shape.map((_, i) => i);
    perm[a] = x.rank - 1;
    perm[x.rank - 1] = a;
    return tf.transpose(tf.softmax(tf.transpose(x, perm)), perm);
  }

  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
    const tf = this.tf;
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, tf.scalar(epsilon)))), gamma), beta);
  }

  reshape(x: Tensor, shape: number[]): Tensor { return this.tf.reshape(x, shape); }
  transpose(x: Tensor, perm: number[]): Tensor { return this.tf.transpose(x, perm); }
  concat(xs: Tensor[], axis: number): Tensor { return xs.length === 1 ? (xs[0] as Tensor) : this.tf.concat(xs, axis); }
  // One piece is the tensor itself (tfjs's SplitV gradient fails on a single output).
  split(x: Tensor, sizes: number[], axis: number): Tensor[] { return sizes.length === 1 ? [x] : this.tf.split(x, sizes, axis); }
  reduceMean(x: Tensor, axes: number[], keepDims: boolean): Tensor { return this.tf.mean(x, axes, keepDims); }
  reduceMax(x: Tensor, axes: number[], keepDims: boolean): Tensor { return this.tf.max(x, axes, keepDims); }
  reduceSum(x: Tensor, axes: number[], keepDims: boolean): Tensor { return this.tf.sum(x, axes, keepDims); }

  /**
   * 3D convolution from 2D ones: tfjs-wasm's Conv3D kernel is naive (~70× slower than its XNNPACK
   * Conv2D here), its Conv3DBackpropInputV2 is wrong for more than one frame, and Slice/StridedSlice
   * on 4–5D tensors are slow. So: all temporal taps in one Conv2D over the frames (filters
   * concatenated on the output axis), then the taps shifted and summed along time by one product
   * with a fixed 0/1 matrix (zero padding included). Purely temporal kernels are one Conv2D over
   * (time, height·width). Time is never strided in this model.
   */
  conv3d(x: Tensor, filter: Tensor, bias: Tensor, strides: [number, number, number], padding: Padding): Tensor {
    const tf = this.tf;
    const [batch, frames, height, width, channels] = x.shape as [number, number, number, number, number];
    const [kt, kh, kw, , outChannels] = filter.shape as [number, number, number, number, number];
    if (strides[0] !== 1) throw new Error('conv3d: temporal stride must be 1');
    if (kt > 1 && padding !== 'same') throw new Error('conv3d: temporal kernels need "same" padding');
    let y: Tensor;
    if (kt === 1) {
      const out = this.conv2d(tf.reshape(x, [batch * frames, height, width, channels]), tf.reshape(filter, [kh, kw, channels, outChannels]), [strides[1], strides[2]], padding);
      y = tf.reshape(out, [batch, frames, out.shape[1] as number, out.shape[2] as number, outChannels]);
    } else if (kh === 1 && kw === 1 && strides[1] === 1 && strides[2] === 1) {
      const out = this.conv2d(tf.reshape(x, [batch, frames, height * width, channels]), tf.reshape(filter, [kt, 1, channels, outChannels]), [1, 1], padding);
      y = tf.reshape(out, [batch, frames, height, width, outChannels]);
    } else {
      const stacked = tf.reshape(tf.transpose(filter, [1, 2, 3, 0, 4]), [kh, kw, channels, kt * outChannels]);
      const z = this.conv2d(tf.reshape(x, [batch * frames, height, width, channels]), stacked, [strides[1], strides[2]], padding);
      const [, outH, outW] = z.shape as [number, number, number, number];
      const p = outH * outW;
      // [B, T, P, kt, Co] → [B·P·Co, T·kt] · shiftᵀ → [B·P·Co, T]
      const byTime = tf.reshape(tf.transpose(tf.reshape(z, [batch, frames, p, kt, outChannels]), [0, 2, 4, 1, 3]), [batch * p * outChannels, frames * kt]);
      const shifted = tf.matMul(byTime, this.temporalShift(frames, kt), false, true);
      y = tf.reshape(tf.transpose(tf.reshape(shifted, [batch, p, outChannels, frames]), [0, 3, 1, 2]), [batch, frames, outH, outW, outChannels]);
    }
    // Bias on a 2D view: its gradient is then a cheap column sum.
    const shape = y.shape;
    return tf.reshape(tf.add(tf.reshape(y, [-1, outChannels]), bias), shape);
  }

  /** [T, T·k] 0/1: output frame t takes tap dt from input frame t + dt − ⌊(k − 1)/2⌋ (TF "same"). */
  private temporalShift(frames: number, k: number): Tensor {
    const before = Math.floor((k - 1) / 2);
    const values = new Float32Array(frames * frames * k);
    for (let t = 0; t < frames; t++) {
      for (let dt = 0; dt < k; dt++) {
        const source = t + dt - before;
        if (source >= 0 && source < frames) values[t * frames * k + source * k + dt] = 1;
      }
    }
    return this.params.constant(`temporal-shift/${frames}x${k}`, values, [frames, frames * k]);
  }

  /**
   * tf.conv2d with gradients that avoid tfjs-wasm's missing Conv2DBackpropFilter and its slow
   * Conv2DBackpropInput: both are computed with forward Conv2Ds.
   */
  private conv2d(x: Tensor, filter: Tensor, strides: [number, number], padding: Padding): Tensor {
    const tf = this.tf;
    const conv = tf.customGrad((...args: Array<Tensor | tfc.GradSaveFunc>) => {
      const [input, w, save] = args as [Tensor, Tensor, tfc.GradSaveFunc];
      save([input, w]);
      const value = tf.conv2d(input as tfc.Tensor4D, w as tfc.Tensor4D, strides, padding);
      const gradFunc = (dy: tfc.Tensor4D, saved: Tensor[]) => {
        const [xs, ws] = saved as [tfc.Tensor4D, tfc.Tensor4D];
        const dy4 = dy;
        const [n, h, wd, c] = xs.shape;
        const [kh, kw, , co] = ws.shape;
        const [, ho, wo] = dy4.shape;
        let top = 0, left = 0, bottom = 0, right = 0;
        if (padding === 'same') {
          const padH = Math.max(0, (ho - 1) * strides[0] + kh - h), padW = Math.max(0, (wo - 1) * strides[1] + kw - wd);
          top = Math.floor(padH / 2); bottom = padH - top; left = Math.floor(padW / 2); right = padW - left;
        }
        const dx = this.conv2dInputGradient(dy4, ws, [n, h, wd, c], strides, [top, bottom, left, right]);
        // dW[i, j, c, o] = Σ_{n,y,x} xp[n, y·s + i, x·s + j, c] · dy[n, y, x, o]: a convolution of the
        // padded input (channels as batch, batch as channels) with dy as a filter dilated by the stride.
        const xp = top + bottom + left + right > 0 ? tf.pad(xs, [[0, 0], [top, bottom], [left, right], [0, 0]]) : xs;
        const correlated = tf.conv2d(tf.transpose(xp, [3, 1, 2, 0]) as tfc.Tensor4D, tf.transpose(dy4, [1, 2, 0, 3]) as tfc.Tensor4D, 1, 'valid', 'NHWC', [strides[0], strides[1]]);
        const cropped = correlated.shape[1] === kh && correlated.shape[2] === kw ? correlated : tf.slice(correlated, [0, 0, 0, 0], [c, kh, kw, co]);
        return [dx, tf.transpose(cropped, [1, 2, 0, 3])];
      };
      return { value, gradFunc };
    });
    return conv(x, filter);
  }

  /**
   * ∂L/∂x of a 2D convolution as a forward convolution (tfjs-wasm's Conv2DBackpropInput is slow):
   * spread dy onto the stride grid (zeros between), pad by k − 1, correlate with the flipped,
   * in/out-swapped filter, and crop the input's padding away.
   */
  private conv2dInputGradient(dy: tfc.Tensor4D, w: tfc.Tensor4D, inputShape: [number, number, number, number], strides: [number, number], pads: [number, number, number, number]): Tensor {
    const tf = this.tf;
    const [n, h, wd, c] = inputShape;
    const [kh, kw, , co] = w.shape;
    const [, ho, wo] = dy.shape;
    const [sh, sw] = strides;
    const [top, , left] = pads;
    let spread: Tensor = dy;
    if (sh > 1 || sw > 1) {
      spread = tf.pad(tf.reshape(dy, [n, ho, 1, wo, 1, co]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
      spread = tf.reshape(spread, [n, ho * sh, wo * sw, co]);
    }
    // Correlating spread (padded kh − 1 − top before) with the flipped filter gives dx[p] at p
    // directly; pad after so exactly h rows come out (crop only if the spread is too long).
    const beforeH = kh - 1 - top, beforeW = kw - 1 - left;
    const afterH = h + kh - 1 - ho * sh - beforeH, afterW = wd + kw - 1 - wo * sw - beforeW;
    const full = tf.pad(spread, [[0, 0], [beforeH, Math.max(0, afterH)], [beforeW, Math.max(0, afterW)], [0, 0]]);
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tfc.Tensor4D; // [kh, kw, out, in]
    const correlated = tf.conv2d(full as tfc.Tensor4D, flipped, 1, 'valid');
    return afterH >= 0 && afterW >= 0 ? correlated : tf.slice(correlated, [0, 0, 0, 0], [n, h, wd, c]);
  }

  /** 1×k×k pooling as 2D pooling over (batch·time) frames (tfjs-wasm's 3D pools are slow). */
  private pool2d(kind: 'max' | 'avg', x: Tensor, window: [number, number, number], strides: [number, number, number]): Tensor {
    const tf = this.tf;
    if (window[0] !== 1 || strides[0] !== 1) throw new Error('pooling over time is not used by this model');
    const [batch, frames, height, width, channels] = x.shape as [number, number, number, number, number];
    const flat = tf.reshape(x, [batch * frames, height, width, channels]) as tfc.Tensor4D;
    const pooled = kind === 'max' ? tf.maxPool(flat, [window[1], window[2]], [strides[1], strides[2]], 'valid') : tf.avgPool(flat, [window[1], window[2]], [strides[1], strides[2]], 'valid');
    return tf.reshape(pooled, [batch, frames, pooled.shape[1] as number, pooled.shape[2] as number, channels]);
  }

  maxPool3d(x: Tensor, window: [number, number, number], strides: [number, number, number]): Tensor {
    return this.pool2d('max', x, window, strides);
  }

  avgPool3d(x: Tensor, window: [number, number, number], strides: [number, number, number]): Tensor {
    return this.pool2d('avg', x, window, strides);
  }

  depthwiseTemporalConv(x: Tensor, w: Tensor, bias: Tensor): Tensor {
    const tf = this.tf;
    const k = w.shape[0] as number, frames = x.shape[1] as number;
    const before = Math.floor((k - 1) / 2), after = k - 1 - before;
    const padding = x.shape.map((_, i) => (i === 1 ? [before, after] : [0, 0]) as [number, number]);
    const padded = tf.pad(x, padding);
    const taps = tf.split(w, k, 0);
    let sum: Tensor = bias;
    for (let dt = 0; dt < k; dt++) {
      const begin = x.shape.map((_, i) => (i === 1 ? dt : 0));
      const size = x.shape.map((d, i) => (i === 1 ? frames : d));
      sum = tf.add(sum, tf.mul(tf.slice(padded, begin, size), tf.reshape(taps[dt] as Tensor, [-1])));
    }
    return sum;
  }

  biGru(x: Tensor, name: string, hidden: number, gate: GruGate = 'hard-sigmoid'): Tensor {
    const tf = this.tf;
    const [, steps, inputSize] = x.shape as [number, number, number];
    const H = hidden;
    const kernel = this.params.get(`${name}.kernel`, [2, inputSize, 3 * H], { kind: 'uniform', limit: Math.sqrt(6 / (inputSize + 3 * H)) });
    const recurrent = this.params.get(`${name}.recurrent`, [2, H, 3 * H], { kind: 'uniform', limit: Math.sqrt(6 / (4 * H)) });
    const bias = this.params.get(`${name}.bias`, [2, 3 * H], { kind: 'constant', value: 0 });
    const kernels = tf.unstack(kernel), recurrents = tf.unstack(recurrent), biases = tf.unstack(bias);
    const gateOf = gate === 'sigmoid' ? (v: Tensor) => tf.sigmoid(v) : (v: Tensor) => tf.clipByValue(tf.add(tf.mul(v, tf.scalar(0.2)), tf.scalar(0.5)), 0, 1);
    const outputs: Tensor[] = [];
    for (let dir = 0; dir < 2; dir++) {
      // Input projections for all steps at once, then split per step (split has a gradient, slicing does not).
      const projected = tf.add(this.matMul(x, kernels[dir] as Tensor), biases[dir] as Tensor); // [B, T, 3H]
      const steps3 = tf.split(projected, steps, 1).map((s) => tf.reshape(s, [-1, 3 * H]));
      const [rz, rr, rh] = tf.split(recurrents[dir] as Tensor, 3, 1) as [Tensor, Tensor, Tensor];
      const rzr = tf.concat([rz, rr], 1);
      let h: Tensor = tf.zeros([x.shape[0] as number, H]);
      const states: Tensor[] = new Array<Tensor>(steps);
      for (let k = 0; k < steps; k++) {
        const t = dir === 0 ? k : steps - 1 - k;
        const [xz, xr, xh] = tf.split(steps3[t] as Tensor, 3, 1) as [Tensor, Tensor, Tensor];
        const [hz, hr] = tf.split(tf.matMul(h, rzr), 2, 1) as [Tensor, Tensor];
        const z = gateOf(tf.add(xz, hz));
        const r = gateOf(tf.add(xr, hr));
        const candidate = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), rh)));
        h = tf.add(tf.mul(tf.sub(tf.scalar(1), z), candidate), tf.mul(z, h));
        states[t] = h;
      }
      outputs.push(tf.stack(states, 1)); // [B, T, H]
    }
    return tf.concat(outputs, 2);
  }
}
