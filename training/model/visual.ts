/**
 * The visual encoders, compact versions of the paper's backbones, written with (1, k, k) kernels
 * where the original is 2D (tfjs-wasm trains 3D convolutions but lacks Conv2D filter gradients).
 *
 * Dynamic visual encoder (eq. 3): I3D-style — a 3D stem, inception-style units (a 1×1×1 branch
 * and a 1×1×1 → 3×3×3 branch, summed rather than concatenated because the gradient of a channel
 * concatenation (a 5D split) is slow in tfjs-wasm, then 1×2×2 max pooling; time is never strided, so
 * there is one feature per frame), three mixed temporal convolutions (k×1×1, residual) that widen
 * the temporal receptive field, and a spatial max pool: F_dy [B, T, dve.out].
 *
 * Static visual encoder (eq. 2): RegNetY-style per-frame blocks — 1×1 conv, 3×3 conv with stride 2,
 * squeeze-and-excitation, 1×1 conv, projected shortcut — then multi-branch downsampling: a 1×1
 * conv followed by three pooled views at different scales (global mean, global max, max over a
 * 2×2-averaged map), concatenated: F_st [B, T, sve.out].
 */
import type { ModelConfig } from './config.ts';
import { conv3d, linear } from './layers.ts';
import type { Ops } from './ops.ts';

/** frames [B, T, S, S, 3] in [0, 1] → F_dy [B, T, dve.out] */
export function dynamicVisualEncoder<T>(ops: Ops<T>, model: ModelConfig, frames: T): T {
  const cfg = model.dve;
  let x = conv3d(ops, 'dve.stem', frames, cfg.stem, [3, 5, 5], [1, 2, 2]);
  cfg.units.forEach((width, u) => {
    const name = `dve.unit${u}`;
    const direct = conv3d(ops, `${name}.b1`, x, width, [1, 1, 1]);
    const reduced = conv3d(ops, `${name}.b2a`, x, Math.max(4, width / 4), [1, 1, 1]);
    const spatioTemporal = conv3d(ops, `${name}.b2b`, reduced, width, [3, 3, 3]);
    x = ops.maxPool3d(ops.add(direct, spatioTemporal), [1, 2, 2], [1, 2, 2]);
  });
  const width = cfg.units.at(-1) ?? cfg.stem;
  cfg.mixedKernels.forEach((k, i) => {
    x = ops.add(x, conv3d(ops, `dve.mixed${i}`, x, width, [k, 1, 1]));
  });
  return linear(ops, 'dve.out', ops.reduceMax(x, [2, 3], false), cfg.out, 'relu');
}

/** frames [B, T, S, S, 3] in [0, 1] → F_st [B, T, sve.out] */
export function staticVisualEncoder<T>(ops: Ops<T>, model: ModelConfig, frames: T): T {
  const cfg = model.sve;
  let x = conv3d(ops, 'sve.stem', frames, cfg.stem, [1, 3, 3], [1, 2, 2]);
  cfg.widths.forEach((width, b) => {
    const name = `sve.block${b}`;
    let y = conv3d(ops, `${name}.a`, x, width, [1, 1, 1]);
    y = conv3d(ops, `${name}.b`, y, width, [1, 3, 3], [1, 2, 2]);
    const squeezed = linear(ops, `${name}.se1`, ops.reduceMean(y, [2, 3], true), Math.max(4, Math.floor(width / cfg.seReduction)), 'relu');
    y = ops.mul(y, ops.sigmoid(linear(ops, `${name}.se2`, squeezed, width)));
    y = conv3d(ops, `${name}.c`, y, width, [1, 1, 1], [1, 1, 1], false);
    const shortcut = conv3d(ops, `${name}.shortcut`, x, width, [1, 1, 1], [1, 2, 2], false);
    x = ops.relu(ops.add(y, shortcut));
  });
  const f = conv3d(ops, 'sve.down', x, cfg.down, [1, 1, 1]);
  const views = [ops.reduceMean(f, [2, 3], false), ops.reduceMax(f, [2, 3], false), ops.reduceMax(ops.avgPool3d(f, [1, 2, 2], [1, 2, 2]), [2, 3], false)];
  return linear(ops, 'sve.out', ops.concat(views, 2), cfg.out, 'relu');
}
