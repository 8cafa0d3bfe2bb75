import { marginRankingLossFromScores } from '@ranker/model';
import type { IndexPair, TrainableModel, TrainingSample } from './model-port.js';
import { pairwiseAccuracy, spearman } from './ranking-metrics.js';
import { scoreSamples } from './score-samples.js';

export interface ValidationMetrics {
  /** Mean inference-mode margin-ranking loss over all pairs of different angles. */
  loss: number;
  pairwiseAccuracy: number;
  /** Spearman between score and angle; NaN when undefined. */
  spearman: number;
}

/** Every pair i < j of different angles, targeted by the angle order. */
export function allValidationPairs(samples: TrainingSample[]): IndexPair[] {
  const pairs: IndexPair[] = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const order = Math.sign(samples[i].angleDeg - samples[j].angleDeg);
      if (order !== 0) pairs.push({ left: i, right: j, target: order as 1 | -1 });
    }
  }
  return pairs;
}

/**
 * Scores the held-out samples (BN in inference mode) and measures how well they rank; the loss
 * of every pair comes from those scores (`margin`: the run's), one forward pass per sample.
 */
export function evaluateValidation(
  model: TrainableModel,
  samples: TrainingSample[],
  margin: number,
): ValidationMetrics {
  const scores = Float64Array.from(scoreSamples(model, samples));
  const angles = samples.map((s) => s.angleDeg);
  return {
    loss: marginRankingLossFromScores(scores, allValidationPairs(samples), margin),
    pairwiseAccuracy: pairwiseAccuracy(scores, angles),
    spearman: spearman(scores, angles),
  };
}
