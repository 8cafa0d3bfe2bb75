import type { TensorInfo } from '@tensorflow/tfjs-core';
import { OneDnnError } from './errors.js';

/**
 * Runs a call into the addon, turning its failures (oneDNN refusing a geometry, an array of the
 * wrong length) into a OneDnnError that names the kernel and the shapes it was given.
 */
export function runNative(
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  call: () => void,
): void {
  try {
    call();
  } catch (error) {
    const shapes = Object.entries(inputs)
      .map(([name, tensor]) => `${name} [${tensor.shape.join(', ')}]`)
      .join(', ');
    const message = error instanceof Error ? error.message : String(error);
    throw new OneDnnError('NATIVE_FAILURE', `${kernelName} (${shapes}): ${message}`);
  }
}
