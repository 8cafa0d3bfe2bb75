import type * as OneDnn from '@ranker/kernels-onednn';
import type { BatchStatisticsNorm } from './batch-norm.js';

/**
 * The kernels-onednn functions the model calls itself when the cpu-onednn backend is selected
 * (kernel registration cannot reach a composite op or an optimiser). The array passes return
 * false/null, touching nothing, when the addon is not loaded. Type-only imports: the package
 * itself stays optional at run time (backend.ts loads it).
 */
export interface NativeOps {
  /** Training-mode batch norm in threaded native passes (kernels-onednn's batchNormTraining). */
  batchNorm: BatchStatisticsNorm;
  /** Adam in place, bit-identical to the JavaScript loop of Adam.apply. */
  adamUpdate: typeof OneDnn.adamUpdateInPlace;
  /** Copy and Σ source² in float64: the gradient flatten. */
  copySquareSum: typeof OneDnn.copySquareSum;
}

let active: NativeOps | null = null;

/** Set by backend selection: kernels-onednn's functions on cpu-onednn, null on other backends. */
export function useNativeOps(ops: NativeOps | null): void {
  active = ops;
}

/** The native functions for the backend selected last, or null. */
export function nativeOps(): NativeOps | null {
  return active;
}

/**
 * Copies `source` into `target` and returns Σ source² in float64: with `native`'s pass where
 * cpu-onednn loaded it, else in JavaScript (a bulk copy and a tight sum loop run about twice as
 * fast in V8 as one loop doing both).
 */
export function copySquareSum(
  source: Float32Array,
  target: Float32Array,
  native: NativeOps | null,
): number {
  const nativeSum = native?.copySquareSum(source, target);
  if (nativeSum != null) return nativeSum;
  target.set(source);
  let sum = 0;
  for (let i = 0; i < source.length; i++) sum += source[i] * source[i];
  return sum;
}
