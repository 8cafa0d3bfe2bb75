import type { AuditMessages } from '../auditSection.js';
import type { Expectation, ProblemKind } from '../problems.js';
import type { BatchSizeAdvice, Verdict } from '../verdicts.js';

/**
 * Every piece of prose in the report. Functions take numbers already formatted by the
 * NumberBook (so the text states exactly what summary.json records) and return Markdown.
 * Both languages implement this type: a missing key is a compile error and a test failure.
 */
export interface Messages {
  /** The "Data audit" section (auditSection.ts). */
  audit: AuditMessages;
  reportTitle: (runId: string) => string;
  partialBanner: string;
  problemKinds: Record<ProblemKind, string>;
  expectations: Record<Expectation, string>;
  /** "file, field: what; expected …, got …" composed from the parts above. */
  problem: (where: string, what: string, expected: string | null, got: string | null) => string;

  /** A bold label before its value ('**Run ID:** ', '**實驗編號：**'). */
  label: (text: string) => string;
  metadataHeading: string;
  runId: string;
  timestamp: string;
  description: string;
  status: string;
  statuses: Record<'running' | 'completed' | 'interrupted' | 'failed' | 'unknown', string>;
  lastCompletedEpoch: string;
  machine: string;
  backend: string;
  backendUsed: string;
  runError: string;
  splitSizes: (train: string, validation: string) => string;
  versions: string;
  notRecorded: string;

  backgroundHeading: string;
  background: string[];

  purposeHeading: string;
  purposeLabel: string;
  purposes: (epochs: string) => string[];
  hypothesesLabel: string;
  hypotheses: [string, string, string];

  methodHeading: string;
  datasetHeading: string;
  modelHeading: string;
  trainingHeading: string;
  configSectionMissing: (section: string) => string;
  analysisHeading: string;
  analysisProbe: string;
  analysisEstimator: string;
  analysisEstimatorParts: string;
  analysisInterval: string;
  analysisOnline: string;
  analysisCosine: string;
  analysisEmbedding: string;
  analysisOutliers: string;
  analysisTrend: (minBatches: string, level: string, minPoints: string) => string;

  resultsHeading: string;
  gnsHeading: string;
  gnsColumns: {
    epoch: string;
    batches: string;
    batchSize: string;
    gradientNormSquared: string;
    traceCovariance: string;
    bSimple: string;
    bSimplePerParameter: string;
    interval: (level: string) => string;
    online: string;
  };
  intervalMissing: string;
  /** A one-sided interval: B_simple ≥ low. */
  intervalLowerBound: (low: string) => string;
  /** grad-analysis's note on why an epoch's interval is one-sided or missing (verbatim). */
  intervalNoteLine: (epoch: string, note: string) => string;
  /** Epochs whose interval used exact inner products, and those that used sketches. */
  intervalPaths: (exact: string | null, sketch: string | null) => string;
  negativeEstimate: string;
  /** A B_simple that has no value, with grad-analysis's reason (in English, as recorded). */
  gnsUndefined: (reason: string) => string;
  gnsUndefinedShort: string;
  gnsFigureOmits: (epochs: string) => string;
  gnsUndefinedLegacy: string;
  estimatorUsed: (estimator: string, intervalMethod: string) => string;
  noProbes: string;
  /** Analysis epochs the run completed whose probe is missing or invalid (see the banner). */
  probesMissing: (epochs: string) => string;
  gnsFigure: {
    title: string;
    x: string;
    y: string;
    series: string;
    probe: string;
    online: string;
    undefinedProbe: string;
  };
  /** Caption: log axis, what the whiskers are. */
  gnsFigureAxis: (level: string) => string;
  gnsFigureLowerBound: (epochs: string) => string;
  gnsAnalysis: string;

  embeddingHeading: string;
  embeddingIntro: string;
  epochHeading: (epoch: string) => string;
  embeddingMissing: (batches: string) => string;
  embeddingFigure: {
    title: (epoch: string) => string;
    x: string;
    y: string;
    kind: string;
    normal: string;
    outlier: string;
    zero: string;
  };
  embeddingAnalysis: (args: {
    batches: string;
    method: string;
    kl: string;
    outliers: string;
  }) => string;

