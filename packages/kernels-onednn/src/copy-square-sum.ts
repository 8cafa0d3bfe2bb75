import { OneDnnError } from './errors.js';
import { loadAddon } from './native.js';

/**
 * Copies `source` into `target` and returns Σ source² (each term exact in float64), in one
 * OpenMP-threaded native pass: flattening a model's gradients and taking their squared norm
 * together. The sum's association depends on the thread count only (fixed per process).
 * Returns null, touching nothing, when the addon is not loaded (the caller runs its own loop).
 */
export function copySquareSum(source: Float32Array, target: Float32Array): number | null {
  for (const [name, array] of Object.entries({ source, target })) {
    if (!(array instanceof Float32Array)) {
      throw new OneDnnError('INVALID_TENSOR', `copySquareSum: ${name} must be a Float32Array`);
    }
  }
  if (target.length !== source.length) {
    throw new OneDnnError(
      'INVALID_TENSOR',
      `copySquareSum: target has ${target.length} elements, expected ${source.length} (the length of source)`,
    );
  }
  const loaded = loadAddon();
  return loaded.ok ? loaded.addon.copySquareSum(source, target) : null;
}
