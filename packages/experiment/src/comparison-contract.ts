// The comparison hand-off agreed with @ranker/report, declared here until report exports it
// (then this file is deleted and the imports point at '@ranker/report'): one file, no copies.
import type { Language, ProbeRecord } from '@ranker/report';
import * as report from '@ranker/report';

/** One cell of a sweep as the comparison report reads it. */
export interface SweepCellResult {
  /** e.g. 'frequency=1000,batch-size=2,seed=1' */
  cellId: string;
  /** This cell's grid values, flag name → value. */
  parameters: Record<string, string | number>;
  seed: number;
  status: 'completed' | 'failed' | 'interrupted';
  /** Where the run directory lives (worker-local when queued). */
  runDir: string | null;
  /** Pairs per step. */
  batchSize: number;
  trainPairsPerEpoch: number;
  /** Physical description of the condition (dsp's generator), or null for real data. */
  conditionNote: string | null;
  epochs: {
    epoch: number;
    steps: number;
    examples: number;
    trainLoss: number;
    validationLoss: number;
    pairwiseAccuracy: number;
    spearman: number | null;
  }[];
  probes: ProbeRecord[];
}

export interface SweepComparisonInput {
  sweepId: string;
  createdAt: string;
  spec: Record<string, unknown>;
  cells: SweepCellResult[];
}

export type RenderComparison = (
  input: SweepComparisonInput,
  outDir: string,
  options?: { lang?: Language },
) => Promise<{ reportPath: string; partial: boolean; problems: string[] }>;

/** @ranker/report's `renderComparison`, or null while the installed report lacks it. */
export const renderComparison: RenderComparison | null =
  ((report as Record<string, unknown>).renderComparison as RenderComparison | undefined) ?? null;
