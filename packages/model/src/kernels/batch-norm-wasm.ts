import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Training-mode batch norm for the wasm backend as two kernels in JavaScript over the wasm heap
 * (x viewed as [rows, channels], NHWC): about 400 small tfjs ops per step otherwise (tf.moments
 * and the closed-form gradient's broadcasts), each with its own heap allocation and call.
 */
export const batchNormTrainKernelName = 'RankerBatchNormTrain';
export const batchNormTrainGradKernelName = 'RankerBatchNormTrainGrad';

/**
 * Outputs first, views after: a new output can grow the wasm memory, which detaches every view
 * taken before it.
 */
function views(backend: BackendWasm, tensors: tf.TensorInfo[]): Float32Array[] {
  return tensors.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
}

/**
 * [y, mean, variance]: the per-channel moments in float64 in one pass, taken about the first
 * row's values so that a mean much larger than the spread does not cancel, then
 * y = (x − mean)·γ/√(variance + ε) + β.
 */
function forward({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { epsilon } = attrs as unknown as { epsilon: number };
  const channels = x.shape[x.shape.length - 1] as number;
  const outputs = [
    wasm.makeOutput(x.shape, 'float32'),
    wasm.makeOutput([channels], 'float32'),
    wasm.makeOutput([channels], 'float32'),
  ];
  const [xs, gs, bs, ys, means, variances] = views(wasm, [x, gamma, beta, ...outputs]);
  const rows = xs.length / channels;
  const sums = new Float64Array(2 * channels);
  for (let r = 0; r < rows; r++) {
    const row = r * channels;
    for (let c = 0; c < channels; c++) {
      const d = xs[row + c] - xs[c];
      sums[c] += d;
      sums[channels + c] += d * d;
    }
  }
  const centre = new Float32Array(channels);
  const factor = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const offset = sums[c] / rows;
    const variance = Math.max(0, sums[channels + c] / rows - offset * offset);
    means[c] = xs[c] + offset;
    variances[c] = variance;
    centre[c] = means[c];
    factor[c] = gs[c] / Math.sqrt(variance + epsilon);
  }
  for (let r = 0; r < rows; r++) {
    const row = r * channels;
    for (let c = 0; c < channels; c++) {
      ys[row + c] = (xs[row + c] - centre[c]) * factor[c] + bs[c];
    }
  }
  return outputs;
}

/**
 * [dx, dγ, dβ] of the forward kernel through all three outputs (PyTorch's CPU form):
 *   dβ = Σ dy,  d = Σ (x − μ)·dy,  dγ = d·σ⁻¹   (σ⁻¹ = 1/√(σ² + ε), sums over the rows)
 *   dx = a·dy + b·(x − μ) + k,  a = γ·σ⁻¹,  b = −γ·σ⁻³·d/n + 2·dσ²/n,  k = −γ·σ⁻¹·dβ/n + dμ/n
 */
function backward({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const t = inputs as Record<
    'x' | 'dy' | 'mean' | 'variance' | 'gamma' | 'dmean' | 'dvariance',
    tf.TensorInfo
  >;
  const { epsilon } = attrs as unknown as { epsilon: number };
  const channels = t.x.shape[t.x.shape.length - 1] as number;
  const outputs = [
    wasm.makeOutput(t.x.shape, 'float32'),
    wasm.makeOutput([channels], 'float32'),
    wasm.makeOutput([channels], 'float32'),
  ];
  const [xs, dys, means, variances, gammas, dmeans, dvariances, dx, dgamma, dbeta] = views(wasm, [
    t.x,
    t.dy,
    t.mean,
    t.variance,
    t.gamma,
    t.dmean,
    t.dvariance,
    ...outputs,
  ]);
  const rows = xs.length / channels;
  const sums = new Float64Array(2 * channels);
  for (let r = 0; r < rows; r++) {
    const row = r * channels;
    for (let c = 0; c < channels; c++) {
      const g = dys[row + c];
      sums[c] += g;
      sums[channels + c] += g * (xs[row + c] - means[c]);
    }
  }
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  const k = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const inverse = 1 / Math.sqrt(variances[c] + epsilon);
    dbeta[c] = sums[c];
    dgamma[c] = sums[channels + c] * inverse;
    a[c] = gammas[c] * inverse;
    b[c] = (-gammas[c] * inverse ** 3 * sums[channels + c]) / rows + (2 * dvariances[c]) / rows;
    k[c] = (-gammas[c] * inverse * sums[c]) / rows + dmeans[c] / rows;
  }
  for (let r = 0; r < rows; r++) {
    const row = r * channels;
    for (let c = 0; c < channels; c++) {
      dx[row + c] = a[c] * dys[row + c] + b[c] * (xs[row + c] - means[c]) + k[c];
    }
  }
  return outputs;
}

/** The forward kernel's gradient: one backward call gives all three input gradients. */
const gradient: tf.GradConfig = {
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
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};

/** Registers both kernels for wasm and the gradient (once per process). */
export function registerWasmBatchNorm(): void {
  if (tf.getKernel(batchNormTrainKernelName, 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: batchNormTrainKernelName,
    backendName: 'wasm',
    kernelFunc: forward,
  });
  tf.registerKernel({
    kernelName: batchNormTrainGradKernelName,
    backendName: 'wasm',
    kernelFunc: backward,
  });
  tf.registerGradient(gradient);
}

/** Batch statistics normalisation (batch-norm.ts's BatchStatisticsNorm) on these kernels. */
export function wasmBatchNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [y, mean, variance] = tf
    .engine()
    .runKernel(batchNormTrainKernelName, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
  return { y: y as tf.Tensor4D, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
