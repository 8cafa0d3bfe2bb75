import type { AdamUpdateOptions } from '../src/index.js';

/**
 * The reference for adamUpdateInPlace: @ranker/model's Adam.apply loop, written out from
 * torch.optim.Adam/AdamW's formulas (float64 arithmetic, float32 storage). The native pass must
 * match it bit for bit; bench/adam-update.ts times it as the JavaScript baseline.
 */
export function referenceAdamStep(
  theta: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  o: AdamUpdateOptions,
): void {
  const { beta1, beta2, epsilon, learningRate: lr } = o;
  const l2 = o.decoupledWeightDecay ? 0 : o.weightDecay;
  const shrink = o.decoupledWeightDecay ? 1 - lr * o.weightDecay : 1;
  const stepSize = lr / (1 - beta1 ** o.step);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** o.step);
  for (let i = 0; i < theta.length; i++) {
    const t = theta[i] as number;
    const g = (grad[i] as number) + l2 * t;
    const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
    const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    theta[i] = t * shrink - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
}

/** Deterministic values spread over several magnitudes and both signs, with exact zeros. */
export function spreadValues(length: number, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, (_, i) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    if (i % 97 === 5) return 0;
    return scale * (state / 2 ** 32 - 0.5) * 10 ** ((state % 5) - 2);
  });
}

/** PyTorch's defaults with weight decay 1e-2 at update `step`. */
export function adamOptions(step: number, decoupledWeightDecay: boolean): AdamUpdateOptions {
  return {
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    step,
    weightDecay: 1e-2,
    decoupledWeightDecay,
  };
}
