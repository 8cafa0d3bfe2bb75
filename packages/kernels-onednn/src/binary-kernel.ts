import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeBinaryOp } from './native.js';
import { runNative } from './native-call.js';
import type { OneDnnKernel } from './onednn-kernel.js';
import { outputArray } from './output-pool.js';
import { floatValues } from './tensor-data.js';

/** How a broadcast binary op runs on the addon's loop (native/elementwise.h). */
export interface BroadcastPlan {
  /** The operand with the result's size; `small` repeats over one run of its axes. */
  big: TensorInfo;
  small: TensorInfo;
  smallFirst: boolean;
  shape: number[];
  /** big viewed as [outer, middle, inner], small as [outer, 1, inner]. */
  middle: number;
  inner: number;
}

/**
 * Plans a float32 binary op whose smaller operand is broadcast along one contiguous run of axes
 * of the result: equal shapes, scalars, per-channel vectors of NHWC data, per-image values
 * ([N, 1, 1, C] against [N, H, W, C]). Null for other broadcasts, which stay with the stock
 * kernel.
 */
export function broadcastPlan(a: TensorInfo, b: TensorInfo): BroadcastPlan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = util.sizeFromShape(shape);
  if (size === 0) return null;
  const aFull = util.sizeFromShape(a.shape) === size;
  const [big, small, smallFirst] = aFull ? [a, b, false] : [b, a, true];
  if (util.sizeFromShape(big.shape) !== size) return null;
  const padded = [...Array(shape.length - small.shape.length).fill(1), ...small.shape];
  const broadcast = shape.map((d, k) => padded[k] !== d);
  const first = broadcast.indexOf(true);
  if (first === -1) return { big, small, smallFirst, shape, middle: 1, inner: size };
  const last = broadcast.lastIndexOf(true);
  // Inside the run small must be 1 everywhere (axes of size 1 in both are fine).
  if (padded.slice(first, last + 1).some((d) => d !== 1)) return null;
  const middle = util.sizeFromShape(shape.slice(first, last + 1));
  const inner = util.sizeFromShape(shape.slice(last + 1));
  return { big, small, smallFirst, shape, middle, inner };
}

/** A kernel for an element-wise binary op with the broadcasts {@link broadcastPlan} covers. */
export function binaryKernel(kernelName: string, op: NativeBinaryOp): OneDnnKernel {
  return {
    kernelName,
    create: (addon, stock) => (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const plan = broadcastPlan(a, b);
      if (plan === null) return stock(args);
      const backend = args.backend as MathBackendCPU;
      const out = outputArray(backend, util.sizeFromShape(plan.shape));
      runNative(kernelName, { a, b }, () =>
        addon.binary(
          op,
          floatValues(backend, plan.big, `${kernelName} input`),
          floatValues(backend, plan.small, `${kernelName} input`),
          plan.smallFirst,
          plan.middle,
          plan.inner,
          out,
        ),
      );
      return backend.makeTensorInfo(plan.shape, 'float32', out);
    },
  };
}
