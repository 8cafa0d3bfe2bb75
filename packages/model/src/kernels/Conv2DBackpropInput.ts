import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { callKernel, padOrCropSpatial, release } from './backend-calls.js';

/**
 * Conv2DBackpropInput (the transposed convolution) as one forward convolution, so it runs on
 * the backend's fast Conv2D (wasm's own kernel is a naive loop, about half of a training step).
 *
 * dx[n, h, w, ci] = Σ_{a,b,co} dy[n, i, j, co] · W[a, b, ci, co] with h = i·s + a − pt is a
 * stride-1 Conv2D of dy dilated by s (s − 1 zeros between neighbours) with the filter flipped
 * in both spatial axes and transposed to [kh, kw, co, ci], padded by kh − 1 − pt on top
 * (Dumoulin & Visin 2016, "A guide to convolution arithmetic", section 4.5).
 */
export function conv2DBackpropInputAsConv2D(backendName: string): KernelFunc {
  return ({ inputs, backend: kernelBackend, attrs }) => {
    const backend = kernelBackend as KernelBackend;
    const { dy, filter } = inputs as Record<keyof Conv2DBackpropInputInputs, TensorInfo>;
    const { strides, pad, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
    const [n, oh, ow, co] = dy.shape as [number, number, number, number];
    const call = (name: string, x: TensorInfo, kernelAttrs: Record<string, unknown>) =>
      callKernel(backend, backendName, name, { x }, kernelAttrs as never);
    const temporaries: TensorInfo[] = [];

    let dilated = dy;
    if (sh > 1 || sw > 1) {
      // Zeros between neighbours: view dy as [n, oh, 1, ow, 1, co] and pad the unit axes to s.
      const expanded = call('Reshape', dy, { shape: [n, oh, 1, ow, 1, co] });
      const paddings = [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ];
      const spread = call('PadV2', expanded, { paddings, constantValue: 0 });
      dilated = call('Reshape', spread, { shape: [n, oh * sh, ow * sw, co] });
      temporaries.push(expanded, spread, dilated);
    }
    const padTop = kh - 1 - info.padInfo.top;
    const padLeft = kw - 1 - info.padInfo.left;
    // The dilated tensor has s − 1 trailing zero rows; the bottom pad accounts for them.
    const padBottom = inputShape[1] + kh - 1 - oh * sh - padTop;
    const padRight = inputShape[2] + kw - 1 - ow * sw - padLeft;
    const padded = padOrCropSpatial(backend, backendName, dilated, [
      padTop,
      padBottom,
      padLeft,
      padRight,
    ]);
    temporaries.push(padded);

    // Correlating with a flipped filter = flipping the output of correlating the flipped input,
    // so the flip can move from the filter to the activations. wasm's Reverse kernel is slow per
    // element (~0.2 µs): flip whichever is smaller — the filter in the early layers, the
    // activations in the deep ones (a 3×3×512×512 filter against an 8×4×4×512 input).
    const filterSize = filter.shape.reduce((a, b) => a * b, 1);
    const flipFilter = filterSize <= 2 * padded.shape.reduce((a, b) => a * b, 1);
    const kernel = flipFilter ? call('Reverse', filter, { dims: [0, 1] }) : filter;
    const swapped = call('Transpose', kernel, { perm: [0, 1, 3, 2] });
    const input = flipFilter ? padded : call('Reverse', padded, { dims: [1, 2] });
    const convolved = callKernel(
      backend,
      backendName,
      'Conv2D',
      { x: input, filter: swapped },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
    );
    const dx = flipFilter ? convolved : call('Reverse', convolved, { dims: [1, 2] });
    temporaries.push(kernel, swapped, input);
    if (!flipFilter) temporaries.push(convolved);
    release(backend, ...new Set(temporaries.filter((t) => t !== dy && t !== filter)));
    return dx;
  };
}

export function conv2DBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: conv2DBackpropInputAsConv2D(backendName),
  };
}
