import type { CriticalBatchReading, NoiseScaleEstimate } from './types.js';

export interface CriticalBatchOptions {
  /** The largest batch the data allow (e.g. training pairs per epoch); suggestions stay ≤ it. */
  maxBatchSize?: number;
}

/**
 * Reading of the noise scale against the batch size in use (McCandlish et al. 2018, §2.2–2.3):
 * B_simple estimates B_noise, the batch size around which the trade-off between number of steps
 * and examples processed turns; with the optimal learning rate ε_opt(B) = ε_max/(1 + B_noise/B)
 * (eq. 2.7), the fraction ε_opt/ε_max tells how far the current batch is from the noise-free regime.
 * A change of batch size is suggested only when the interval excludes B (its low end > B: larger;
 * its high end < B: smaller), and never past `maxBatchSize`. This is a suggestion: B_simple assumes
 * a well-conditioned (H ∝ I) loss and changes during training.
 */
export function readCriticalBatch(
  noiseScale: Pick<NoiseScaleEstimate, 'bSimple' | 'status' | 'undefinedReason'> &
    Partial<Pick<NoiseScaleEstimate, 'interval'>>,
  batchSize: number,
  options: CriticalBatchOptions = {},
): CriticalBatchReading {
  const { bSimple: bNoise, status, undefinedReason } = noiseScale;
  const interval = noiseScale.interval ?? null;
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
  const B = formatSize(batchSize);
  let suggestion: string;
  if (learningRateFraction === null) {
    suggestion = `B_simple = ${b} is not positive: the estimate is dominated by noise at this probe; collect more batches before reading it.`;
  } else {
    const lr = `ε_opt(B) = ε_max/(1 + B_noise/B) ≈ ${learningRateFraction.toFixed(2)}·ε_max now`;
    if (interval === null) {
      suggestion = `B_simple ≈ ${b} examples has no interval at this probe, so no change of the batch size ${B} is indicated (${lr}).`;
    } else {
      const range =
        interval.high === null
          ? `B_simple ≥ ${interval.low.toPrecision(3)}`
          : `${interval.low.toPrecision(3)}…${interval.high.toPrecision(3)}`;
      const stated = `B_simple ≈ ${b} examples (${interval.level * 100}% interval ${range})`;
      if (interval.low > batchSize) {
        const max = options.maxBatchSize;
        const target =
          max !== undefined && max <= batchSize
            ? null
            : max !== undefined && max < bNoise
              ? `up to ${formatSize(max)}, the largest the data allow`
              : `towards ~${Math.round(bNoise)}`;
        suggestion =
          target === null
            ? `${stated} is above the batch size ${B}, which is already the largest the data allow (${formatSize(max as number)}): no larger batch is possible (${lr}).`
            : `${stated} is above the batch size ${B}: the paper's model suggests larger batches (${target}) would cut the number of steps nearly proportionally at little extra cost in examples; if you do, scale the learning rate as ${lr}.`;
      } else if (interval.high !== null && interval.high < batchSize) {
        suggestion = `${stated} is below the batch size ${B}: the paper's model suggests smaller batches would spend fewer examples for nearly the same progress per example; the learning rate is near ε_max (${lr}).`;
      } else {
        suggestion = `${stated}: the interval includes the batch size ${B}: no change indicated (${lr}).`;
      }
    }
  }
  return { batchSize, bNoise, learningRateFraction, status, undefinedReason: null, suggestion };
}

function formatSize(size: number): string {
  return Number.isInteger(size) ? String(size) : size.toPrecision(4);
}
