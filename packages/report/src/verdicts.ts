import type { ProbeRecord } from './probeRecord.js';
import { linearTrend, type Trend } from './trend.js';

export type Verdict = 'supported' | 'not-supported' | 'inconclusive';

/** Probes with fewer batches than this are too few for any hypothesis (3 batches = 3 cosines). */
export const MIN_BATCHES = 4;

export interface TrendVerdict {
  verdict: Verdict;
  reason: 'too-few-probes' | 'decreasing' | 'increasing' | 'no-clear-trend';
  /** Epochs whose values entered the trend. */
  epochs: number[];
  values: number[];
  trend: Trend | null;
}

export interface GnsTrendVerdict extends TrendVerdict {
  /** Epochs left out because |G|² or tr(Σ) was estimated negative (B_simple meaningless). */
  negativeEpochs: number[];
  /** Epochs left out because B_simple is undefined (e.g. every batch gradient exactly zero). */
  undefinedEpochs: { epoch: number; reason: string | null }[];
}

export interface FlaggedBatch {
  epoch: number;
  index: number;
  similarityZ: number | null; // null when the batch's mean cosine is undefined
  normZ: number;
}

export interface OutlierVerdict {
  verdict: Verdict;
  reason: 'too-few-batches' | 'found' | 'none-found';
  threshold: number | null;
  batches: FlaggedBatch[];
  samples: { epoch: number; sampleId: string; score: number }[];
}

export interface BatchSizeAdvice {
  epoch: number;
  batchSize: number;
  bNoise: number;
  learningRateFraction: number;
  advice: 'increase' | 'decrease' | 'keep';
}

export interface Conclusions {
  /** Probes with at least MIN_BATCHES batches: the only ones that enter a verdict. */
  usableEpochs: number[];
  tooFewBatchEpochs: number[];
  gnsDecreases: GnsTrendVerdict;
  directionsAlign: TrendVerdict;
  outliers: OutlierVerdict;
  batchSize: BatchSizeAdvice | null;
}

/** Samples listed per flagged probe: the top of grad-analysis's ranking. */
const SAMPLES_PER_EPOCH = 3;

/** Hypotheses of section 3, decided from the numbers of the valid probes. */
export function drawConclusions(probes: ProbeRecord[]): Conclusions {
  const usable = probes.filter((p) => p.probe.batches >= MIN_BATCHES);
  return {
    usableEpochs: usable.map((p) => p.epoch),
    tooFewBatchEpochs: probes.filter((p) => p.probe.batches < MIN_BATCHES).map((p) => p.epoch),
    gnsDecreases: judgeGnsTrend(usable),
    directionsAlign: judgeAlignment(usable),
    outliers: judgeOutliers(usable),
    batchSize: adviseBatchSize(usable),
  };
}

/** Hypothesis 1: B_simple falls over training (slope's 95% interval below zero). */
export function judgeGnsTrend(usable: ProbeRecord[]): GnsTrendVerdict {
  const defined = usable.filter((p) => p.probe.noiseScale.bSimple !== null);
  const undefinedEpochs = usable
    .filter((p) => p.probe.noiseScale.bSimple === null)
    .map((p) => ({ epoch: p.epoch, reason: p.probe.noiseScale.undefinedReason }));
  const kept = defined.filter((p) => !p.probe.noiseScale.negative);
  const negativeEpochs = defined.filter((p) => p.probe.noiseScale.negative).map((p) => p.epoch);
  const values = kept.map((p) => p.probe.noiseScale.bSimple as number);
  const sigmas = kept.map((p) => intervalSigma(p.probe.noiseScale.interval));
  const trend = linearTrend(
    kept.map((p) => p.epoch),
    values,
    sigmas.every((s) => s !== null) ? (sigmas as number[]) : undefined,
  );
  return { ...trendVerdict(kept, values, trend, -1), negativeEpochs, undefinedEpochs };
}

