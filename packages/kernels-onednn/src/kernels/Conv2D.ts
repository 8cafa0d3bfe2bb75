import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  backend_util,
  type Conv2DAttrs,
  Conv2D as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, isNativeConvolution } from '../conv-geometry.js';
import { NativeActivation } from '../native.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { floatValues } from '../tensor-data.js';

/** tf.conv2d: NHWC input, HWIO filter. */
export const conv2DKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } =
      args.attrs as unknown as Conv2DAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    if (!isNativeConvolution(info, x.dtype, filter.dtype)) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const out = new Float32Array(util.sizeFromShape(info.outShape));
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
