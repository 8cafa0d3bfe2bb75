import * as tf from '@tensorflow/tfjs-core';
import { nativeOps } from './native-ops.js';

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

/**
 * A batch statistic to blend into a running one after a good step (kept out of the gradient
 * scopes; whoever collects it disposes `batch`).
 */
export interface RunningUpdate {
  target: tf.Variable;
  batch: tf.Tensor;
  /** Applied to `batch` first: n / (n − 1) for the variance (unbiased, as PyTorch), 1 for the mean. */
  scale: number;
}

/**
 * running ← (1 − momentum)·running + momentum·scale·batch, per channel, for every update: in
 * JavaScript (float64, rounded once), since ~100 tiny tensor ops per step cost more than the
 * arithmetic.
 */
export function applyRunningUpdates(updates: RunningUpdate[]): void {
  const m = BATCH_NORM_MOMENTUM;
  for (const { target, batch, scale } of updates) {
    const running = target.dataSync();
    const values = batch.dataSync();
    const next = new Float32Array(running.length);
    for (let i = 0; i < next.length; i++) next[i] = (1 - m) * running[i] + m * scale * values[i];
    tf.tidy(() => target.assign(tf.tensor(next, target.shape)));
  }
}

/**
 * Training-mode batch normalisation of an NHWC tensor: y and the batch statistics it used (mean
 * and biased variance per channel), differentiable in x, γ and β.
 */
export type BatchStatisticsNorm = (
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
) => { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D };

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
  const native = tf.getBackend() === 'cpu' ? nativeOps()?.batchNorm : undefined;
  const norm = native ?? closedFormBatchNorm;
  const { y, mean, variance } = norm(
    x,
    state.gamma as tf.Tensor1D,
    state.beta as tf.Tensor1D,
    BATCH_NORM_EPSILON,
  );
  if (mode === 'train') {
    const count = x.shape[0] * x.shape[1] * x.shape[2];
    updates.push(
      { target: state.runningMean, batch: tf.keep(mean), scale: 1 },
      {
        target: state.runningVariance,
        batch: tf.keep(variance),
        scale: count > 1 ? count / (count - 1) : 1,
      },
    );
  }
  return y;
}

/**
 * {@link BatchStatisticsNorm} in tfjs ops on any backend. The statistics come from tf.moments
 * outside the gradient node (captured, not inputs), so the tape never differentiates through
 * them: the closed form of {@link normaliseWithBatchStatistics} accounts for them.
 */
export const closedFormBatchNorm: BatchStatisticsNorm = (x, gamma, beta, epsilon) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const y = normaliseWithBatchStatistics(x, gamma, beta, mean, variance, epsilon);
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
};

/**
 * y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² the batch statistics of x, as one tape node with the
 * closed-form gradient (Ioffe & Szegedy 2015, section 3), instead of tfjs differentiating a
 * dozen broadcast ops. Both directions follow PyTorch's CPU kernels (aten batch_norm_cpu):
 *   forward   y = x·a + b,  a = γ·σ⁻¹, b = β − μ·a   (σ⁻¹ = 1/√(σ² + ε))
 *   backward  ∂β = Σ dy,  d = Σ (x − μ)·dy,  ∂γ = d·σ⁻¹,
 *             ∂x = a·dy − (x − μ)·(a·σ⁻²·d / N) − a·∂β / N      (sums over N = n·h·w)
 */
function normaliseWithBatchStatistics(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  epsilon: number,
): tf.Tensor4D {
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  const normalise = tf.customGrad((input, scaleParameter, shiftParameter, save) => {
    const [xIn, g, b] = [input, scaleParameter, shiftParameter] as tf.Tensor[];
    const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
    const a = tf.mul(g, inverseStd);
    const y = tf.add(tf.mul(xIn, a), tf.sub(b, tf.mul(mean, a)));
    // Only saved tensors outlive the forward pass's tidy scope.
    (save as (tensors: tf.Tensor[]) => void)([xIn, mean, inverseStd, a]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xSaved, meanSaved, inverseStdSaved, aSaved] = saved;
        const axes = [0, 1, 2];
        const centred = tf.sub(xSaved, meanSaved);
        const dBeta = tf.sum(dy, axes);
        const d = tf.sum(tf.mul(centred, dy), axes);
        const dGamma = tf.mul(d, inverseStdSaved);
        const k = tf.div(tf.mul(aSaved, tf.mul(tf.square(inverseStdSaved), d)), count);
        const dx = tf.sub(
          tf.sub(tf.mul(dy, aSaved), tf.mul(centred, k)),
          tf.div(tf.mul(aSaved, dBeta), count),
        );
        return [dx, dGamma, dBeta];
      },
    };
  });
  return normalise(x, gamma, beta) as tf.Tensor4D;
}
