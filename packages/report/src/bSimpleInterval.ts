import type { NoiseScaleEstimate, ProbeAnalysis } from '@ranker/grad-analysis';

/**
 * The confidence interval of B_simple as the report states it, in the shape the coordinator fixed
 * for grad-analysis (HELPERS.md, issue 14): 'two-sided' [low, high], or 'lower-bound' B_simple ≥ low
 * (|G|² not bounded away from 0, so nothing bounds B_simple above). This reads the new fields
 * through a view instead of restating grad-analysis's types, so the report works with probe files
 * written before and after grad-analysis gained them (files without `kind` are two-sided; the
 * reader, probeRecord.ts, has validated every field).
 */
export type IntervalKind = 'two-sided' | 'lower-bound';

export interface BSimpleInterval {
  level: number;
  kind: IntervalKind;
  low: number;
  /** null exactly when kind is 'lower-bound'. */
  high: number | null;
  method: string;
  /** grad-analysis's reason for a one-sided (or missing) interval; null when two-sided. */
  note: string | null;
  /** How the interval's inner products were obtained; null in files that did not record it. */
  path: 'exact' | 'sketch' | null;
}

interface ContractFields {
  intervalNote?: string | null;
  path?: 'exact' | 'sketch' | null;
}

export function bSimpleInterval(ns: NoiseScaleEstimate): BSimpleInterval | null {
  const extra = ns as unknown as ContractFields;
  const ci = ns.interval as unknown as {
    level: number;
    kind?: IntervalKind;
    low: number;
    high: number | null;
    method: string;
  } | null;
  if (!ci) return null;
  const kind = ci.kind ?? 'two-sided';
  return {
    level: ci.level,
    kind,
    low: ci.low,
    high: kind === 'lower-bound' ? null : ci.high,
    method: ci.method,
    note: extra.intervalNote ?? null,
    path: extra.path ?? null,
  };
}

/** Why the interval is one-sided or absent (grad-analysis's words), null when it is two-sided. */
export function intervalNote(ns: NoiseScaleEstimate): string | null {
  return (ns as unknown as ContractFields).intervalNote ?? null;
}

/** Examples per probe batch as recorded (contract of issue 14); older files: B for each batch. */
export function batchSizesOf(probe: ProbeAnalysis): number[] {
  const sizes = (probe as unknown as { batchSizes?: number[] }).batchSizes;
  return sizes ?? new Array<number>(probe.batches).fill(probe.batchSize);
}
