import { toPairBatch } from './epoch-plan.js';
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

/** Pairs evaluated per model call: bounds memory for large validation sets. */
const CHUNK = 64;

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

/** Scores the held-out samples (BN in inference mode) and measures how well they rank. */
export function evaluateValidation(
  model: TrainableModel,
  samples: TrainingSample[],
): ValidationMetrics {
  const scores = Float64Array.from(scoreSamples(model, samples));
  const pairs = allValidationPairs(samples);
  let lossSum = 0;
  for (let start = 0; start < pairs.length; start += CHUNK) {
    const chunk = pairs.slice(start, start + CHUNK);
    lossSum += model.evaluateLoss(toPairBatch(samples, chunk)) * chunk.length;
  }
  const angles = samples.map((s) => s.angleDeg);
  return {
    loss: pairs.length === 0 ? Number.NaN : lossSum / pairs.length,
    pairwiseAccuracy: pairwiseAccuracy(scores, angles),
    spearman: spearman(scores, angles),
  };
}
