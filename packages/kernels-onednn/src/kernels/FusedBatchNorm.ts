import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type FusedBatchNormAttrs,
  FusedBatchNorm as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/**
 * tf.batchNorm with one mean, variance, offset and scale per channel of the last axis (NHWC);
 * other broadcasts go to the stock kernel.
 */
export const fusedBatchNormKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as {
      x: TensorInfo;
      mean: TensorInfo;
      variance: TensorInfo;
      offset?: TensorInfo;
      scale?: TensorInfo;
    };
    const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const operands = [mean, variance, offset, scale].filter((t): t is TensorInfo => t != null);
    const perChannel = operands.every(
      (t) => t.dtype === 'float32' && util.sizeFromShape(t.shape) === channels,
    );
    if (x.dtype !== 'float32' || channels === 0 || !perChannel) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const out = outputArray(backend, util.sizeFromShape(x.shape));
    const values = (t: TensorInfo | undefined, name: string) =>
      t == null ? null : floatValues(backend, t, `FusedBatchNorm ${name}`);
    runNative(kernelName, { x, mean, variance }, () =>
      addon.batchNorm(
        floatValues(backend, x, 'FusedBatchNorm x'),
        channels,
        floatValues(backend, mean, 'FusedBatchNorm mean'),
        floatValues(backend, variance, 'FusedBatchNorm variance'),
        values(offset, 'offset'),
        values(scale, 'scale'),
        varianceEpsilon,
        out,
      ),
    );
    return backend.makeTensorInfo(x.shape, 'float32', out);
  },
};