  similarityHeading: string;
  similarityIntro: (maxNumbered: string) => string;
  similarityColourRange: (low: string, high: string) => string;
  similarityFigure: {
    title: (epoch: string) => string;
    x: string;
    y: string;
    color: string;
    /** Subtitle stating the colour range (values already formatted). */
    colourRange: (low: string, high: string) => string;
    undefinedCell: string;
  };
  similarityAnalysis: (args: {
    mean: string;
    min: string;
    negative: string;
    change: string | null;
    previousEpoch: string | null;
    outliers: string;
  }) => string;
  similarityOneBatch: string;
  /** No cosine is defined (fewer than 2 non-zero batch gradients); the reason is grad-analysis's. */
  similarityUndefined: (zeroBatches: string, batches: string) => string;
  /** Some batch gradients are exactly zero: their cosines are undefined and left out. */
  similarityZeroBatches: (batchList: string) => string;
  sketchedCosines: (bound: string) => string;
  outlierList: (batches: string) => string;
  noOutliers: string;
  outlierBatch: (index: string, similarityZ: string, normZ: string) => string;

  lossHeading: string;
  lossFigure: {
    title: string;
    x: string;
    y: string;
    series: string;
    train: string;
    validation: string;
  };
  lossAnalysis: (args: {
    firstEpoch: string;
    lastEpoch: string;
    firstLoss: string;
    lastLoss: string;
    validation: string | null;
    accuracy: string | null;
    spearman: string | null;
  }) => string;
  lossMissing: string;

  conclusionsHeading: string;
  conclusionsSubheading: string;
  verdicts: Record<Verdict, string>;
  hypothesisLine: (n: string, statement: string, verdict: string, reasoning: string) => string;
  tooFewProbes: (usable: string, needed: string) => string;
  tooFewBatches: (epochs: string, minBatches: string) => string;
  trendReasoning: (args: {
    quantity: string;
    slope: string;
    low: string;
    high: string;
    level: string;
    epochs: string;
    direction: 'decreasing' | 'increasing' | 'no-clear-trend';
  }) => string;
  gnsQuantity: string;
  alignmentQuantity: string;
  negativeExcluded: (epochs: string) => string;
  undefinedExcluded: (epochs: string, reasons: string) => string;
  oneSidedExcluded: (epochs: string) => string;
  /** Hypothesis 3 without ground truth: not tested, and what would test it. */
  outliersNotTested: string;
  outliersNoSampleIds: string;
  outliersNoPlantedInProbes: string;
  outliersTest: (args: {
    population: string;
    planted: string;
    flagged: string;
    plantedFlagged: string;
    pValue: string;
    alpha: string;
    enriched: boolean;
  }) => string;
  outliersFlagged: (list: string, samples: string | null) => string;
  outliersNoneFlagged: (threshold: string, epochs: string) => string;
  outliersTooFew: string;
  outlierItem: (epoch: string, index: string) => string;
  sampleItem: (id: string, score: string) => string;
  /** One probe's samples: a sample's score is per probe, so the same id may recur in another. */
  samplesOfEpoch: (epoch: string, items: string) => string;
  batchSizeHeading: string;
  batchSizeAdvice: (
    advice: BatchSizeAdvice['advice'],
    args: {
      epoch: string;
      batchSize: string;
      bNoise: string;
      level: string;
      low: string;
      /** null: a lower bound only. */
      high: string | null;
      fraction: string | null;
      pairsPerEpoch: string | null;
      upTo: string | null;
      cappedByData: boolean;
    },
  ) => string;
  batchSizeUnknown: string;
  futureHeading: string;
  futureMoreData: string;
  /** Hypothesis 3 was not tested: what would test it. */
  futurePlanted: string;
  futureOutliers: string;
  futureStatic: string[];
}
