import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeBinaryOp } from './native.js';
import { runNative } from './native-call.js';
import type { OneDnnKernel } from './onednn-kernel.js';
import { floatValues } from './tensor-data.js';

/**
 * How a float32 binary op maps onto the addon's loop: one operand ("big") has the result's
 * shape and the other ("small") repeats along its leading axes (equal shapes, a scalar, a
 * per-channel vector of NHWC data). Null for other broadcasts, which stay with the stock kernel.
 */
export function repeatingBroadcast(
  a: TensorInfo,
  b: TensorInfo,
): { big: TensorInfo; small: TensorInfo; smallFirst: boolean; shape: number[] } | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = util.sizeFromShape(shape);
  if (size === 0) return null;
  const aFull = util.sizeFromShape(a.shape) === size;
  const [big, small, smallFirst] = aFull ? [a, b, false] : [b, a, true];
  if (util.sizeFromShape(big.shape) !== size) return null;
  const smallDims = small.shape.slice(small.shape.findIndex((d) => d !== 1));
  const trailing = smallDims.length === 0 ? [] : shape.slice(shape.length - smallDims.length);
  const repeats = small.shape.every((d) => d === 1) || util.arraysEqual(smallDims, trailing);
  return repeats ? { big, small, smallFirst, shape } : null;
}

/** A kernel for an element-wise binary op with the repeating broadcasts above. */
export function binaryKernel(kernelName: string, op: NativeBinaryOp): OneDnnKernel {
  return {
    kernelName,
    create: (addon, stock) => (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const plan = repeatingBroadcast(a, b);
      if (plan === null) return stock(args);
      const backend = args.backend as MathBackendCPU;
      const out = new Float32Array(util.sizeFromShape(plan.shape));
      runNative(kernelName, { a, b }, () =>
        addon.binary(
          op,
          floatValues(backend, plan.big, `${kernelName} input`),
          floatValues(backend, plan.small, `${kernelName} input`),
          plan.smallFirst,
          out,
        ),
      );
      return backend.makeTensorInfo(plan.shape, 'float32', out);
    },
  };
}