/** Hypothesis 2: mean off-diagonal cosine rises over training (slope's interval above zero). */
export function judgeAlignment(usable: ProbeRecord[]): TrendVerdict {
  // A probe whose cosines are all undefined (every batch gradient zero) has no mean to trend.
  const kept = usable.filter((p) => p.probe.similarity.meanOffDiagonal !== null);
  const values = kept.map((p) => p.probe.similarity.meanOffDiagonal as number);
  const trend = linearTrend(
    kept.map((p) => p.epoch),
    values,
  );
  return trendVerdict(kept, values, trend, 1);
}

function trendVerdict(
  kept: ProbeRecord[],
  values: number[],
  trend: Trend | null,
  expectedSign: -1 | 1,
): TrendVerdict {
  const epochs = kept.map((p) => p.epoch);
  if (!trend) return { verdict: 'inconclusive', reason: 'too-few-probes', epochs, values, trend };
  const reason = trend.sign === 0 ? 'no-clear-trend' : trend.sign < 0 ? 'decreasing' : 'increasing';
  const verdict = trend.sign === expectedSign ? 'supported' : 'not-supported';
  return { verdict, reason, epochs, values, trend };
}

/** Hypothesis 3: outlier batches (robust z beyond grad-analysis's threshold) point at samples. */
export function judgeOutliers(usable: ProbeRecord[]): OutlierVerdict {
  if (usable.length === 0) {
    return {
      verdict: 'inconclusive',
      reason: 'too-few-batches',
      threshold: null,
      batches: [],
      samples: [],
    };
  }
  const batches = usable.flatMap((p) =>
    p.probe.outliers.batches.map((b) => ({
      epoch: p.epoch,
      index: b.index,
      similarityZ: b.similarityZ,
      normZ: b.normZ,
    })),
  );
  const samples = usable.flatMap((p) =>
    p.probe.outliers.samples
      .slice(0, SAMPLES_PER_EPOCH)
      .map((s) => ({ epoch: p.epoch, sampleId: s.sampleId, score: s.score })),
  );
  const found = batches.length > 0;
  return {
    verdict: found ? 'supported' : 'not-supported',
    reason: found ? 'found' : 'none-found',
    threshold: usable[usable.length - 1].probe.outliers.threshold,
    batches,
    samples,
  };
}

/**
 * Batch size against B_noise ≈ B_simple of the last usable probe (McCandlish et al. 2018, §2.2):
 * steps gain little beyond B ≈ B_noise and examples are used inefficiently above it.
 * Factor 2 either way counts as "close".
 */
export function adviseBatchSize(usable: ProbeRecord[]): BatchSizeAdvice | null {
  const last = [...usable]
    .reverse()
    .find(
      (p) =>
        !p.probe.noiseScale.negative &&
        p.probe.criticalBatch.bNoise !== null &&
        p.probe.criticalBatch.learningRateFraction !== null,
    );
  if (!last) return null;
  const { batchSize } = last.probe.criticalBatch;
  const bNoise = last.probe.criticalBatch.bNoise as number;
  const learningRateFraction = last.probe.criticalBatch.learningRateFraction as number;
  const advice = bNoise > 2 * batchSize ? 'increase' : bNoise < batchSize / 2 ? 'decrease' : 'keep';
  return { epoch: last.epoch, batchSize, bNoise, learningRateFraction, advice };
}

/** Standard error implied by a two-sided normal-theory interval: (high − low) / (2 z). */
function intervalSigma(
  interval: { level: number; low: number; high: number } | null,
): number | null {
  if (!interval) return null;
  return (interval.high - interval.low) / (2 * normalQuantile(0.5 + interval.level / 2));
}

/** Standard normal quantile by bisection on Φ (erf of Abramowitz & Stegun 7.1.26, |ε| < 1.5e-7). */
export function normalQuantile(p: number): number {
  let low = -10;
  let high = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
