import type { CollectedGradients } from './collector.js';
import { cosineImpliedNoiseScale, cosineSimilarity } from './cosine.js';
import { readCriticalBatch } from './critical-batch.js';
import { type EmbeddingOptions, embedDirections } from './embedding.js';
import { GradAnalysisError } from './errors.js';
import { estimateNoiseScale, type NoiseScaleOptions } from './noise-scale.js';
import { detectOutliers } from './outliers.js';
import type { NoiseScaleEstimate, ProbeAnalysis, SimilaritySummary } from './types.js';

export interface ProbeAnalysisOptions extends NoiseScaleOptions {
  /** Robust |z| above which a batch is an outlier (default 3.5). */
  outlierThreshold?: number;
  /** The largest batch the data allow (e.g. training pairs per epoch), bounding the advice. */
  maxBatchSize?: number;
  /** t-SNE options; `false` skips the embedding (it is also null below 4 batches). */
  embedding?: EmbeddingOptions | false;
}

/**
 * Everything computed from one probe (N batch gradients at the same weights): noise scale overall
 * and per group, cosine similarities, the cosine-implied noise scale, t-SNE of the directions,
 * outliers and the critical-batch reading. Needs at least 3 batches (2 for the noise scale, 3 for
 * robust outlier scores).
 */
export function analyseProbe(
  collected: CollectedGradients,
  options: ProbeAnalysisOptions = {},
): ProbeAnalysis {
  const n = collected.batchSizes.length;
  if (n < 3) {
    throw new GradAnalysisError(
      'too-few-batches',
      `a probe analysis needs at least 3 batch gradients, got ${n}`,
    );
  }
  const noiseScale = noiseScaleOfProbe(collected, options);
  const groups = collected.groups.map((group, g) => ({
    group: group.name,
    ...estimateNoiseScale(
      {
        batchSizes: collected.batchSizes,
        normsSquared: collected.groupNormsSquared[g],
        weightedSumNormSquared: collected.groupWeightedSumNormSquared[g],
        parameterCount: group.length,
        // Per-group inner products exist only on the exact path; sketches are of the whole gradient.
        gram: collected.groupGram?.[g] ?? null,
        gramNote: 'exact inner products',
        path: collected.path,
      },
      options,
    ),
  }));
  const similarity = cosineSimilarity(collected.gram, n, collected.path, collected.sketchDimension);
  const embedding =
    options.embedding === false || n < 4
      ? null
      : embedDirections(collected.sketches, collected.normsSquared, {
          seed: options.seed,
          ...options.embedding,
        });
  return {
    batches: n,
    batchSize: noiseScale.batchSmall,
    batchSizes: [...collected.batchSizes],
    parameterCount: collected.parameterCount,
    noiseScale,
    groups,
    ...cosineImplied(similarity, noiseScale.batchSmall),
    gradientNormsSquared: Array.from(collected.normsSquared),
    similarity,
    embedding,
    outliers: detectOutliers(
      {
        perBatchMeanSimilarity: similarity.perBatchMean,
        normsSquared: collected.normsSquared,
        sampleIds: collected.sampleIds,
      },
      options.outlierThreshold,
    ),
    criticalBatch: readCriticalBatch(noiseScale, noiseScale.batchSmall, {
      maxBatchSize: options.maxBatchSize,
    }),
  };
}

/** The whole gradient's noise scale of a probe, with the interval's path stated. */
export function noiseScaleOfProbe(
  collected: CollectedGradients,
  options: NoiseScaleOptions = {},
): NoiseScaleEstimate {
  const sketched = collected.path === 'sketch';
  return estimateNoiseScale(
    {
      batchSizes: collected.batchSizes,
      normsSquared: collected.normsSquared,
      weightedSumNormSquared: collected.weightedSumNormSquared,
      parameterCount: collected.parameterCount,
      gram: collected.gram,
      gramNote: sketched
        ? `off-diagonal inner products from CountSketch k = ${collected.sketchDimension}, calibrated to the exact row sums ⟨S_<i, g_i⟩`
        : 'exact inner products',
      path: collected.path,
    },
    options,
  );
}

/**
 * The cosine-implied noise scale, over the defined cosines only, with the reason it is null when
 * it is (no defined cosine, or a mean ≤ 0).
 */
function cosineImplied(
  similarity: SimilaritySummary,
  batchSize: number,
): Pick<ProbeAnalysis, 'cosineImpliedNoiseScale' | 'cosineImpliedUndefinedReason'> {
  const meanCosine = similarity.meanOffDiagonal;
  if (meanCosine === null) {
    return {
      cosineImpliedNoiseScale: null,
      cosineImpliedUndefinedReason: `no cosine is defined: ${similarity.undefinedReason}`,
    };
  }
  const value = cosineImpliedNoiseScale(meanCosine, batchSize);
  return {
    cosineImpliedNoiseScale: value,
    cosineImpliedUndefinedReason:
      value === null
        ? `the mean off-diagonal cosine is ${meanCosine.toPrecision(3)} ≤ 0: no positive signal to invert`
        : null,
  };
}
