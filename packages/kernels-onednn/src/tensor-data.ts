import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { OneDnnError } from './errors.js';

/**
 * The float32 values the cpu backend holds for `tensor`, without a copy (the cpu backend keeps
 * every tensor as a typed array in `backend.data`). A float32 tensor may be backed by integers:
 * the stock Cast from int32 or bool to float32 keeps the Int32Array or Uint8Array and changes
 * only the dtype. Those values are copied into a Float32Array (exact: |v| < 2²⁴ for bool, and
 * float32 rounding is what the stock kernels apply to int32 too).
 */
export function floatValues(
  backend: MathBackendCPU,
  tensor: TensorInfo,
  name: string,
): Float32Array {
  const values = backend.data.get(tensor.dataId)?.values;
  if (values instanceof Float32Array) return values;
  if (
    tensor.dtype === 'float32' &&
    (values instanceof Int32Array || values instanceof Uint8Array)
  ) {
    return Float32Array.from(values);
  }
  throw new OneDnnError(
    'INVALID_TENSOR',
    `${name}: expected float32 data on the cpu backend, got ${tensor.dtype} (${values?.constructor.name ?? 'no values'})`,
  );
}

/**
 * Checks that every named array is a Float32Array as long as the first one, so a native pass
 * over them cannot read or write out of bounds; throws naming the function and the array.
 */
export function checkFlatArrays(where: string, arrays: Record<string, unknown>): void {
  const entries = Object.entries(arrays);
  const [firstName, first] = entries[0] as [string, Float32Array];
  for (const [name, array] of entries) {
    if (!(array instanceof Float32Array)) {
      throw new OneDnnError('INVALID_TENSOR', `${where}: ${name} must be a Float32Array`);
    }
    if (array.length !== first.length) {
      throw new OneDnnError(
        'INVALID_TENSOR',
        `${where}: ${name} has ${array.length} elements, expected ${first.length} (the length of ${firstName})`,
      );
    }
  }
}
