import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeUnaryOp } from './native.js';
import { runNative } from './native-call.js';
import type { OneDnnKernel } from './onednn-kernel.js';
import { outputArray } from './output-pool.js';
import { floatValues } from './tensor-data.js';

/**
 * A kernel for an element-wise float32 unary op (other dtypes go to the stock kernel); `alpha`
 * is read from the attributes for Step.
 */
export function unaryKernel(kernelName: string, op: NativeUnaryOp): OneDnnKernel {
  return {
    kernelName,
    create: (addon, stock) => (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (x.dtype !== 'float32') return stock(args);
      const backend = args.backend as MathBackendCPU;
      const out = outputArray(backend, util.sizeFromShape(x.shape));
      const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
      runNative(kernelName, { x }, () =>
        addon.unary(op, floatValues(backend, x, `${kernelName} x`), alpha, out),
      );
      return backend.makeTensorInfo(x.shape, 'float32', out);
    },
  };
}
