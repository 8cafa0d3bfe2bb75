import * as tf from '@tensorflow/tfjs-core';

/** PyTorch BatchNorm2d defaults (torch.nn.BatchNorm2d: eps 1e-5, momentum 0.1). */
export const BATCH_NORM_EPSILON = 1e-5;
export const BATCH_NORM_MOMENTUM = 0.1;

/**
 * How a batch-normalisation layer normalises:
 * - 'train': batch statistics, and the running statistics are updated (PyTorch model.train()).
 * - 'batch-statistics': batch statistics, running statistics untouched (gradient probes).
 * - 'inference': running statistics (PyTorch model.eval()).
 */
export type BatchNormMode = 'train' | 'batch-statistics' | 'inference';

export interface BatchNormState {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVariance: tf.Variable;
}

/** New running statistics, kept out of the gradient scope and assigned after a good step. */
export interface RunningUpdate {
  target: tf.Variable;
  value: tf.Tensor;
}

/**
 * Batch normalisation over N, H, W of an NHWC tensor (Ioffe & Szegedy 2015, algorithm 1).
 * Normalises with the biased batch variance; the running variance is updated with the unbiased
 * one, n / (n − 1) times larger, as PyTorch does.
 */
export function batchNorm(
  x: tf.Tensor4D,
  state: BatchNormState,
  mode: BatchNormMode,
  updates: RunningUpdate[],
): tf.Tensor4D {
  if (mode === 'inference') {
    return tf.batchNorm4d(
      x,
      state.runningMean as tf.Tensor1D,
      state.runningVariance as tf.Tensor1D,
      state.beta as tf.Tensor1D,
      state.gamma as tf.Tensor1D,
      BATCH_NORM_EPSILON,
    );
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (mode === 'train') {
    const count = x.shape[0] * x.shape[1] * x.shape[2];
    const m = BATCH_NORM_MOMENTUM;
    const unbiased = count > 1 ? tf.mul(variance, count / (count - 1)) : variance;
    const blend = (running: tf.Tensor, batch: tf.Tensor) =>
      tf.keep(tf.add(tf.mul(running, 1 - m), tf.mul(batch, m)));
    updates.push(
      { target: state.runningMean, value: blend(state.runningMean, mean) },
      { target: state.runningVariance, value: blend(state.runningVariance, unbiased) },
    );
  }
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)));
  return tf.add(tf.mul(normalised, state.gamma), state.beta);
}
