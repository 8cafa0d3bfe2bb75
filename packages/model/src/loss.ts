import * as tf from '@tensorflow/tfjs-core';

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
