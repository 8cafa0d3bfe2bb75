import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { callKernel, padOrCropSpatial, release } from './backend-calls.js';
import { forwardConvGeometry } from './conv-geometry.js';

/**
 * Conv2DBackpropFilter as one forward convolution, so it runs on the backend's fast Conv2D
 * (wasm has no such kernel; cpu's is ~15× slower than the rest of a training step).
 *
 * dW[a, b, ci, co] = Σ_{n,i,j} x[n, i·s + a − pt, j·s + b − pl, ci] · dy[n, i, j, co]
 * is Conv2D(xᵀ, dyᵀ) with xᵀ = x transposed to [ci, H, W, n] (channels become the batch),
 * dyᵀ = dy transposed to [oh, ow, n, co] (the output gradient becomes the filter), stride 1,
 * dilation = the forward stride s and padding (pt, pb) chosen so the output is [ci, kh, kw, co].
 */
export function conv2DBackpropFilterAsConv2D(backendName: string): KernelFunc {
  return ({ inputs, backend: kernelBackend, attrs }) => {
    const backend = kernelBackend as KernelBackend;
    const { x, dy } = inputs as Record<keyof Conv2DBackpropFilterInputs, TensorInfo>;
    const convAttrs = attrs as unknown as Conv2DBackpropFilterAttrs;
    const { info, pad } = forwardConvGeometry(
      x.shape as [number, number, number, number],
      convAttrs.filterShape,
      convAttrs,
    );
    const { strideHeight: sh, strideWidth: sw } = info;

    const xT = callKernel(backend, backendName, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
    // The same zeros the forward convolution read; rows it never read are cropped.
    const xPadded = padOrCropSpatial(backend, backendName, xT, [
      pad.top,
      pad.bottom,
      pad.left,
      pad.right,
    ]);
    const dyT = callKernel(backend, backendName, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const result = callKernel(
      backend,
      backendName,
      'Conv2D',
      { x: xPadded, filter: dyT },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] },
    );
    const dW = callKernel(backend, backendName, 'Transpose', { x: result }, { perm: [1, 2, 0, 3] });
    release(backend, ...new Set<TensorInfo>([xT, xPadded, dyT, result]));
    return dW;
  };
}

export function conv2DBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: conv2DBackpropFilterAsConv2D(backendName),
  };
}
