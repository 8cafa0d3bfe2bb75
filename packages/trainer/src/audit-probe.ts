import { epochSeed, toPairBatch } from './epoch-plan.js';
import type { IndexPair, TrainableModel, TrainingSample } from './model-port.js';

/**
 * Evidence for the data audit, measured per training recording (README, "Data audit"): the
 * gradient of a recording's pairs with a fixed set of reference partners at the probe weights,
 * and every epoch's inference scores (for the ranking Area Under the Margin of
 * `@ranker/grad-analysis`). The trainer only measures; the consumer scores.
 */

/** `training.audit` (config.ts holds the default). */
export interface AuditConfig {
  /** Measure audit evidence (`auditRecording` at analysis epochs, `auditScores` every epoch). */
  enabled: boolean;
  /**
   * Reference partners per recording, a multiple of `training.batchSize` B; null = B (one
   * forward/backward pass of 2·B spectrograms per recording and analysis epoch).
   */
  partners: number | null;
}

/** Seed of the audit's partners: one draw for the whole run, so epochs are comparable. */
export function auditSeed(seed: number): number {
  return epochSeed(epochSeed(seed, 0), 0x61756474); // 'audt'
}

/** mulberry32 (Tommy Ettinger, public domain). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * For each recording r (by index), `partners` pairs (r, p) with p drawn uniformly from the
 * recordings of another (recorded) angle, without replacement while there are enough, then
 * again from all of them; `target` +1 when r has the larger angle. r is always `left`, so the
 * pairs are exactly "r against its reference set".
 */
export function planAuditPartners(angles: number[], partners: number, seed: number): IndexPair[][] {
  const random = uniform(seed);
  return angles.map((angle, r) => {
    const others = angles.flatMap((a, p) => (a === angle ? [] : [p]));
    const chosen: number[] = [];
    let pool: number[] = [];
    while (chosen.length < partners && others.length > 0) {
      if (pool.length === 0) pool = [...others];
      const k = Math.floor(random() * pool.length);
      chosen.push(pool[k]);
      pool.splice(k, 1);
    }
    return chosen.map((p) => ({ left: r, right: p, target: angle > angles[p] ? 1 : -1 }));
  });
}

/** One recording's audit gradient: the pair-weighted mean over its batches of B pairs. */
export interface RecordingGradient {
  loss: number;
  gradientNormSquared: number;
  /** The model's buffer (one batch) or this function's accumulator: valid until the next call. */
  gradient: Float32Array;
}

/**
 * Gradient of recording `pairs` (a multiple of B = `batchSize`) with `model.probeGradient`,
 * batch by batch of B pairs, i.e. 2·B spectrograms per pass with batch-norm batch statistics as
 * in training; several batches are averaged (equal sizes, so the mean of means is the mean over
 * pairs). `accumulator` (length D) is used when there is more than one batch.
 */
export function recordingGradient(
  model: TrainableModel,
  train: TrainingSample[],
  pairs: IndexPair[],
  batchSize: number,
  accumulator: Float32Array,
): RecordingGradient {
  const batches = pairs.length / batchSize;
  if (batches === 1) return model.probeGradient(toPairBatch(train, pairs));
  accumulator.fill(0);
  let loss = 0;
  for (let b = 0; b < batches; b++) {
    const result = model.probeGradient(
      toPairBatch(train, pairs.slice(b * batchSize, (b + 1) * batchSize)),
    );
    loss += result.loss / batches;
    for (let j = 0; j < accumulator.length; j++) accumulator[j] += result.gradient[j] / batches;
  }
  let normSquared = 0;
  for (let j = 0; j < accumulator.length; j++) normSquared += accumulator[j] * accumulator[j];
  return { loss, gradientNormSquared: normSquared, gradient: accumulator };
}
