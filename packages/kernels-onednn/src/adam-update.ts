import { OneDnnError } from './errors.js';
import { loadAddon } from './native.js';
import { checkFlatArrays } from './tensor-data.js';

/** Adam's hyperparameters and its step count t (PyTorch's state['step'] after this update). */
export interface AdamUpdateOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** t ≥ 1: the number of this update, counting from 1. */
  step: number;
  weightDecay: number;
  /** false: PyTorch Adam(weight_decay) — λθ added to the gradient. true: AdamW. */
  decoupledWeightDecay: boolean;
}

/**
 * One torch.optim.Adam / AdamW step over flat arrays, updating `parameters`, `firstMoment` and
 * `secondMoment` in place (Kingma & Ba 2015, algorithm 1; Loshchilov & Hutter 2019 for AdamW):
 *   g ← g + λθ (Adam only);  θ ← θ(1 − ηλ) (AdamW only)
 *   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 * in float64 arithmetic stored to float32, one OpenMP-threaded native pass. The scalar factors
 * are computed here with the same JavaScript expressions as @ranker/model's `Adam.apply`, and
 * the native loop repeats that loop's operations in order, so the two agree bit for bit.
 * Returns false, touching nothing, when the addon is not loaded (the caller runs its own loop).
 */
export function adamUpdateInPlace(
  parameters: Float32Array,
  gradients: Float32Array,
  firstMoment: Float32Array,
  secondMoment: Float32Array,
  options: AdamUpdateOptions,
): boolean {
  checkFlatArrays('adamUpdateInPlace', { parameters, gradients, firstMoment, secondMoment });
  const { step } = options;
  if (!Number.isInteger(step) || step < 1) {
    throw new OneDnnError(
      'INVALID_TENSOR',
      `adamUpdateInPlace: step = ${step}, expected an integer ≥ 1 (the number of this update)`,
    );
  }
  const loaded = loadAddon();
  if (!loaded.ok) return false;
  const { beta1, beta2, epsilon, learningRate: lr, weightDecay, decoupledWeightDecay } = options;
  loaded.addon.adamUpdateInPlace(
    [
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      decoupledWeightDecay ? 0 : weightDecay,
      decoupledWeightDecay ? 1 - lr * weightDecay : 1,
      lr / (1 - beta1 ** step),
      Math.sqrt(1 - beta2 ** step),
      epsilon,
    ],
    parameters,
    gradients,
    firstMoment,
    secondMoment,
  );
  return true;
}
