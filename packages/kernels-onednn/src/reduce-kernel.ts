import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { runNative } from './native-call.js';
import type { OneDnnKernel } from './onednn-kernel.js';
import { outputArray } from './output-pool.js';
import { floatValues } from './tensor-data.js';

/**
 * x's shape split as [outer, reduced, inner] when `axes` are contiguous (e.g. N, H, W of NHWC
 * for batch-norm statistics, or the last axes); null otherwise.
 */
export function contiguousReduction(
  shape: number[],
  axes: number[],
): { outer: number; reduced: number; inner: number } | null {
  const sorted = [...axes].sort((p, q) => p - q);
  const first = sorted[0] as number;
  const last = sorted[sorted.length - 1] as number;
  if (sorted.length === 0 || last - first !== sorted.length - 1) return null;
  return {
    outer: util.sizeFromShape(shape.slice(0, first)),
    reduced: util.sizeFromShape(shape.slice(first, last + 1)),
    inner: util.sizeFromShape(shape.slice(last + 1)),
  };
}

/** Sum or Mean of float32 data over contiguous axes, accumulated in float64. */
export function reduceKernel(kernelName: string, mean: boolean): OneDnnKernel {
  return {
    kernelName,
    create: (addon, stock) => (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
      const axes = util.parseAxisParam(axis, x.shape);
      const split = contiguousReduction(x.shape, axes);
      if (x.dtype !== 'float32' || split === null || util.sizeFromShape(x.shape) === 0)
        return stock(args);
      const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      const backend = args.backend as MathBackendCPU;
      const out = outputArray(backend, split.outer * split.inner);
      runNative(kernelName, { x }, () =>
        addon.reduce(
          floatValues(backend, x, `${kernelName} x`),
          split.outer,
          split.reduced,
          split.inner,
          mean,
          out,
        ),
      );
      const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
      return backend.makeTensorInfo(shape, 'float32', out);
    },
  };
}
