import type * as OneDnn from '@ranker/kernels-onednn';

/**
 * Native passes over flat Float32Arrays that come with the cpu-onednn backend (kernels-onednn),
 * each returning false/null, touching nothing, when its addon is not loaded. Type-only imports:
 * the package itself stays optional at run time (backend.ts loads it).
 */
export interface NativeArrayOps {
  /** Adam in place, bit-identical to the JavaScript loop of Adam.apply. */
  adamUpdate: typeof OneDnn.adamUpdateInPlace;
  /** Copy and Σ source² in float64: the gradient flatten. */
  copySquareSum: typeof OneDnn.copySquareSum;
}

let active: NativeArrayOps | null = null;

/** Set by backend selection: kernels-onednn's passes on cpu-onednn, null on other backends. */
export function useNativeArrayOps(ops: NativeArrayOps | null): void {
  active = ops;
}

/** The native passes for the backend selected last, or null. */
export function nativeArrayOps(): NativeArrayOps | null {
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
  native: NativeArrayOps | null,
): number {
  const nativeSum = native?.copySquareSum(source, target);
  if (nativeSum != null) return nativeSum;
  target.set(source);
  let sum = 0;
  for (let i = 0; i < source.length; i++) sum += source[i] * source[i];
  return sum;
}
