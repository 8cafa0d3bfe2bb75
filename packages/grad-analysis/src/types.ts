/**
 * The JSON shapes @ranker/grad-analysis produces. Every field is plain data (numbers, strings,
 * arrays) so results can be written to disk, sent across worker threads and read by
 * @ranker/report without this package's code.
 */

/** A contiguous slice of the flattened gradient (e.g. one layer's weights). */
export interface ParameterGroup {
  name: string;
  length: number;
}

/** Where a number came from: exact vectors, or random sketches with a stated error bound. */
export type ComputationPath = 'exact' | 'sketch';

/** 'lower-bound': |G|² is not bounded away from 0, so only B_simple ≥ low is stated. */
export type IntervalKind = 'two-sided' | 'lower-bound';

/** A confidence interval; it always contains its own point estimate. */
export interface ConfidenceInterval {
  level: number; // e.g. 0.95
  kind: IntervalKind;
  low: number;
  high: number | null; // null exactly when kind === 'lower-bound' (unbounded above)
  method: string; // e.g. 'studentized bootstrap over batches (…)'
  resamples: number;
  seed: number;
}

/**
 * Whether a noise scale is a usable number: 'ok'; 'negative' (a part's estimate is < 0, the ratio
 * is returned as is); 'undefined' (the ratio has no value, e.g. |G|² = 0; numbers are null and
 * `undefinedReason` says why).
 */
export type NoiseScaleStatus = 'ok' | 'negative' | 'undefined';

/**
 * Gradient noise scale from the unbiased two-batch-size estimators
 * (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training", App. A.1).
 */
export interface NoiseScaleEstimate {
  estimator: string; // human-readable definition, shown to users
  batchSmall: number; // B_small, examples (pairs) per batch
  batchBig: number; // B_big, all examples of the probe
  batches: number;
  parameterCount: number; // D
  gradientNormSquared: number; // |G|² estimate
  traceCovariance: number; // tr(Σ) estimate, per example
  bSimple: number | null; // tr(Σ)/|G|², in examples; null when status is 'undefined'
  bSimplePerParameter: number | null; // bSimple / D: the seed report's per-parameter figure
  negative: boolean; // |G|² or tr(Σ) estimate < 0: returned as is, flagged, never clamped
  status: NoiseScaleStatus;
  undefinedReason: string | null; // why bSimple is undefined (null unless status is 'undefined')
  zeroGradientBatches: number; // batch gradients that are exactly zero (|g_i|² = 0)
  /** How the interval's inner products ⟨g_i, g_j⟩ were obtained. */
  path: ComputationPath;
  interval: ConfidenceInterval | null; // null when undefined/negative, or too few finite resamples
  intervalNote: string | null; // why the interval is one-sided or null; null when two-sided
}

/** Per parameter group (per layer) noise scale. */
export interface GroupNoiseScale extends NoiseScaleEstimate {
  group: string;
}

/** 'ok': the similarity summaries are numbers; 'undefined': no pair of non-zero gradients. */
export type SimilarityStatus = 'ok' | 'undefined';

/**
 * Cosine similarity of batch gradients, with summaries over the *defined* off-diagonal pairs
 * (both gradients non-zero). A zero gradient has no direction: its row and column are null.
 */
export interface SimilaritySummary {
  path: ComputationPath;
  errorBound: number | null; // max abs error of each cosine, with its probability, for sketches
  errorBoundNote: string | null;
  matrix: (number | null)[][]; // N × N, diagonal = 1; null where a gradient is exactly zero
  definedPairs: number; // unordered pairs i < j whose cosine is defined
  meanOffDiagonal: number | null; // over defined pairs; null when there is none
  minOffDiagonal: number | null;
  fractionNegative: number | null; // of the defined off-diagonal entries
  perBatchMean: (number | null)[]; // mean cosine of batch i to the other defined batches
  /** Batches whose gradient is exactly zero: their cosines are undefined (null). */
  undefinedBatches: number[];
  status: SimilarityStatus;
  undefinedReason: string | null; // why the summaries are null (null when status is 'ok')
}

/** 2-D embedding of the batch-gradient directions. */
export interface EmbeddingResult {
  method: string; // e.g. 'L2-normalise → random projection → PCA(50) → exact t-SNE'
  points: [number, number][];
  perplexity: number;
  iterations: number;
  seed: number;
  klDivergence: number;
}

export interface OutlierBatch {
  index: number;
  /** robust z-score (median/MAD) of the batch's mean similarity; low = disagrees; null if undefined */
  similarityZ: number | null;
  normZ: number; // robust z-score of the batch's gradient norm
  reasons: string[];
}

export interface OutlierSample {
  sampleId: string;
  score: number; // flaggedBatches / (flaggedBatches + cleanBatches): share of its batches that were flagged
  batches: number[]; // indices of the flagged batches that contain it
  flaggedBatches: number;
  cleanBatches: number;
}

export interface OutlierReport {
  threshold: number; // |z| above which a batch is flagged
  /** Why no batch has a similarity z-score (fewer than 3 defined mean similarities); else null. */
  similarityUndefinedReason: string | null;
  batches: OutlierBatch[]; // flagged batches only
  samples: OutlierSample[]; // ranked samples inside flagged batches (empty if none / no ids)
}

/** The reading of B_simple against the batch size in use (a suggestion, not a rule). */
export interface CriticalBatchReading {
  batchSize: number;
  bNoise: number | null; // B_simple used as the estimate of B_noise; null when undefined
  /** ε_opt(B)/ε_max = 1/(1 + B_noise/B) (McCandlish et al. 2018, eq. 2.7); null unless B_noise > 0 */
  learningRateFraction: number | null;
  status: NoiseScaleStatus;
  undefinedReason: string | null;
  suggestion: string;
}

/** Everything computed from one probe: N batch gradients taken at the same weights. */
export interface ProbeAnalysis {
  batches: number;
  batchSize: number; // B_small: harmonic mean of batchSizes, may be non-integer
  batchSizes: number[]; // examples per batch, as given
  parameterCount: number;
  noiseScale: NoiseScaleEstimate;
  groups: GroupNoiseScale[];
  /** B(1/mean_cos − 1): the GNS implied by the mean off-diagonal cosine (null if mean_cos ≤ 0 or undefined) */
  cosineImpliedNoiseScale: number | null;
  /** Why cosineImpliedNoiseScale is null (null when it is a number). */
  cosineImpliedUndefinedReason: string | null;
  gradientNormsSquared: number[]; // |g_i|² of each batch, exact
  similarity: SimilaritySummary;
  embedding: EmbeddingResult | null; // null when there are too few batches
  outliers: OutlierReport;
  criticalBatch: CriticalBatchReading;
}

/** Online GNS for gradients taken during training (moving weights). */
export interface OnlineNoiseScaleSummary {
  estimator: string;
  beta: number; // EMA decay
  steps: number;
  estimates: number; // consecutive-step pairs that fed the EMAs (steps − 1)
  gradientNormSquaredEma: number; // bias-corrected EMA of the |G|² estimates
  traceCovarianceEma: number; // bias-corrected EMA of the tr(Σ) estimates
  bSimple: number | null; // ratio of the EMAs; null when status is 'undefined'
  status: NoiseScaleStatus;
  undefinedReason: string | null;
}
