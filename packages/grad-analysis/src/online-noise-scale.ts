import { GradAnalysisError } from './errors.js';
import { twoBatchSizeEstimate } from './noise-scale.js';
import { classifyNoiseScale } from './noise-scale-status.js';
import { createSweepMemory, STAGING_CHUNK_VALUES, SweepLayout } from './sweep-memory.js';
import type { OnlineNoiseScaleSummary } from './types.js';

export interface OnlineNoiseScaleOptions {
  parameterCount: number; // D
  beta?: number; // EMA decay per estimate (default 0.9)
}

export interface OnlineNoiseScale {
  /** Add the gradient of one training step (batch of `batchSize` examples). */
  add(gradient: Float32Array, batchSize: number): void;
  readonly steps: number;
  /** Needs at least 2 steps (one pair); throws `too-few-batches` otherwise. */
  summary(): OnlineNoiseScaleSummary;
}

export const ONLINE_NOISE_SCALE_ESTIMATOR =
  'B_simple ≈ EMA[tr(Σ)]/EMA[|G|²] (bias-corrected EMAs, ratio of EMAs as in k-diffusion / nanoGNS). ' +
  'Each step t ≥ 2 gives one two-batch-size estimate (McCandlish et al. 2018, App. A.1) with B_small = ' +
  'the steps’ batches and B_big = steps t−1 and t pooled; consecutive gradients are at slightly ' +
  'different weights, so this is an approximation of the fixed-weight probe. Units: examples.';

/**
 * Online gradient noise scale during training (moving weights). Only one batch gradient exists
 * per step, so the small/big pair is formed from consecutive steps: small = g_{t−1}, g_t (sizes
 * b_{t−1}, b_t), big = their example-weighted average (b_{t−1} + b_t examples). For equal sizes b
 * the App. A.1 estimators reduce to |G|² ≈ ⟨g_{t−1}, g_t⟩ and tr(Σ) ≈ b|g_t − g_{t−1}|²/2.
 * The estimates are noisy (often negative) one by one, so the |G|² and tr(Σ) estimates are
 * smoothed separately by EMAs with Adam-style bias correction 1/(1 − βⁿ) and their ratio is
 * reported (as k-diffusion's and nanoGNS's GNS trackers do). Memory: one copy of the previous
 * gradient (D floats), in the WebAssembly memory of the kernels that read it (|g_t|² and
 * ⟨g_{t−1}, g_t⟩ in one sweep, the gradient staged chunk by chunk as in the collector).
 */
export function createOnlineNoiseScale(options: OnlineNoiseScaleOptions): OnlineNoiseScale {
  const { parameterCount } = options;
  const beta = options.beta ?? 0.9;
  if (!Number.isInteger(parameterCount) || parameterCount < 1) {
    throw new GradAnalysisError(
      'invalid-option',
      `parameterCount must be a positive integer, got ${parameterCount}`,
    );
  }
  if (!(beta >= 0 && beta < 1)) {
    throw new GradAnalysisError('invalid-option', `beta must be in [0, 1), got ${beta}`);
  }
  const chunk = Math.min(STAGING_CHUNK_VALUES, parameterCount);
  const layout = new SweepLayout();
  const stageAt = layout.take(chunk * 4);
  const previousAt = layout.take(parameterCount * 4);
  const { buffer, kernels } = createSweepMemory(
    layout,
    `parameterCount ${parameterCount} (4 bytes of previous gradient per parameter)`,
  );
  const staged = new Float32Array(buffer, stageAt, chunk);
  const previous = new Float32Array(buffer, previousAt, parameterCount);
  let previousNorm = 0;
  let previousSize = 0;
  let steps = 0;
  let estimates = 0;
  let normEma = 0;
  let traceEma = 0;
  let zeroSteps = 0; // steps whose gradient is exactly zero

  return {
    add(gradient, batchSize) {
      if (!(gradient instanceof Float32Array) || gradient.length !== parameterCount) {
        throw new GradAnalysisError(
          'wrong-length',
          `step ${steps}: gradient must be a Float32Array of length ${parameterCount}, got ${gradient?.length}`,
        );
      }
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new GradAnalysisError(
          'invalid-batch-size',
          `step ${steps}: batchSize must be a positive integer, got ${batchSize}`,
        );
      }
      let norm = 0;
      let dot = 0;
      for (let from = 0; from < parameterCount; from += chunk) {
        const to = Math.min(from + chunk, parameterCount);
        staged.set(gradient.subarray(from, to));
        norm += kernels.sumSquaresF32(stageAt, to - from);
        dot += kernels.dotF32(stageAt, previousAt + from * 4, to - from);
      }
      // A NaN or ±Infinity makes the norm non-finite; nothing has changed yet.
      if (!Number.isFinite(norm)) {
        const j = gradient.findIndex((v) => !Number.isFinite(v));
        throw new GradAnalysisError(
          'non-finite',
          `step ${steps}: gradient[${j}] is ${gradient[j]}; every value must be finite`,
        );
      }
      if (norm === 0) zeroSteps++;
      if (steps > 0) {
        const big = previousSize + batchSize;
        const bigNorm =
          (previousSize ** 2 * previousNorm +
            2 * previousSize * batchSize * dot +
            batchSize ** 2 * norm) /
          big ** 2;
        const smallSize = 2 / (1 / previousSize + 1 / batchSize);
        const parts = twoBatchSizeEstimate((previousNorm + norm) / 2, smallSize, bigNorm, big);
        normEma = beta * normEma + (1 - beta) * parts.gradientNormSquared;
        traceEma = beta * traceEma + (1 - beta) * parts.traceCovariance;
        estimates++;
      }
      previous.set(gradient);
      previousNorm = norm;
      previousSize = batchSize;
      steps++;
    },
    get steps() {
      return steps;
    },
    summary() {
      if (estimates === 0) {
        throw new GradAnalysisError(
          'too-few-batches',
          `the online noise scale needs at least 2 training steps, got ${steps}`,
        );
      }
      const correction = 1 - beta ** estimates;
      const gradientNormSquaredEma = normEma / correction;
      const traceCovarianceEma = traceEma / correction;
      const ratio = classifyNoiseScale(
        traceCovarianceEma,
        gradientNormSquaredEma,
        zeroSteps,
        steps,
      );
      return {
        estimator: ONLINE_NOISE_SCALE_ESTIMATOR,
        beta,
        steps,
        estimates,
        gradientNormSquaredEma,
        traceCovarianceEma,
        bSimple: ratio.value,
        status: ratio.status,
        undefinedReason: ratio.undefinedReason,
      };
    },
  };
}
