import type { NativeArrayOps } from './native-arrays.js';

/**
 * A native in-place Adam pass over the same flat arrays: same formulas and operation order as
 * {@link Adam.apply}'s loop, bit-identical results; returns false, touching nothing, when its
 * addon is not loaded.
 */
export type NativeAdamUpdate = NativeArrayOps['adamUpdate'];

export interface AdamOptions {
  learningRate: number;
  weightDecay: number;
  /** false: PyTorch Adam(weight_decay) — L2, decay·θ added to the gradient. true: AdamW. */
  decoupledWeightDecay: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Used by {@link Adam.apply} instead of the JavaScript loop when given and it runs. */
  native?: NativeAdamUpdate | null;
}

/**
 * Adam (Kingma & Ba 2015, algorithm 1) exactly as torch.optim.Adam / AdamW compute it:
 *   g ← g + λθ (Adam only);  θ ← θ(1 − ηλ) (AdamW only, Loshchilov & Hutter 2019)
 *   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 * on flat Float32Arrays (parameters, gradients and moments in the same layout), one fused loop
 * with float64 arithmetic: a dozen separate tensor ops over 11 M parameters cost more than the
 * convolutions' packing on the wasm backend. With a `native` update (cpu-onednn) the same loop
 * runs threaded in C++, bit-identical.
 */
export class Adam {
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly decoupledWeightDecay: boolean;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Number of updates applied (PyTorch's state['step']). */
  step = 0;
  readonly firstMoment: Float32Array;
  readonly secondMoment: Float32Array;
  readonly native: NativeAdamUpdate | null;

  constructor(size: number, options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.weightDecay = options.weightDecay;
    this.decoupledWeightDecay = options.decoupledWeightDecay;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.firstMoment = new Float32Array(size);
    this.secondMoment = new Float32Array(size);
    this.native = options.native ?? null;
  }

  /** Updates `parameters` in place with `gradients` (same length and layout). */
  apply(parameters: Float32Array, gradients: Float32Array): void {
    this.step += 1;
    if (this.native?.(parameters, gradients, this.firstMoment, this.secondMoment, this)) return;
    const { beta1, beta2, epsilon, learningRate: lr, firstMoment: m, secondMoment: v } = this;
    const l2 = this.decoupledWeightDecay ? 0 : this.weightDecay;
    const shrink = this.decoupledWeightDecay ? 1 - lr * this.weightDecay : 1;
    const stepSize = lr / (1 - beta1 ** this.step);
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** this.step);
    for (let i = 0; i < parameters.length; i++) {
      const theta = parameters[i];
      const g = gradients[i] + l2 * theta;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      parameters[i] =
        theta * shrink - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
    }
  }
}
