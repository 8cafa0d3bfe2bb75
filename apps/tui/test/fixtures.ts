import type { ProbeAnalysis } from '@ranker/grad-analysis';

/** A hand-made ProbeAnalysis of 3 batches with planted values (not computed: UI tests only). */
export function probeAnalysis(overrides: Partial<ProbeAnalysis> = {}): ProbeAnalysis {
  const noiseScale = {
    estimator: 'unbiased two-batch estimator (McCandlish et al. 2018, App. A.1)',
    batchSmall: 4,
    batchBig: 12,
    batches: 3,
    parameterCount: 1000,
    gradientNormSquared: 2,
    traceCovariance: 24.6,
    bSimple: 12.3,
    bSimplePerParameter: 0.0123,
    negative: false,
    status: 'ok' as const,
    undefinedReason: null,
    zeroGradientBatches: 0,
    interval: null,
    intervalNote: 'no interval in this fixture',
    path: 'exact' as const,
  };
  return {
    batches: 3,
    batchSize: 4,
    batchSizes: [4, 4, 4],
    parameterCount: 1000,
    noiseScale,
    groups: [],
    cosineImpliedNoiseScale: null,
    cosineImpliedUndefinedReason: 'the mean off-diagonal cosine is ≤ 0',
    gradientNormsSquared: [1, 2, 3],
    similarity: {
      path: 'exact',
      errorBound: null,
      errorBoundNote: null,
      matrix: [
        [1, 0.9, -0.6],
        [0.9, 1, 0],
        [-0.6, 0, 1],
      ],
      meanOffDiagonal: 0.1,
      minOffDiagonal: -0.6,
      fractionNegative: 1 / 3,
      definedPairs: 3,
      perBatchMean: [0.15, 0.45, -0.3],
      undefinedBatches: [],
      status: 'ok',
      undefinedReason: null,
    },
    embedding: {
      method: 'exact t-SNE',
      points: [
        [0, 0],
        [1, 1],
        [1, 0],
      ],
      perplexity: 1,
      iterations: 100,
      seed: 1,
      klDivergence: 0.1,
    },
    outliers: {
      threshold: 3.5,
      similarityUndefinedReason: null,
      batches: [{ index: 2, similarityZ: -4.2, normZ: 0.5, reasons: ['low mean similarity'] }],
      samples: [
        {
          sampleId: 'plastic/3000hz/deg036/003.wav',
          score: 0.5,
          batches: [2],
          flaggedBatches: 1,
          cleanBatches: 1,
        },
      ],
    },
    criticalBatch: {
      batchSize: 4,
      bNoise: 12.3,
      learningRateFraction: 0.245,
      status: 'ok',
      undefinedReason: null,
      suggestion: 'larger batches would help',
    },
    ...overrides,
  };
}
