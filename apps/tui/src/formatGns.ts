import type { NoiseScaleEstimate } from '@ranker/grad-analysis';
import { formatNumber } from './format.js';

/**
 * A probe's B_simple = tr(Σ)/|G|² as shown to users: "12.3 pairs", a negative estimate with its
 * parts, or "undefined (reason)" with grad-analysis's own reason (e.g. every batch gradient exactly
 * zero because every pair is beyond the margin). The TUI only formats; it decides nothing.
 */
export function formatGns(
  noiseScale: Pick<
    NoiseScaleEstimate,
    'bSimple' | 'status' | 'undefinedReason' | 'gradientNormSquared' | 'traceCovariance'
  >,
): string {
  if (noiseScale.bSimple === null) {
    return `undefined (${noiseScale.undefinedReason ?? 'older probe file without a status'})`;
  }
  const value = `${formatNumber(noiseScale.bSimple)} pairs`;
  if (noiseScale.status !== 'negative') return value;
  return `${value} (negative estimate: |G|² ${formatNumber(noiseScale.gradientNormSquared)}, tr(Σ) ${formatNumber(noiseScale.traceCovariance)}; noise dominates)`;
}
