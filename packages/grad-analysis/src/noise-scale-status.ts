import type { NoiseScaleStatus } from './types.js';

/** A ratio tr(Σ)/|G|² classified: a finite number, or null with the reason it is undefined. */
export interface NoiseScaleRatio {
  value: number | null;
  status: NoiseScaleStatus;
  undefinedReason: string | null;
}

/**
 * B_simple = tr(Σ)/|G|² with an explicit "undefined, and why" instead of NaN/±Infinity
 * (JSON cannot carry them faithfully). |G|² = 0 makes the ratio undefined: 0/0 when every batch
 * gradient is exactly zero (e.g. every ranking pair of the probe beyond the margin of the
 * margin-ranking loss, whose loss and gradient are then exactly 0), division by zero when one batch
 * gradient is non-zero (no pair of distinct batches has a non-zero inner product) or |G|² is 0.
 * A finite ratio with a negative part is returned as is with status 'negative' (never clamped).
 */
export function classifyNoiseScale(
  traceCovariance: number,
  gradientNormSquared: number,
  zeroGradientBatches: number,
  batches: number,
): NoiseScaleRatio {
  const undefinedRatio = (undefinedReason: string): NoiseScaleRatio => ({
    value: null,
    status: 'undefined',
    undefinedReason,
  });
  if (!Number.isFinite(traceCovariance) || !Number.isFinite(gradientNormSquared)) {
    return undefinedRatio(
      `the estimates are not finite (tr(Σ) = ${traceCovariance}, |G|² = ${gradientNormSquared})`,
    );
  }
  if (zeroGradientBatches === batches) {
    return undefinedRatio(
      `all ${batches} batch gradients are exactly zero (e.g. every pair beyond the margin): tr(Σ)/|G|² is 0/0`,
    );
  }
  // With at most one non-zero batch every cross product ⟨g_i, g_j⟩ (i ≠ j) is 0, so the |G|²
  // estimate is 0 in exact arithmetic even when rounding in the two-batch-size form leaves ~1e-16.
  if (gradientNormSquared === 0 || batches - zeroGradientBatches === 1) {
    return undefinedRatio(
      `the |G|² estimate is exactly 0 (${zeroGradientBatches} of ${batches} batch gradients exactly zero): tr(Σ)/|G|² divides by zero`,
    );
  }
  const value = traceCovariance / gradientNormSquared;
  return {
    value,
    status: gradientNormSquared < 0 || traceCovariance < 0 ? 'negative' : 'ok',
    undefinedReason: null,
  };
}

/** How many |g_i|² are exactly zero. */
export function countZeroGradients(normsSquared: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < normsSquared.length; i++) if (normsSquared[i] === 0) zeros++;
  return zeros;
}
