import type { ConfidenceInterval, NoiseScaleEstimate } from '@ranker/grad-analysis';
import { formatBSimple } from '@ranker/report';
import { formatNumber } from './format.js';

/** What a negative B_simple means, in words (McCandlish et al. 2018, App. A: unbiased |G|² can be < 0). */
export const NEGATIVE_GNS_MEANING =
  'negative: |G|² estimated below 0, the noise swamps the mean gradient (B_simple large, not measured)';

/**
 * A probe's B_simple = tr(Σ)/|G|² as shown to users: "12.3 pairs", a negative estimate with the
 * word on what it means, or "undefined (reason)" with grad-analysis's own reason (e.g. every batch
 * gradient exactly zero because every pair is beyond the margin). The TUI only formats.
 */
export function formatGns(
  noiseScale: Pick<NoiseScaleEstimate, 'bSimple' | 'status' | 'undefinedReason'>,
): string {
  if (noiseScale.bSimple === null) {
    return `undefined (${noiseScale.undefinedReason ?? 'older probe file without a status'})`;
  }
  const value = `${formatBSimple(noiseScale.bSimple)} pairs`; // the report's format: one owner
  return noiseScale.status === 'negative' ? `${value} (${NEGATIVE_GNS_MEANING})` : value;
}

/**
 * A B_simple interval: "95% CI 12.3…45.6", or, when |G|² is not bounded away from 0
 * (`kind: 'lower-bound'`, `high: null`), "95% one-sided: B_simple ≥ 12.3 pairs (no upper
 * bound: …)" with grad-analysis's own `intervalNote` when given.
 */
export function formatInterval(interval: ConfidenceInterval, note: string | null = null): string {
  const level = `${formatNumber(100 * interval.level)}%`;
  if (interval.kind === 'lower-bound' || interval.high === null) {
    return `${level} one-sided: B_simple ≥ ${formatBSimple(interval.low)} pairs (no upper bound: ${note ?? '|G|² may be 0'})`;
  }
  const spansZero = interval.low < 0 ? ' (reaches below 0: |G|² may be 0)' : '';
  return `${level} CI ${formatBSimple(interval.low)}…${formatBSimple(interval.high)}${spansZero}`;
}
