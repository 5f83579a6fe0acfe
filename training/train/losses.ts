/** The training losses of eq. 27, on tfjs tensors. */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../model/tfBackend.ts';

type Tensor = tfc.Tensor;

/** Eq. 7: cross-entropy of each transition's distribution over frames. logits, targets: [B, T, 2]. */
export function segmentationLoss(tf: Tf, logits: Tensor, targets: Tensor): Tensor {
  const byTransition = tf.transpose(logits, [0, 2, 1]); // [B, 2, T]: softmax over frames
  const logProbs = tf.logSoftmax(byTransition);
  const [batch, transitions] = byTransition.shape as [number, number, number];
  return tf.div(tf.neg(tf.sum(tf.mul(logProbs, tf.transpose(targets, [0, 2, 1])))), tf.scalar(batch * transitions));
}

/** (x − mean) / std over the last axis, then unit length: cos(norm(a), norm(b)) becomes a dot product (eq. 12). */
function normalise(tf: Tf, x: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const standardised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, tf.scalar(1e-5))));
  return tf.div(standardised, tf.sqrt(tf.add(tf.sum(tf.square(standardised), -1, true), tf.scalar(1e-8))));
}

/**
 * Eq. 12–16: stage-wise contrastive loss. query, exemplar: [B, K, L, D] (stage features; each stage
 * is pooled over its L samples). Positive: the same stage of the two videos; negatives: other stages
 * of the other video (inter) and of the same video (intra). Returns −mean ℓ over stages, both directions.
 */
export function stageContrastiveLoss(tf: Tf, query: Tensor, exemplar: Tensor, temperature: number): Tensor {
  const q = normalise(tf, tf.mean(query, 2)), e = normalise(tf, tf.mean(exemplar, 2)); // [B, K, D]
  const K = q.shape[1] as number;
  const eye = tf.eye(K);
  const blockSelf = tf.mul(eye, tf.scalar(-1e4)); // removes k = l from the intra negatives
  const positives = tf.concat([eye, tf.zerosLike(eye)], 1); // [K, 2K]
  const direction = (a: Tensor, b: Tensor) => {
    const inter = tf.matMul(a, b, false, true); // δ(a_k, b_l)
    const intra = tf.add(tf.matMul(a, a, false, true), blockSelf); // δ(a_k, a_l), l ≠ k
    const logits = tf.div(tf.concat([inter, intra], 2), tf.scalar(temperature)); // [B, K, 2K]
    return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), positives)));
  };
  const batch = q.shape[0] as number;
  return tf.div(tf.add(direction(q, e), direction(e, q)), tf.scalar(2 * K * batch));
}

export function meanSquaredError(tf: Tf, predicted: Tensor, target: Tensor, scale: number): Tensor {
  return tf.mean(tf.square(tf.div(tf.sub(predicted, target), tf.scalar(scale))));
}
