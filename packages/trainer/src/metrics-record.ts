/** One line of `metrics.jsonl` per optimisation step. */
export interface BatchMetric {
  type: 'batch';
  epoch: number;
  /** Optimisation steps since the start of the run, 1-based. */
  step: number;
  /** Index of the batch within its epoch, 0-based. */
  batchIndex: number;
  /** Mean margin-ranking loss over the batch's pairs (before the update). */
  loss: number;
  /** Squared L2 norm of the batch gradient (without weight decay). */
  gradientNormSquared: number;
}

/** One line of `metrics.jsonl` per completed epoch. */
export interface EpochMetric {
  type: 'epoch';
  epoch: number;
  /** Pair-weighted mean of the epoch's batch losses. */
  trainLoss: number;
  /** Mean inference-mode margin-ranking loss over all validation pairs of different angles. */
  validationLoss: number;
  /** Fraction of validation pairs of different angles ordered correctly (ties count ½). */
  pairwiseAccuracy: number;
  /** Spearman rank correlation of score and angle; null when undefined (constant ranks). */
  spearman: number | null;
  trainMs: number;
  validationMs: number;
  probeMs: number;
}

export type MetricRecord = BatchMetric | EpochMetric;
