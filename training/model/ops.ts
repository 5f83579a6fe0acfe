/**
 * The tensor operations HP-MCoRe is written with. The model code (encoders, segmentation, fusion,
 * decoder) is generic over this interface and runs twice: on TensorFlow.js tensors for training
 * (tfOps.ts) and on ONNX graph values for export (export/onnxOps.ts), so the exported graphs are the
 * trained computation by construction; parity tests then check the numbers.
 *
 * Conventions: video tensors are NDHWC (batch, time, height, width, channels); conv filters are
 * [kd, kh, kw, in, out]; a reshape may use −1 for the (possibly dynamic) batch dimension only.
 * `shape()` gives −1 for dimensions unknown at export time (the batch).
 */

export type Padding = 'same' | 'valid';

/** How a parameter starts: uniform(±limit), normal(0, std), or a constant. */
export type Init = { kind: 'uniform'; limit: number } | { kind: 'normal'; std: number } | { kind: 'constant'; value: number };

export const zerosInit: Init = { kind: 'constant', value: 0 };
export const onesInit: Init = { kind: 'constant', value: 1 };
/** Glorot/Xavier uniform. */
export function glorot(fanIn: number, fanOut: number): Init {
  return { kind: 'uniform', limit: Math.sqrt(6 / (fanIn + fanOut)) };
}
/** He uniform (before ReLU). */
export function he(fanIn: number): Init {
  return { kind: 'uniform', limit: Math.sqrt(6 / fanIn) };
}

/** GRU gate activation. */
export type GruGate = 'sigmoid' | 'hard-sigmoid';

export interface Ops<T> {
  readonly kind: 'tfjs' | 'onnx';
  shape(x: T): number[];
  /** A trained parameter, created with `init` on first use (training) or read from a checkpoint (export). */
  param(name: string, shape: number[], init: Init): T;
  /** A fixed tensor (adjacency, masks, pooling matrices). */
  constant(name: string, values: Float32Array, shape: number[]): T;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** x · factor */
  scale(x: T, factor: number): T;
  /** Matrix product over the last two axes, numpy broadcasting over the others. */
  matMul(a: T, b: T, transposeB?: boolean): T;

  relu(x: T): T;
  sigmoid(x: T): T;
  tanh(x: T): T;
  softmax(x: T, axis: number): T;
  /** Normalise over the last axis, then · gamma + beta. */
  layerNorm(x: T, gamma: T, beta: T, epsilon: number): T;

  reshape(x: T, shape: number[]): T;
  transpose(x: T, perm: number[]): T;
  concat(xs: T[], axis: number): T;
  split(x: T, sizes: number[], axis: number): T[];
  reduceMean(x: T, axes: number[], keepDims: boolean): T;
  reduceMax(x: T, axes: number[], keepDims: boolean): T;
  reduceSum(x: T, axes: number[], keepDims: boolean): T;

  /** 3D convolution, x NDHWC, filter [kd, kh, kw, in, out], TF "same" padding semantics. */
  conv3d(x: T, filter: T, bias: T, strides: [number, number, number], padding: Padding): T;
  maxPool3d(x: T, window: [number, number, number], strides: [number, number, number]): T;
  avgPool3d(x: T, window: [number, number, number], strides: [number, number, number]): T;

  /**
   * Depthwise convolution over time (axis 1) with TF "same" padding: y[:, t, …, c] =
   * Σ_dt w[dt, c] · x[:, t + dt − ⌊(k − 1)/2⌋, …, c] + bias[c]; x [B, T, ..., C] (rank 3 or 4),
   * w [k, C]. The cheap temporal half of a separable temporal convolution.
   */
  depthwiseTemporalConv(x: T, w: T, bias: T): T;

  /**
   * Bidirectional GRU over x [B, T, D] → [B, T, 2H] (forward | backward). Gates z, r, h;
   * recurrent activation hard-sigmoid (0.2x + 0.5 clipped), ONNX linear_before_reset = 0.
   * Parameters `${name}.kernel` [2, D, 3H], `${name}.recurrent` [2, H, 3H], `${name}.bias` [2, 3H].
   */
  /**
   * Bidirectional GRU, [B, T, D] → [B, T, 2H]. Gates: `sigmoid` (what onnxruntime-web's WebGPU GRU
   * runs) or `hard-sigmoid` (packs before 1.1: their encoder runs on WASM under WebGPU).
   */
  biGru(x: T, name: string, hidden: number, gate?: GruGate): T;
}
