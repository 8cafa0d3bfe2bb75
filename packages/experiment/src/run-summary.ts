import type { ProbeRecord, SweepEpoch } from '@ranker/report';

/** One completed epoch, with the optimisation work done up to its end (the comparison's shape). */
export type EpochSummary = SweepEpoch;

/** What a run amounts to, small enough to travel as a queue job's result (no gradients). */
export interface RunSummary {
  runId: string;
  /** Absolute path of the run directory on the machine that ran it. */
  runDir: string;
  status: 'completed' | 'interrupted' | 'failed';
  /** Pairs per optimisation step (B). */
  batchSize: number;
  /** Pairs per epoch: each training sample once as `left` (docs/architecture.md). */
  trainPairsPerEpoch: number;
  /** Completed epochs, ascending. */
  epochs: EpochSummary[];
  /** Probe records of the completed analysis epochs, ascending. */
  probes: ProbeRecord[];
}

/**
 * Steps and examples to the end of `epoch`: an epoch is `trainPairs` pairs cut into batches of
 * at most `batchSize`, the last one short (the trainer's `planEpoch`, PyTorch's drop_last=false).
 */
export function workDone(
  epoch: number,
  trainPairs: number,
  batchSize: number,
): { steps: number; examples: number } {
  return { steps: epoch * Math.ceil(trainPairs / batchSize), examples: epoch * trainPairs };
}
