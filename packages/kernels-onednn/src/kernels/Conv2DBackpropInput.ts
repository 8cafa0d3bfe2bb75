import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type Conv2DBackpropInputAttrs,
  Conv2DBackpropInput as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, convInfo, isNativeConvolution, matchesOutShape } from '../conv-geometry.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/** Gradient of conv2d with respect to its input (also tf.conv2dTranspose). */
export const conv2DBackpropInputKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const info = convInfo(attrs.inputShape, filter.shape, attrs);
    if (!isNativeConvolution(info, dy.dtype, filter.dtype) || !matchesOutShape(info, dy)) {
      return stock(args);
    }
    const backend = args.backend as MathBackendCPU;
    const dx = outputArray(backend, util.sizeFromShape(info.inShape));
    runNative(kernelName, { dy, filter }, () =>
      addon.conv2dBackpropInput(
        convGeometry(info),
        floatValues(backend, dy, 'Conv2DBackpropInput dy'),
        floatValues(backend, filter, 'Conv2DBackpropInput filter'),
        dx,
      ),
    );
    return backend.makeTensorInfo(info.inShape, 'float32', dx);
  },
};
