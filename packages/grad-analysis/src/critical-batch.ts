import type { CriticalBatchReading, NoiseScaleEstimate } from './types.js';

/**
 * Reading of the noise scale against the batch size in use (McCandlish et al. 2018, §2.2–2.3):
 * B_simple estimates B_noise, the batch size around which the trade-off between number of steps
 * and examples processed turns; with the optimal learning rate ε_opt(B) = ε_max/(1 + B_noise/B)
 * (eq. 2.7), the fraction ε_opt/ε_max tells how far the current batch is from the noise-free regime.
 * This is a suggestion: B_simple assumes a well-conditioned (H ∝ I) loss and changes during training.
 */
export function readCriticalBatch(
  noiseScale: Pick<NoiseScaleEstimate, 'bSimple' | 'status' | 'undefinedReason'>,
  batchSize: number,
): CriticalBatchReading {
  const { bSimple: bNoise, status, undefinedReason } = noiseScale;
  if (bNoise === null) {
    return {
      batchSize,
      bNoise: null,
      learningRateFraction: null,
      status: 'undefined',
      undefinedReason,
      suggestion: `B_simple is undefined at this probe (${undefinedReason}); no batch-size reading.`,
    };
  }
  const usable = bNoise > 0;
  const learningRateFraction = usable ? 1 / (1 + bNoise / batchSize) : null;
  const b = bNoise.toPrecision(3);
  let suggestion: string;
  if (learningRateFraction === null) {
    suggestion = `B_simple = ${b} is not positive: the estimate is dominated by noise at this probe; collect more batches before reading it.`;
  } else if (bNoise > batchSize) {
    suggestion =
      `B_simple ≈ ${b} examples is above the batch size ${batchSize}: the paper's model suggests larger batches ` +
      `(towards ~${Math.round(bNoise)}) would cut the number of steps nearly proportionally at little extra ` +
      `cost in examples; if you do, scale the learning rate as ε_opt(B) = ε_max/(1 + B_noise/B) ` +
      `(now ε_opt ≈ ${learningRateFraction.toFixed(2)}·ε_max).`;
  } else {
    suggestion =
      `B_simple ≈ ${b} examples is at or below the batch size ${batchSize}: the paper's model suggests larger ` +
      `batches would mostly spend more examples per step for little gain; the learning rate is already near ` +
      `ε_max (ε_opt ≈ ${learningRateFraction.toFixed(2)}·ε_max).`;
  }
  return { batchSize, bNoise, learningRateFraction, status, undefinedReason: null, suggestion };
}
