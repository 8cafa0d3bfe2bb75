import type {
  backend_util,
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { callKernel, padOrCropSpatial, release, writeFloats } from './backend-calls.js';
import { forwardConvGeometry } from './conv-geometry.js';
import { dyForGeometry, nchwToNhwc, nhwcToNchw } from './gradient-operands.js';

/**
 * Conv2DBackpropInput (the transposed convolution) on the backend's fast kernels: wasm's own
 * kernel is a naive loop, about half of a training step.
 *
 * Strided or deep layers (many channels, few positions) run as one matrix product and a
 * scatter ({@link backpropInputAsMatMul}). The others, stride 1, as one forward convolution:
 * dx[n, h, w, ci] = Σ_{a,b,co} dy[n, i, j, co] · W[a, b, ci, co] with h = i + a − pt is a
 * Conv2D of dy with the filter flipped in both spatial axes and transposed to [kh, kw, co, ci],
 * padded by kh − 1 − pt on top (Dumoulin & Visin 2016, "A guide to convolution arithmetic",
 * section 4.4). NCHW operands are transposed to NHWC and back.
 */
export function conv2DBackpropInputAsConv2D(backendName: string): KernelFunc {
  return ({ inputs, backend: kernelBackend, attrs }) => {
    const backend = kernelBackend as KernelBackend;
    const given = inputs as Record<keyof Conv2DBackpropInputInputs, TensorInfo>;
    const convAttrs = attrs as unknown as Conv2DBackpropInputAttrs;
    if (convAttrs.dataFormat !== 'NCHW')
      return backpropInputNhwc(backend, backendName, given, convAttrs);
    // NCHW: dy and the input shape to NHWC, dx back to NCHW.
    const [n, c, h, w] = convAttrs.inputShape;
    const dy = nchwToNhwc(backend, backendName, given.dy);
    const dx = backpropInputNhwc(
      backend,
      backendName,
      { dy, filter: given.filter },
      { ...convAttrs, inputShape: [n, h, w, c], dataFormat: 'NHWC' },
    );
    const result = nhwcToNchw(backend, backendName, dx);
    release(backend, dy, dx);
    return result;
  };
}

function backpropInputNhwc(
  backend: KernelBackend,
  backendName: string,
  given: Record<keyof Conv2DBackpropInputInputs, TensorInfo>,
  convAttrs: Conv2DBackpropInputAttrs,
): TensorInfo {
  const { filter } = given;
  const { inputShape } = convAttrs;
  const { info } = forwardConvGeometry(
    inputShape,
    filter.shape as [number, number, number, number],
    convAttrs,
  );
  const dy = dyForGeometry(backend, backendName, given.dy, info, 'Conv2DBackpropInput');
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const [n, oh, ow, co] = dy.shape as [number, number, number, number];
  // Strided, the convolution would multiply s² − 1 zeros for every value; with as many output
  // channels as half the positions, repacking its filter costs more than the scatter (wasm).
  if (sh * sw > 1 || 2 * co >= n * oh * ow) {
    const dx = backpropInputAsMatMul(backend, backendName, dy, filter, info);
    if (dy !== given.dy) release(backend, dy);
    return dx;
  }
  // Stride 1 from here on. Output rows = padded rows − kh + 1 must be the input's height.
  const padTop = kh - 1 - info.padInfo.top;
  const padLeft = kw - 1 - info.padInfo.left;
  const padBottom = inputShape[1] + kh - 1 - oh - padTop;
  const padRight = inputShape[2] + kw - 1 - ow - padLeft;
  const padded = padOrCropSpatial(backend, backendName, dy, [padTop, padBottom, padLeft, padRight]);
  const kernel = flippedTransposedFilter(backend, filter);
  const dx = callKernel(
    backend,
    backendName,
    'Conv2D',
    { x: padded, filter: kernel },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  );
  release(backend, ...new Set([dy, padded, kernel].filter((t) => t !== given.dy)));
  return dx;
}

/**
 * dx through one matrix product: columns[t·ci + c, p] = Σ_co W[t, c, co] · dy[p, co] for each
 * filter tap t and output position p, i.e. W viewed as [kh·kw·ci, co] times dyᵀ; then every
 * column is added into the input positions its taps read (col2im). W goes in as the left-hand
 * operand, which XNNPACK reads as it is: a right-hand operand or convolution filter is repacked
 * on every call because the weights change every step (~30 ms for a 3×3×512×512 filter, ten
 * times the arithmetic at 2×2 positions). Strides need no zeros here.
 */
function backpropInputAsMatMul(
  backend: KernelBackend,
  backendName: string,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const [n, oh, ow, co] = dy.shape as [number, number, number, number];
  const { inHeight: h, inWidth: w, inChannels: ci, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const positions = n * oh * ow;
  const dyT = transposeMatrix(backend.readSync(dy.dataId) as Float32Array, positions, co);
  const dyTInfo = writeFloats(backend, dyT, [1, co, positions]);
  const weights = callKernel(
    backend,
    backendName,
    'Reshape',
    { x: filter },
    { shape: [1, kh * kw * ci, co] },
  );
  const product = callKernel(
    backend,
    backendName,
    'BatchMatMul',
    { a: weights, b: dyTInfo },
    { transposeA: false, transposeB: false },
  );
  const columns = backend.readSync(product.dataId) as Float32Array;
  release(backend, dyTInfo, weights, product);
  const dx = new Float32Array(n * h * w * ci);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const tap = (a * kw + b) * ci;
      for (let image = 0; image < n; image++) {
        for (let i = 0; i < oh; i++) {
          const row = i * sh + a - top;
          if (row < 0 || row >= h) continue;
          for (let j = 0; j < ow; j++) {
            const column = j * sw + b - left;
            if (column < 0 || column >= w) continue;
            const p = (image * oh + i) * ow + j;
            const to = ((image * h + row) * w + column) * ci;
            for (let c = 0; c < ci; c++) dx[to + c] += columns[(tap + c) * positions + p];
          }
        }
      }
    }
  }
  return writeFloats(backend, dx, [n, h, w, ci]);
}

/**
 * The transpose of a row-major [rows, columns] matrix, in 64×64 tiles so that both the reads
 * and the writes stay within a few cache lines.
 */
function transposeMatrix(values: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(rows * columns);
  const tile = 64;
  for (let c0 = 0; c0 < columns; c0 += tile) {
    const c1 = Math.min(c0 + tile, columns);
    for (let r0 = 0; r0 < rows; r0 += tile) {
      const r1 = Math.min(r0 + tile, rows);
      for (let c = c0; c < c1; c++) {
        const to = c * rows;
        for (let r = r0; r < r1; r++) result[to + r] = values[r * columns + c];
      }
    }
  }
  return result;
}

/**
 * W [kh, kw, ci, co] → W' [kh, kw, co, ci] with W'[a, b, o, i] = W[kh − 1 − a, kw − 1 − b, i, o],
 * in one pass in JavaScript (~6 ns per element): wasm's Reverse and GatherV2 kernels cost
 * ~0.2 µs per element, and its Transpose would be a second pass.
 */
function flippedTransposedFilter(backend: KernelBackend, filter: TensorInfo): TensorInfo {
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
  return writeFloats(backend, result, [kh, kw, co, ci]);
}

export function conv2DBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: conv2DBackpropInputAsConv2D(backendName),
  };
}
