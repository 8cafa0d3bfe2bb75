import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { loadAddon } from './native.js';
import { floatValues } from './tensor-data.js';

/** The AdamOptimizer state this subclass reads (private in tfjs's typings, present at runtime). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * tfjs's AdamOptimizer with each variable's update fused into one native pass (native/adam.h)
 * when the backend is `cpu` and the addon loads; otherwise exactly the parent's update. It keeps
 * the parent's state (moments named `<variable>/m`, `/v`, β powers), so getWeights/setWeights,
 * serialisation and a switch between the two paths mid-training all work.
 */
/** The parent's parameter type (tfjs does not export NamedTensor from its index). */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

export class OneDnnAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const loaded = loadAddon();
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const allFloat = entries.every(
      ([, gradient]) => gradient == null || gradient.dtype === 'float32',
    );
    if (!loaded.ok || tf.getBackend() !== 'cpu' || !allFloat) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const backend = tf.backend() as MathBackendCPU;
    // 1 − βᵗ in float32, as tfjs's sub(1, accBeta) gives it.
    const oneMinus = (v: tf.Variable) => Math.fround(1 - (v.dataSync()[0] as number));
    const scalars = [
      this.learningRate,
      this.beta1,
      this.beta2,
      this.epsilon,
      oneMinus(state.accBeta1),
      oneMinus(state.accBeta2),
      // tfjs computes 1 − β in double and rounds once (mul(gradient, 1 − beta1)).
      1 - this.beta1,
      1 - this.beta2,
    ];
    tf.tidy(() => {
      entries.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name] as tf.Variable;
        state.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        state.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = [0, 1, 2].map(() => new Float32Array(value.size));
        loaded.addon.adamUpdate(
          scalars,
          floatValues(backend, value, `Adam ${name}`),
          floatValues(backend, gradient, `Adam gradient of ${name}`),
          floatValues(backend, m, `Adam ${name}/m`),
          floatValues(backend, v, `Adam ${name}/v`),
          newValue as Float32Array,
          newM as Float32Array,
          newV as Float32Array,
        );
        m.assign(tf.tensor(newM as Float32Array, value.shape));
        v.assign(tf.tensor(newV as Float32Array, value.shape));
        value.assign(tf.tensor(newValue as Float32Array, value.shape));
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/** Like tf.train.adam (same defaults; ε defaults to the backend's epsilon), fused on cpu. */
export function oneDnnAdam(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon?: number,
): OneDnnAdamOptimizer {
  return new OneDnnAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
