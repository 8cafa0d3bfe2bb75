import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { OneDnnError } from './errors.js';

/**
 * The float32 values the cpu backend holds for `tensor`, without a copy (the cpu backend keeps
 * every tensor as a typed array in `backend.data`).
 */
export function floatValues(
  backend: MathBackendCPU,
  tensor: TensorInfo,
  name: string,
): Float32Array {
  const values = backend.data.get(tensor.dataId)?.values;
  if (!(values instanceof Float32Array)) {
    throw new OneDnnError(
      'INVALID_TENSOR',
      `${name}: expected float32 data on the cpu backend, got ${tensor.dtype} (${values?.constructor.name ?? 'no values'})`,
    );
  }
  return values;
}
