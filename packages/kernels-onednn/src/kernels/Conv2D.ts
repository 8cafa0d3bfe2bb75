import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type Conv2DAttrs,
  Conv2D as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, convInfo, isNativeConvolution } from '../conv-geometry.js';
import { NativeActivation } from '../native.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/** tf.conv2d: NHWC input, HWIO filter. */
export const conv2DKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = convInfo(x.shape, filter.shape, args.attrs as unknown as Conv2DAttrs);
    if (!isNativeConvolution(info, x.dtype, filter.dtype)) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const out = outputArray(backend, util.sizeFromShape(info.outShape));
    runNative(kernelName, { x, filter }, () =>
      addon.conv2d(
        convGeometry(info),
        floatValues(backend, x, 'Conv2D x'),
        floatValues(backend, filter, 'Conv2D filter'),
        null,
        NativeActivation.Linear,
        out,
      ),
    );
    return backend.makeTensorInfo(info.outShape, 'float32', out);
  },
};
