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
import { dyForGeometry, nchwToNhwc } from './gradient-operands.js';

/**
 * Conv2DBackpropFilter as one forward convolution, so it runs on the backend's fast Conv2D
 * (wasm has no such kernel; cpu's is ~15× slower than the rest of a training step).
 *
 * dW[a, b, ci, co] = Σ_{n,i,j} x[n, i·s + a − pt, j·s + b − pl, ci] · dy[n, i, j, co]
 * is Conv2D(xᵀ, dyᵀ) with xᵀ = x transposed to [ci, H, W, n] (channels become the batch),
 * dyᵀ = dy transposed to [oh, ow, n, co] (the output gradient becomes the filter), stride 1,
 * dilation = the forward stride s and padding (pt, pb) chosen so the output is [ci, kh, kw, co].
 * NCHW operands are transposed to NHWC first.
 */
export function conv2DBackpropFilterAsConv2D(backendName: string): KernelFunc {
  return ({ inputs, backend: kernelBackend, attrs }) => {
    const backend = kernelBackend as KernelBackend;
    const given = inputs as Record<keyof Conv2DBackpropFilterInputs, TensorInfo>;
    const convAttrs = attrs as unknown as Conv2DBackpropFilterAttrs;
    // NCHW is transposed to NHWC; the filter's layout [kh, kw, ci, co] is the same in both.
    const nchw = convAttrs.dataFormat === 'NCHW';
    const x = nchw ? nchwToNhwc(backend, backendName, given.x) : given.x;
    const dyNhwc = nchw ? nchwToNhwc(backend, backendName, given.dy) : given.dy;
    const { info, pad } = forwardConvGeometry(
      x.shape as [number, number, number, number],
      convAttrs.filterShape,
      convAttrs,
    );
    const dy = dyForGeometry(backend, backendName, dyNhwc, info, 'Conv2DBackpropFilter');
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
    const temporaries = [x, dyNhwc, dy, xT, xPadded, dyT, result];
    release(backend, ...new Set(temporaries.filter((t) => t !== given.x && t !== given.dy)));
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
