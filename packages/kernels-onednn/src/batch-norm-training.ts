import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { OneDnnError } from './errors.js';
import type { OneDnnAddon } from './native.js';
import { runNative } from './native-call.js';
import { outputArray } from './output-pool.js';
import { floatValues } from './tensor-data.js';

/** The two kernels behind {@link batchNormTraining} on the cpu backend (no stock equivalents). */
export const batchNormTrainKernelName = 'OneDnnBatchNormTrain';
export const batchNormTrainGradKernelName = 'OneDnnBatchNormTrainGrad';

/** What {@link batchNormTraining} returns: the normalised x and the batch statistics used. */
export interface BatchNormTrainingResult<R extends tf.Rank> {
  y: tf.Tensor<R>;
  /** Per-channel batch mean, shape [C]. */
  mean: tf.Tensor1D;
  /** Per-channel biased batch variance Σ(x − mean)²/n, shape [C] (n = elements per channel). */
  variance: tf.Tensor1D;
}

/**
 * Batch normalisation in training mode over every axis but the last (N, H, W of NHWC; Ioffe &
 * Szegedy 2015, algorithm 1): y = (x − mean)/sqrt(variance + epsilon)·gamma + beta with the
 * batch's own mean and biased variance, which are returned too (for running statistics).
 * Differentiable in x, gamma and beta, through all three outputs. The same function as
 * tf.moments + tf.batchNorm; on the cpu backend with the oneDNN kernels loaded it is one native
 * pass forward and one backward instead of about twenty tfjs ops, elsewhere exactly those ops.
 */
export function batchNormTraining<R extends tf.Rank>(
  x: tf.Tensor<R>,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon = 1e-5,
): BatchNormTrainingResult<R> {
  const channels = x.shape[x.shape.length - 1];
  if (x.rank < 2 || channels === undefined || channels === 0) {
    throw new OneDnnError(
      'INVALID_TENSOR',
      `batchNormTraining: x must have rank ≥ 2 with channels last, got shape [${x.shape.join(', ')}]`,
    );
  }
  for (const [name, t] of [
    ['gamma', gamma],
    ['beta', beta],
  ] as const) {
    if (t.rank !== 1 || t.size !== channels) {
      throw new OneDnnError(
        'INVALID_TENSOR',
        `batchNormTraining: ${name} must have shape [${channels}] (x's last axis), got [${t.shape.join(', ')}]`,
      );
    }
  }
  const native =
    tf.getBackend() === 'cpu' &&
    x.dtype === 'float32' &&
    tf.getKernel(batchNormTrainKernelName, 'cpu') !== undefined;
  if (native) {
    const [y, mean, variance] = tf
      .engine()
      .runKernel(batchNormTrainKernelName, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
    return {
      y: y as tf.Tensor<R>,
      mean: mean as tf.Tensor1D,
      variance: variance as tf.Tensor1D,
    };
  }
  return tf.tidy(() => {
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    const y = tf.batchNorm(x, mean, variance, beta, gamma, epsilon) as tf.Tensor<R>;
    return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  });
}

type TrainInputs = { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };

/** Forward kernel: outputs [y, mean, variance]. */
export function batchNormTrainKernel(addon: OneDnnAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as TrainInputs;
    const { epsilon } = attrs as unknown as { epsilon: number };
    const cpu = backend as MathBackendCPU;
    const channels = x.shape[x.shape.length - 1] as number;
    const y = outputArray(cpu, tf.util.sizeFromShape(x.shape));
    const mean = new Float32Array(channels);
    const variance = new Float32Array(channels);
    const name = batchNormTrainKernelName;
    runNative(name, { x, gamma, beta }, () =>
      addon.batchNormTrain(
        floatValues(cpu, x, `${name} x`),
        channels,
        floatValues(cpu, gamma, `${name} gamma`),
        floatValues(cpu, beta, `${name} beta`),
        epsilon,
        y,
        mean,
        variance,
      ),
    );
    return [
      cpu.makeTensorInfo(x.shape, 'float32', y),
      cpu.makeTensorInfo([channels], 'float32', mean),
      cpu.makeTensorInfo([channels], 'float32', variance),
    ];
  };
}

type GradInputs = Record<
  'x' | 'dy' | 'mean' | 'variance' | 'gamma' | 'dmean' | 'dvariance',
  tf.TensorInfo
>;

/** Backward kernel: outputs [dx, dgamma, dbeta] (native/batch_norm.h has the formulas). */
export function batchNormTrainGradKernel(addon: OneDnnAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const t = inputs as GradInputs;
    const { epsilon } = attrs as unknown as { epsilon: number };
    const cpu = backend as MathBackendCPU;
    const channels = t.x.shape[t.x.shape.length - 1] as number;
    const dx = outputArray(cpu, tf.util.sizeFromShape(t.x.shape));
    const dgamma = new Float32Array(channels);
    const dbeta = new Float32Array(channels);
    const name = batchNormTrainGradKernelName;
    const values = (key: keyof GradInputs) => floatValues(cpu, t[key], `${name} ${key}`);
    runNative(name, t, () =>
      addon.batchNormTrainGrad(
        values('x'),
        values('dy'),
        channels,
        values('mean'),
        values('variance'),
        values('gamma'),
        values('dmean'),
        values('dvariance'),
        epsilon,
        dx,
        dgamma,
        dbeta,
      ),
    );
    return [
      cpu.makeTensorInfo(t.x.shape, 'float32', dx),
      cpu.makeTensorInfo([channels], 'float32', dgamma),
      cpu.makeTensorInfo([channels], 'float32', dbeta),
    ];
  };
}

/**
 * The forward kernel's gradient: one backward kernel call gives all three input gradients (the
 * engine passes zeros for outputs that do not reach the loss).
 */
export const batchNormTrainGradient: tf.GradConfig = {
  kernelName: batchNormTrainKernelName,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved as tf.Tensor[];
    const [dx, dgamma, dbeta] = tf
      .engine()
      .runKernel(
        batchNormTrainGradKernelName,
        { x, dy, mean, variance, gamma, dmean, dvariance } as tf.NamedTensorMap,
        attrs as tf.NamedAttrMap,
      ) as tf.Tensor[];
    return {
      x: () => dx as tf.Tensor,
      gamma: () => dgamma as tf.Tensor,
      beta: () => dbeta as tf.Tensor,
    };
  },
};
