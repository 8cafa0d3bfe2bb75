import { loadAddon } from './native.js';
import { checkFlatArrays } from './tensor-data.js';

/**
 * Copies `source` into `target` and returns Σ source² (each term exact in float64), in one
 * OpenMP-threaded native pass: flattening a model's gradients and taking their squared norm
 * together. The sum's association depends on the thread count only (fixed per process).
 * Returns null, touching nothing, when the addon is not loaded (the caller runs its own loop).
 */
export function copySquareSum(source: Float32Array, target: Float32Array): number | null {
  checkFlatArrays('copySquareSum', { source, target });
  const loaded = loadAddon();
  return loaded.ok ? loaded.addon.copySquareSum(source, target) : null;
}
