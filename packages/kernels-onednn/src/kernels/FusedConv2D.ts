import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  type FusedConv2DAttrs,
  FusedConv2D as kernelName,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { convGeometry, convInfo, isNativeConvolution } from '../conv-geometry.js';
import { NativeActivation } from '../native.js';
import { runNative } from '../native-call.js';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

const fusable: Partial<Record<string, NativeActivation>> = {
  linear: NativeActivation.Linear,
  relu: NativeActivation.Relu,
};

/**
 * tf.fused.conv2d: convolution + per-channel bias + linear/ReLU in one oneDNN primitive. Other
 * activations (prelu, elu, …) and biases that are not one value per output channel go to the
 * stock kernel.
 */
export const fusedConv2DKernel: OneDnnKernel = {
  kernelName,
  create: (addon, stock) => (args) => {
    const { x, filter, bias } = args.inputs as {
      x: TensorInfo;
      filter: TensorInfo;
      bias?: TensorInfo;
    };
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const info = convInfo(x.shape, filter.shape, attrs);
    const nativeActivation = fusable[attrs.activation];
    const perChannelBias = bias == null || util.sizeFromShape(bias.shape) === info.outChannels;
    const dtypes = bias == null ? [x.dtype, filter.dtype] : [x.dtype, filter.dtype, bias.dtype];
    if (
      nativeActivation === undefined ||
      !perChannelBias ||
      !isNativeConvolution(info, ...dtypes)
    ) {
      return stock(args);
    }
    const backend = args.backend as MathBackendCPU;
    const out = outputArray(backend, util.sizeFromShape(info.outShape));
    runNative(kernelName, bias == null ? { x, filter } : { x, filter, bias }, () =>
      addon.conv2d(
        convGeometry(info),
        floatValues(backend, x, 'FusedConv2D x'),
        floatValues(backend, filter, 'FusedConv2D filter'),
        bias == null ? null : floatValues(backend, bias, 'FusedConv2D bias'),
        nativeActivation,
        out,
      ),
    );
    return backend.makeTensorInfo(info.outShape, 'float32', out);
  },
};
