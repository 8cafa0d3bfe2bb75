import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './errors.js';

/**
 * PyTorch's MarginRankingLoss with reduction 'mean':
 * loss = mean(max(0, −y · (s1 − s2) + margin)), y = +1 when s1 should rank higher, −1 otherwise.
 * (https://pytorch.org/docs/stable/generated/torch.nn.MarginRankingLoss.html)
 */
export function marginRankingLoss(
  scores1: tf.Tensor1D,
  scores2: tf.Tensor1D,
  target: tf.Tensor1D,
  margin = 10,
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.mean(
        tf.relu(tf.add(tf.mul(tf.neg(target), tf.sub(scores1, scores2)), margin)),
      ) as tf.Scalar,
  );
}

/**
 * The same loss from scores already computed (float64): the mean over `pairs` of
 * max(0, −y·(s_left − s_right) + margin). In inference mode a sample's score does not depend on
 * its partner, so validation scores each held-out sample once and takes every pair's loss from
 * the scores rather than running each pair through the network again. NaN for no pairs. Throws,
 * naming the pair, for an index outside `scores` or a target other than ±1 (INVALID_BATCH), and
 * for a non-finite score or margin, which would make the loss non-finite (NAN_LOSS, as
 * `evaluateLoss` does).
 */
export function marginRankingLossFromScores(
  scores: ArrayLike<number>,
  pairs: readonly { left: number; right: number; target: 1 | -1 }[],
  margin: number,
): number {
  const where = 'marginRankingLossFromScores';
  if (!Number.isFinite(margin)) {
    throw new ModelError('NAN_LOSS', `${where}: margin is ${margin}; expected a finite number`);
  }
  let sum = 0;
  pairs.forEach(({ left, right, target }, i) => {
    for (const [side, index] of [
      ['left', left],
      ['right', right],
    ] as const) {
      if (!Number.isInteger(index) || index < 0 || index >= scores.length) {
        throw new ModelError(
          'INVALID_BATCH',
          `${where}: pairs[${i}].${side} is ${index}; expected an index into the ${scores.length} scores`,
        );
      }
      if (!Number.isFinite(scores[index])) {
        throw new ModelError(
          'NAN_LOSS',
          `${where}: scores[${index}] (pairs[${i}].${side}) is ${scores[index]}; the loss would not be finite`,
        );
      }
    }
    if (target !== 1 && target !== -1) {
      throw new ModelError(
        'INVALID_BATCH',
        `${where}: pairs[${i}].target is ${target}; expected 1 or -1`,
      );
    }
    sum += Math.max(0, -target * (scores[left] - scores[right]) + margin);
  });
  return pairs.length === 0 ? Number.NaN : sum / pairs.length;
}
