/**
 * Hierarchical skeletal encoder (eq. 4–5) over the 16 MPII joints.
 *
 * Levels (skeleton.ts JOINT_LEVEL / Fig. 3): H0 torso, H1 inner limbs, H2 outer limbs. Each level's
 * graph holds the bones whose outer end is at that level (skeleton.ts BONES), in three subsets:
 * identity (the level's joints), centrifugal (messages from a bone's inner end to its outer end) and
 * centripetal (outer to inner), each row-normalised. A layer computes, per subset s,
 *   Σ_i A_i^s · (X W_i^s)          (the level graphs summed, as eq. 5 sums levels)
 * and concatenates the three subsets (eq. 4), fuses them point-wise, then a separable temporal
 * convolution (depthwise, kernel k over frames, then point-wise) with a residual connection.
 * The sum over levels and the per-level point-wise weights become one product with the matrix
 * [A_0^s | A_1^s | A_2^s] of shape [J, 3J] against the per-level projections stacked on the joint axis.
 *
 * EdgeConv (eq. 5): over the time-averaged joint features, every joint is linked to all joints of
 * the adjacent levels; edge features relu(Θ[x_a ‖ x_b − x_a]) are averaged over those neighbours
 * (mean aggregation; Θ shared by the levels).
 *
 * Per-frame output F_sk [B, T, out]: the joint features averaged within each level, concatenated,
 * projected, plus the projected EdgeConv features (broadcast over time).
 */
import { BONES, JOINT_COUNT, JOINT_LEVEL, MPII_JOINTS } from '@divejudge/core';
import type { HierarchyLevel } from '@divejudge/core';
import type { ModelConfig } from './config.ts';
import { linear } from './layers.ts';
import { glorot } from './ops.ts';
import type { Ops } from './ops.ts';

const LEVELS: HierarchyLevel[] = ['torso', 'inner', 'outer'];
const J = JOINT_COUNT;

function levelOf(joint: number): number {
  return LEVELS.indexOf(JOINT_LEVEL[MPII_JOINTS[joint] as (typeof MPII_JOINTS)[number]]);
}

/** Row-normalised adjacency of one subset at one level, [J, J] (row = receiving joint). */
export function subsetAdjacency(level: number, subset: 'identity' | 'centrifugal' | 'centripetal'): Float32Array {
  const a = new Float32Array(J * J);
  if (subset === 'identity') {
    for (let j = 0; j < J; j++) if (levelOf(j) === level) a[j * J + j] = 1;
  } else {
    for (const bone of BONES) {
      if (LEVELS.indexOf(bone.level) !== level) continue;
      const [to, from] = subset === 'centrifugal' ? [bone.to, bone.from] : [bone.from, bone.to];
      a[to * J + from] = 1;
    }
  }
  for (let r = 0; r < J; r++) {
    let sum = 0;
    for (let c = 0; c < J; c++) sum += a[r * J + c] ?? 0;
    if (sum > 0) for (let c = 0; c < J; c++) a[r * J + c] = (a[r * J + c] ?? 0) / sum;
  }
  return a;
}

const SUBSETS = ['identity', 'centrifugal', 'centripetal'] as const;

/** [A_0^s | A_1^s | A_2^s] with disabled levels zeroed: [J, 3J], column index = level·J + joint. */
export function levelConcatenatedAdjacency(subset: (typeof SUBSETS)[number], levels: readonly boolean[]): Float32Array {
  const out = new Float32Array(J * 3 * J);
  for (let level = 0; level < 3; level++) {
    if (!levels[level]) continue;
    const a = subsetAdjacency(level, subset);
    for (let r = 0; r < J; r++) for (let c = 0; c < J; c++) out[r * 3 * J + level * J + c] = a[r * J + c] ?? 0;
  }
  return out;
}

/** Mask [J, J, 1] / degree: joint a averages over all joints b of the adjacent levels. */
export function crossLevelMask(): Float32Array {
  const out = new Float32Array(J * J);
  for (let a = 0; a < J; a++) {
    const neighbours = Array.from({ length: J }, (_, b) => b).filter((b) => Math.abs(levelOf(a) - levelOf(b)) === 1);
    for (const b of neighbours) out[a * J + b] = 1 / neighbours.length;
  }
  return out;
}

