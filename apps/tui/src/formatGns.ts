import type { ConfidenceInterval, NoiseScaleEstimate } from '@ranker/grad-analysis';
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
  const value = `${formatNumber(noiseScale.bSimple)} pairs`;
  return noiseScale.status === 'negative' ? `${value} (${NEGATIVE_GNS_MEANING})` : value;
}

/**
 * A B_simple interval: "95% CI 12.3…45.6", or, when |G|² is not bounded away from 0 (the
 * probe's interval `kind: 'lower-bound'`, `high: null`), "95% lower bound ≥ 12.3 (one-sided …)".
 * Written against the shape both before and after grad-analysis's `kind` field.
 */
export function formatInterval(interval: ConfidenceInterval): string {
  const i = interval as { level: number; low: number; high: number | null; kind?: string };
  const level = `${formatNumber(100 * i.level)}%`;
  if (i.kind === 'lower-bound' || i.high === null) {
    return `${level} one-sided: B_simple ≥ ${formatNumber(i.low)} pairs (|G|² may be 0, no upper bound)`;
  }
  const spansZero = i.low < 0 ? ' (reaches below 0: |G|² may be 0)' : '';
  return `${level} CI ${formatNumber(i.low)}…${formatNumber(i.high)}${spansZero}`;
}
