import { adamLoop, TwoThreadAdamLoop } from './adam-loop.js';
import type { NativeOps } from './native-ops.js';

/**
 * A native in-place Adam pass over the same flat arrays: same formulas and operation order as
 * {@link Adam.apply}'s loop, bit-identical results; returns false, touching nothing, when its
 * addon is not loaded.
 */
export type NativeAdamUpdate = NativeOps['adamUpdate'];

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
 * runs threaded in C++; otherwise, for a million parameters or more on shared arrays, on two
 * JavaScript threads (adam-loop.ts). Both are bit-identical to the one-thread loop.
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
  private twoThreads: TwoThreadAdamLoop | null = null;

  constructor(size: number, options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.weightDecay = options.weightDecay;
    this.decoupledWeightDecay = options.decoupledWeightDecay;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    // Shared, so that a helper thread can update half of them (adam-loop.ts).
    this.firstMoment = new Float32Array(new SharedArrayBuffer(4 * size));
    this.secondMoment = new Float32Array(new SharedArrayBuffer(4 * size));
    this.native = options.native ?? null;
  }

  /** Updates `parameters` in place with `gradients` (same length and layout). */
  apply(parameters: Float32Array, gradients: Float32Array): void {
    this.step += 1;
    if (this.native?.(parameters, gradients, this.firstMoment, this.secondMoment, this)) return;
    const { beta1, beta2, epsilon, learningRate: lr, firstMoment: m, secondMoment: v } = this;
    const scalars = Float64Array.of(
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      this.decoupledWeightDecay ? 0 : this.weightDecay,
      this.decoupledWeightDecay ? 1 - lr * this.weightDecay : 1,
      lr / (1 - beta1 ** this.step),
      Math.sqrt(1 - beta2 ** this.step),
      epsilon,
    );
    if (this.twoThreads?.parameters !== parameters || this.twoThreads.gradients !== gradients) {
      void this.twoThreads?.dispose();
      this.twoThreads = TwoThreadAdamLoop.create(parameters, gradients, m, v);
    }
    if (this.twoThreads !== null) this.twoThreads.run(scalars);
    else adamLoop(parameters, gradients, m, v, scalars, 0, parameters.length);
  }

  /** JavaScript threads the last update ran on: 2 with the helper thread, else 1. */
  get threads(): 1 | 2 {
    return this.twoThreads === null ? 1 : 2;
  }

  /**
   * Stops the helper thread, if one was started; resolves once it has stopped, so that a caller
   * about to exit the process can wait for it (no thread left inside the update at exit).
   */
  dispose(): Promise<void> {
    const stopping = this.twoThreads?.dispose() ?? Promise.resolve();
    this.twoThreads = null;
    return stopping;
  }
}
