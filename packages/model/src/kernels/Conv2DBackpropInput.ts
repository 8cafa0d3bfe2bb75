import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { callKernel, padOrCropSpatial, release } from './backend-calls.js';
import { forwardConvGeometry } from './conv-geometry.js';

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
    const convAttrs = attrs as unknown as Conv2DBackpropInputAttrs;
    const { inputShape } = convAttrs;
    const { info } = forwardConvGeometry(
      inputShape,
      filter.shape as [number, number, number, number],
      convAttrs,
    );
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
    const [n, oh, ow, co] = dy.shape as [number, number, number, number];
    const temporaries: TensorInfo[] = [];

    const call = (name: string, x: TensorInfo, kernelAttrs: Record<string, unknown>) =>
      callKernel(backend, backendName, name, { x }, kernelAttrs as never);
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
    // Output rows = padded rows − kh + 1 must be the input's height; the dilated tensor's
    // s − 1 trailing zero rows count towards the bottom pad.
    const padTop = kh - 1 - info.padInfo.top;
    const padLeft = kw - 1 - info.padInfo.left;
    const padBottom = inputShape[1] + kh - 1 - oh * sh - padTop;
    const padRight = inputShape[2] + kw - 1 - ow * sw - padLeft;
    const padded = padOrCropSpatial(backend, backendName, dilated, [
      padTop,
      padBottom,
      padLeft,
      padRight,
    ]);
    // Correlating with a flipped filter = flipping the output of correlating the flipped input,
    // so the flip can move from the filter to the activations: cheaper in the deep layers, where
    // a 3×3×512×512 filter meets an 8×4×4×512 input (threshold measured on wasm).
    const filterSize = filter.shape.reduce((a, b) => a * b, 1);
    const flipActivations = filterSize >= 16 * padded.shape.reduce((a, b) => a * b, 1);
    const kernel = flipActivations
      ? call('Transpose', filter, { perm: [0, 1, 3, 2] })
      : flippedTransposedFilter(backend, filter);
    const input = flipActivations ? call('Reverse', padded, { dims: [1, 2] }) : padded;
    const convolved = callKernel(
      backend,
      backendName,
      'Conv2D',
      { x: input, filter: kernel },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
    );
    const dx = flipActivations ? call('Reverse', convolved, { dims: [1, 2] }) : convolved;
    temporaries.push(padded, kernel, input);
    if (flipActivations) temporaries.push(convolved);
    release(backend, ...new Set(temporaries.filter((t) => t !== dy)));
    return dx;
  };
}

/**
 * W [kh, kw, ci, co] → W' [kh, kw, co, ci] with W'[a, b, o, i] = W[kh − 1 − a, kw − 1 − b, i, o],
 * in one pass in JavaScript (~6 ns per element): wasm's Reverse and GatherV2 kernels cost
 * ~0.2 µs per element, and its Transpose would be a second pass.
 */
export function flippedTransposedFilter(backend: KernelBackend, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const values = backend.readSync(filter.dataId) as Float32Array;
  const result = new Float32Array(values.length);
  const slab = ci * co;
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const from = (a * kw + b) * slab;
      const to = ((kh - 1 - a) * kw + (kw - 1 - b)) * slab;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) result[to + o * ci + i] = values[from + i * co + o];
      }
    }
  }
  const shape = [kh, kw, co, ci];
  return { dataId: backend.write(result, shape, 'float32'), shape, dtype: 'float32' };
}

export function conv2DBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: conv2DBackpropInputAsConv2D(backendName),
  };
}
