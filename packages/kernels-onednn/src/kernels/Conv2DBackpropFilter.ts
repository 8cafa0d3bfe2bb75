import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilter as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, convInfo, isNativeConvolution, matchesOutShape } from '../conv-geometry.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/** Gradient of conv2d with respect to its filter. */
export const conv2DBackpropFilterKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    if (!isNativeConvolution(info, x.dtype, dy.dtype) || !matchesOutShape(info, dy)) {
      return stock(args);
    }
    const backend = args.backend as MathBackendCPU;
    const dfilter = outputArray(backend, util.sizeFromShape(attrs.filterShape));
    runNative(kernelName, { x, dy }, () =>
      addon.conv2dBackpropFilter(
        convGeometry(info),
        floatValues(backend, x, 'Conv2DBackpropFilter x'),
        floatValues(backend, dy, 'Conv2DBackpropFilter dy'),
        dfilter,
      ),
    );
    return backend.makeTensorInfo(attrs.filterShape, 'float32', dfilter);
  },
};
