import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  learningRate: number;
  weightDecay: number;
  /** false: PyTorch Adam(weight_decay) — L2, decay·θ added to the gradient. true: AdamW. */
  decoupledWeightDecay: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015, algorithm 1) exactly as torch.optim.Adam / AdamW compute it:
 *   g ← g + λθ (Adam only);  θ ← θ(1 − ηλ) (AdamW only, Loshchilov & Hutter 2019)
 *   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 * Moments live in tfjs variables next to the parameters they belong to.
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
  readonly firstMoments: tf.Variable[];
  readonly secondMoments: tf.Variable[];

  constructor(
    private readonly parameters: tf.Variable[],
    options: AdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.weightDecay = options.weightDecay;
    this.decoupledWeightDecay = options.decoupledWeightDecay;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.firstMoments = parameters.map((p) => tf.variable(tf.zerosLike(p), false));
    this.secondMoments = parameters.map((p) => tf.variable(tf.zerosLike(p), false));
  }

  /** Applies one update; `gradients[i]` belongs to `parameters[i]`. */
  apply(gradients: tf.Tensor[]): void {
    this.step += 1;
    const { beta1, beta2, learningRate: lr, weightDecay: wd } = this;
    // Bias corrections in float64 on the JS side, as PyTorch computes them in Python floats.
    const stepSize = lr / (1 - beta1 ** this.step);
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** this.step);
    tf.tidy(() => {
      this.parameters.forEach((theta, i) => {
        let g = gradients[i];
        let current: tf.Tensor = theta;
        if (wd !== 0 && !this.decoupledWeightDecay) g = tf.add(g, tf.mul(theta, wd));
        if (wd !== 0 && this.decoupledWeightDecay) current = tf.mul(theta, 1 - lr * wd);
        const m = tf.add(tf.mul(this.firstMoments[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.secondMoments[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        const denominator = tf.add(tf.div(tf.sqrt(v), sqrtCorrection2), this.epsilon);
        this.firstMoments[i].assign(m);
        this.secondMoments[i].assign(v);
        theta.assign(tf.sub(current, tf.mul(tf.div(m, denominator), stepSize)));
      });
    });
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments]);
  }
}
