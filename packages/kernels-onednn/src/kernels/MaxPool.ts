import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  MaxPool as kernelName,
  type MaxPoolAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, everyWindowReadsInput, poolInfo } from '../conv-geometry.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/** tf.maxPool on NHWC float32 (padding never wins, as in the stock kernel). */
export const maxPoolKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const info = poolInfo(x.shape, args.attrs as unknown as MaxPoolAttrs);
    if (x.dtype !== 'float32' || !everyWindowReadsInput(info)) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const out = outputArray(backend, util.sizeFromShape(info.outShape));
    runNative(kernelName, { x }, () =>
      addon.maxPool(convGeometry(info), floatValues(backend, x, 'MaxPool x'), out),
    );
    return backend.makeTensorInfo(info.outShape, 'float32', out);
  },
};