/** Mean over the joints of each level: [3, J]. */
export function levelPooling(): Float32Array {
  const out = new Float32Array(3 * J);
  for (let level = 0; level < 3; level++) {
    const members = Array.from({ length: J }, (_, j) => j).filter((j) => levelOf(j) === level);
    for (const j of members) out[level * J + j] = 1 / members.length;
  }
  return out;
}

/** poses [B, T, 16, 3] (crop-centred x, y, confidence) → F_sk [B, T, hse.out]. */
export function hierarchicalSkeletalEncoder<T>(ops: Ops<T>, model: ModelConfig, poses: T): T {
  const cfg = model.hse;
  const frames = model.frames;
  const levelKey = cfg.levels.map((l) => (l ? 1 : 0)).join('');
  let x = linear(ops, 'hse.embed', poses, cfg.embed, 'relu'); // [B, T, J, E]
  x = ops.add(x, ops.param('hse.joint_embedding', [J, cfg.embed], { kind: 'normal', std: 0.1 }));
  for (let layer = 0; layer < cfg.layers; layer++) {
    const name = `hse.gcn${layer}`;
    const inChannels = ops.shape(x).at(-1) as number;
    const subsets = SUBSETS.map((subset) => {
      // Per-level point-wise projections, stacked on the joint axis: [B, T, 3J, C].
      const w = ops.param(`${name}.${subset}.w`, [inChannels, 3 * cfg.channels], glorot(inChannels, cfg.channels));
      const projected = ops.reshape(ops.matMul(x, w), [-1, frames, J, 3, cfg.channels]);
      const stacked = ops.reshape(ops.transpose(projected, [0, 1, 3, 2, 4]), [-1, frames, 3 * J, cfg.channels]);
      const adjacency = ops.constant(`hse.adjacency.${subset}.${levelKey}`, levelConcatenatedAdjacency(subset, cfg.levels), [J, 3 * J]);
      return ops.matMul(adjacency, stacked); // [B, T, J, C]
    });
    // Fuse the subsets, then a separable temporal convolution (depthwise k × 1 over frames,
    // then point-wise): a fraction of a full k × 1 convolution's cost, which dominated training.
    const spatial = ops.concat(subsets, 3); // [B, T, J, 3C]
    const mixed = linear(ops, `${name}.mix`, spatial, cfg.channels, 'relu');
    const taps = ops.param(`${name}.tcn.depthwise`, [cfg.temporalKernel, cfg.channels], { kind: 'uniform', limit: Math.sqrt(3 / cfg.temporalKernel) });
    const temporal = ops.depthwiseTemporalConv(mixed, taps, ops.param(`${name}.tcn.bias`, [cfg.channels], { kind: 'constant', value: 0 }));
    const y = linear(ops, `${name}.tcn.pointwise`, temporal, cfg.channels);
    const residual = inChannels === cfg.channels ? x : linear(ops, `${name}.residual`, x, cfg.channels);
    x = ops.relu(ops.add(y, residual));
  }
  const pooling = ops.constant('hse.level_pooling', levelPooling(), [3, J]);
  const perLevel = ops.reshape(ops.matMul(pooling, x), [-1, frames, 3 * cfg.channels]);
  let out = linear(ops, 'hse.out', perLevel, cfg.out);
  if (cfg.edgeConv) {
    const mean = ops.reduceMean(x, [1], false); // [B, J, C]
    const fromSelf = ops.reshape(linear(ops, 'hse.edge.self', mean, cfg.channels), [-1, J, 1, cfg.channels]);
    const u = ops.param('hse.edge.neighbour.w', [cfg.channels, cfg.channels], glorot(cfg.channels, cfg.channels));
    const fromNeighbour = ops.reshape(ops.matMul(mean, u), [-1, 1, J, cfg.channels]);
    const edges = ops.relu(ops.add(fromSelf, fromNeighbour)); // [B, J, J, C]: Θ[x_a ‖ x_b − x_a] as U x_a + V x_b
    const mask = ops.constant('hse.edge.mask', crossLevelMask(), [J, J, 1]);
    const z = ops.reduceSum(ops.mul(edges, mask), [2], false); // [B, J, C]
    const zLevels = ops.reshape(ops.matMul(pooling, z), [-1, 1, 3 * cfg.channels]);
    out = ops.add(out, linear(ops, 'hse.edge.out', zLevels, cfg.out));
  }
  return ops.relu(out);
}
