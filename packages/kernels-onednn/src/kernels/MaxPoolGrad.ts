import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  MaxPoolGrad as kernelName,
  type MaxPoolGradAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, everyWindowReadsInput, poolInfo } from '../conv-geometry.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/** Gradient of tf.maxPool (NHWC): dy routed to the first maximum of each window. */
export const maxPoolGradKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const info = poolInfo(input.shape, args.attrs as unknown as MaxPoolGradAttrs);
    if (dy.dtype !== 'float32' || input.dtype !== 'float32' || !everyWindowReadsInput(info)) {
      return stock(args);
    }
    const backend = args.backend as MathBackendCPU;
    const dx = outputArray(backend, util.sizeFromShape(input.shape));
    runNative(kernelName, { dy, input }, () =>
      addon.maxPoolGrad(
        convGeometry(info),
        floatValues(backend, input, 'MaxPoolGrad input'),
        floatValues(backend, dy, 'MaxPoolGrad dy'),
        dx,
      ),
    );
    return backend.makeTensorInfo(input.shape, 'float32', dx);
  },
};
