import type { CannotTellReason, DifferenceVerdict } from '../comparison/seedStatistics.js';
import type { NoiseScaleVerdict } from '../comparison/sweepAnalysis.js';

/**
 * Every piece of prose of the sweep comparison report. Numbers arrive formatted by the NumberBook
 * (so comparison.json records exactly what the text states); user data arrives as inline code.
 */
export interface ComparisonMessages {
  title: (sweepId: string) => string;
  partialBanner: string;
  problemDuplicate: (cellId: string, indices: string) => string;
  problemNotIncreasing: (where: string) => string;
  problemBatchSizeMismatch: (where: string, parameter: string, batchSize: string) => string;
  problemNoEpochs: (where: string) => string;
  problemNotCompleted: (cellId: string, status: 'failed' | 'interrupted') => string;
  problemNoUsableCells: string;

  label: (text: string) => string;
  sweepId: string;
  createdAt: string;
  cells: string;
  cellCounts: (total: string, completed: string) => string;
  spec: string;
  notRecorded: string;
  statisticsNote: string;

  perConditionHeading: string;
  perConditionIntro: string;
  columns: {
    condition: string;
    runs: string;
    spearman: string;
    accuracy: string;
    loss: string;
    bSimple: string;
    cosine: string;
  };
  /** "mean ± sd (n = k)"; sd null: n = 1, no spread. */
  summary: (mean: string, sd: string | null, n: string) => string;
  none: string;
  figureTitle: string;
  figureX: string;
  figureY: string;
  figureSeries: string;
  figureCaption: string;
  intervalMethods: (methods: string) => string;
  probeUndefined: (cellId: string, epoch: string, reason: string | null) => string;
  probeNonPositive: (cellId: string, epoch: string, value: string) => string;
  notesHeading: string;
  noteMissing: string;

  batchSizeHeading: string;
  targetStatement: (threshold: string) => string;
  groupHeading: (parameters: string) => string;
  batchColumns: {
    batchSize: string;
    runs: string;
    reached: string;
    steps: string;
    examples: string;
    bSimple: string;
  };
  censored: (cellId: string, epochs: string, steps: string, examples: string) => string;
  fitMethod: string;
  fitOk: (
    bCrit: string,
    low: string,
    high: string,
    level: string,
    sMin: string,
    sMinSe: string,
    eMin: string,
    eMinSe: string,
    runs: string,
  ) => string;
  fitUndefined: (reason: string) => string;
  noiseScaleVerdict: Record<
    NoiseScaleVerdict,
    (bSimple: string | null, ratio: string | null) => string
  >;
  wideInterval: (ratio: string) => string;
  sameTargetEpoch: (epoch: string) => string;

  factorHeading: string;
  factorIntro: (level: string) => string;
  noFactors: string;
  factorSubheading: (factor: string) => string;
  factorColumns: {
    fixed: string;
    quantity: string;
    a: (level: string) => string;
    b: (level: string) => string;
    test: string;
    verdict: string;
  };
  quantities: Record<'bSimple' | 'meanCosine' | 'spearman', string>;
  welch: (t: string, df: string, critical: string) => string;
  noTest: string;
  differenceVerdict: (
    quantity: 'bSimple' | 'meanCosine' | 'spearman',
    verdict: DifferenceVerdict,
    higher: string,
    reason: CannotTellReason | null,
  ) => string;
  physicalHeading: (factor: string) => string;
}
