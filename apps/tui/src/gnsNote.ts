import type { ProbeAnalysis } from '@ranker/grad-analysis';
import { formatNumber } from './format.js';

/**
 * Why a probe's B_simple = tr(Σ)/|G|² is not a usable number, or null when it is. Margin-ranking
 * loss is exactly 0 for pairs already beyond the margin, so late in training whole batches have
 * zero gradients and the ratio becomes 0/0 or x/0 — which must be said, not shown as a number.
 */
export function gnsNote(analysis: ProbeAnalysis): string | null {
  const { noiseScale, gradientNormsSquared } = analysis;
  const zero = gradientNormsSquared.filter((n) => n === 0).length;
  if (zero === gradientNormsSquared.length) {
    return 'undefined: every probe batch has zero loss and gradient (all pairs beyond the margin)';
  }
  if (Number.isFinite(noiseScale.bSimple) && !noiseScale.negative) return null;
  const zeros =
    zero > 0 ? `; ${zero} of ${gradientNormsSquared.length} batches have zero gradient` : '';
  if (noiseScale.negative) {
    return `negative estimate (|G|² ${formatNumber(noiseScale.gradientNormSquared)}, tr(Σ) ${formatNumber(noiseScale.traceCovariance)}): noise dominates${zeros}`;
  }
  return `undefined: the |G|² estimate is ${formatNumber(noiseScale.gradientNormSquared)}${zeros}`;
}
