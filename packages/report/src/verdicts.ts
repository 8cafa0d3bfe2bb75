import { hypergeometricUpperTail } from '@ranker/grad-analysis';
import { type DataAuditConclusion, judgeDataAudit } from './auditEvaluation.js';
import type { AuditRecord } from './auditRecord.js';
import { type BSimpleInterval, bSimpleInterval } from './bSimpleInterval.js';
import type { PlantedFault } from './plantedFaults.js';
import type { ProbeRecord } from './probeRecord.js';
import { linearTrend, type Trend } from './trend.js';

/**
 * 'not-tested': nothing in the run could have decided it either way (no ground truth); the report
 * then says what would test it. 'supported' always rests on a test that could have failed.
 */
export type Verdict = 'supported' | 'not-supported' | 'inconclusive' | 'not-tested';

/** Probes with fewer batches than this are too few for any hypothesis (3 batches = 3 cosines). */
export const MIN_BATCHES = 4;

/** Significance level of the hypergeometric test of hypothesis 3. */
export const OUTLIER_TEST_ALPHA = 0.05;

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
  /** Epochs left out because B_simple has only a lower bound (or no interval): no point to trend. */
  oneSidedEpochs: number[];
}

export interface FlaggedBatch {
  epoch: number;
  index: number;
  similarityZ: number | null; // null when the batch's mean cosine is undefined
  normZ: number;
}

/**
 * Hypothesis 3's test against planted faults: are the samples of flagged batches enriched in
 * planted samples? One-sided hypergeometric test over the distinct samples of the usable probes.
 */
export interface OutlierTest {
  /** Distinct samples in the usable probes' batches. */
  population: number;
  /** Of them, planted (faulty) samples. */
  planted: number;
  /** Distinct samples in flagged batches. */
  flagged: number;
  /** Of them, planted. */
  plantedFlagged: number;
  /** P(at least plantedFlagged planted among the flagged | no association). */
  pValue: number;
  alpha: number;
}

export interface OutlierVerdict {
  verdict: Verdict;
  reason:
    | 'too-few-batches'
    | 'no-ground-truth' // not tested: no planted.json (or validated detector) in the run
    | 'no-sample-ids' // probes recorded no pairs, so samples cannot be matched to the truth
    | 'no-planted-in-probes' // the planted samples never appear in a probe batch
    | 'enriched' // flagged batches hold planted samples beyond chance (p < alpha)
    | 'not-enriched';
  threshold: number | null;
  batches: FlaggedBatch[];
  samples: { epoch: number; sampleId: string; score: number }[];
  test: OutlierTest | null;
}

/**
 * Batch-size reading of the last usable probe (McCandlish et al. 2018, §2.2: steps gain little
 * beyond B ≈ B_noise). Advice only when B_simple's interval excludes the batch size B, and never
 * beyond the largest batch the data allow (pairs per epoch).
 */
export interface BatchSizeAdvice {
  epoch: number;
  batchSize: number;
  bNoise: number;
  interval: { kind: BSimpleInterval['kind']; level: number; low: number; high: number | null };
  learningRateFraction: number | null;
  /** Pairs per epoch (one pair per training sample, model/src/pairs.ts); null when unknown. */
  pairsPerEpoch: number | null;
  /**
   * 'increase': the interval lies above B; 'decrease': below B; 'none': it contains B (the data do
   * not tell); 'at-data-limit': above B, but B already uses every pair of an epoch.
   */
  advice: 'increase' | 'decrease' | 'none' | 'at-data-limit';
  /**
   * For 'increase': the batch size the evidence reaches (the estimate, or the lower bound when
   * one-sided), capped at pairs per epoch; null otherwise.
   */
  upTo: number | null;
  /** upTo was cut to pairs per epoch. */
  cappedByData: boolean;
}

export interface Conclusions {
  /**
   * Hypothesis 3 as the data audit decides it (audit.json: per-recording scores, tested against
   * planted faults); null when the run has no audit, and `outliers` (batch flags) decides.
   */
  dataAudit: DataAuditConclusion | null;
  /** Probes with at least MIN_BATCHES batches: the only ones that enter a verdict. */
  usableEpochs: number[];
  tooFewBatchEpochs: number[];
  gnsDecreases: GnsTrendVerdict;
  directionsAlign: TrendVerdict;
  outliers: OutlierVerdict;
  batchSize: BatchSizeAdvice | null;
}

/** What the run offers beyond its probes. */
export interface ConclusionInputs {
  /** planted.json of the run directory (ground truth for hypothesis 3), null when absent. */
  planted?: PlantedFault[] | null;
  /** audit.json of the run directory; when present it decides hypothesis 3 (`judgeDataAudit`). */
  audit?: AuditRecord | null;
  /** Largest batch the data allow; null when unknown (advice is then uncapped and says so). */
  pairsPerEpoch?: number | null;
}

/** Samples listed per flagged probe: the top of grad-analysis's ranking. */
const SAMPLES_PER_EPOCH = 3;

/** Hypotheses of section 3, decided from the numbers of the valid probes. */
export function drawConclusions(probes: ProbeRecord[], inputs: ConclusionInputs = {}): Conclusions {
  const usable = probes.filter((p) => p.probe.batches >= MIN_BATCHES);
  return {
    dataAudit: inputs.audit ? judgeDataAudit(inputs.audit) : null,
    usableEpochs: usable.map((p) => p.epoch),
    tooFewBatchEpochs: probes.filter((p) => p.probe.batches < MIN_BATCHES).map((p) => p.epoch),
    gnsDecreases: judgeGnsTrend(usable),
    directionsAlign: judgeAlignment(usable),
    outliers: judgeOutliers(usable, inputs.planted ?? null),
    batchSize: adviseBatchSize(usable, inputs.pairsPerEpoch ?? null),
  };
}

/**
 * Hypothesis 1: B_simple falls over training. Only probes with a point estimate and a two-sided
 * interval enter (a lower bound has no value to put on a line); the slope's 95% interval, which
 * propagates the per-epoch intervals, must lie below zero (at least MIN_TREND_POINTS epochs).
 */
export function judgeGnsTrend(usable: ProbeRecord[]): GnsTrendVerdict {
  const defined = usable.filter((p) => p.probe.noiseScale.bSimple !== null);
  const undefinedEpochs = usable
    .filter((p) => p.probe.noiseScale.bSimple === null)
    .map((p) => ({ epoch: p.epoch, reason: p.probe.noiseScale.undefinedReason }));
  const negativeEpochs = defined.filter((p) => p.probe.noiseScale.negative).map((p) => p.epoch);
  const positive = defined.filter((p) => !p.probe.noiseScale.negative);
  const twoSided = (p: ProbeRecord) => bSimpleInterval(p.probe.noiseScale)?.kind === 'two-sided';
  const kept = positive.filter(twoSided);
  const oneSidedEpochs = positive.filter((p) => !twoSided(p)).map((p) => p.epoch);
  const values = kept.map((p) => p.probe.noiseScale.bSimple as number);
  const sigmas = kept.map((p) => intervalSigma(bSimpleInterval(p.probe.noiseScale)));
  const trend = linearTrend(
    kept.map((p) => p.epoch),
    values,
    sigmas.every((s) => s !== null) ? (sigmas as number[]) : undefined,
  );
  return {
    ...trendVerdict(kept, values, trend, -1),
    negativeEpochs,
    undefinedEpochs,
    oneSidedEpochs,
  };
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

/**
 * Hypothesis 3: outlier batches point at problem samples. Flagging a batch is no evidence by
 * itself (a non-zero batch among zero gradients is flagged by its norm on clean data), so the
 * hypothesis is only tested against ground truth: planted faults. Without it: not tested.
 */
export function judgeOutliers(
  usable: ProbeRecord[],
  planted: PlantedFault[] | null,
): OutlierVerdict {
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
  const threshold = usable.length > 0 ? usable[usable.length - 1].probe.outliers.threshold : null;
  const base = { threshold, batches, samples, test: null };
  if (usable.length === 0) return { ...base, verdict: 'inconclusive', reason: 'too-few-batches' };
  if (planted === null) return { ...base, verdict: 'not-tested', reason: 'no-ground-truth' };
  const population = new Set<string>();
  const flagged = new Set<string>();
  for (const p of usable) {
    const flaggedIndices = new Set(p.probe.outliers.batches.map((b) => b.index));
    p.batches.forEach((pairs, index) => {
      for (const pair of pairs) {
        for (const id of [pair.left, pair.right]) {
          population.add(id);
          if (flaggedIndices.has(index)) flagged.add(id);
        }
      }
    });
  }
  if (population.size === 0) {
    return { ...base, verdict: 'inconclusive', reason: 'no-sample-ids' };
  }
  const faulty = new Set(planted.map((f) => f.recordingId).filter((id) => population.has(id)));
  if (faulty.size === 0) {
    return { ...base, verdict: 'inconclusive', reason: 'no-planted-in-probes' };
  }
  const plantedFlagged = [...flagged].filter((id) => faulty.has(id)).length;
  const pValue = hypergeometricUpperTail(
    population.size,
    faulty.size,
    flagged.size,
    plantedFlagged,
  );
  const enriched = plantedFlagged > 0 && pValue < OUTLIER_TEST_ALPHA;
  return {
    ...base,
    verdict: enriched ? 'supported' : 'not-supported',
    reason: enriched ? 'enriched' : 'not-enriched',
    test: {
      population: population.size,
      planted: faulty.size,
      flagged: flagged.size,
      plantedFlagged,
      pValue,
      alpha: OUTLIER_TEST_ALPHA,
    },
  };
}

/**
 * Batch size against B_noise ≈ B_simple of the last usable probe with an interval
 * (McCandlish et al. 2018, §2.2, eq. 2.7). The interval, not the estimate, decides: advice only
 * when it excludes B; increases are bounded by the lower end (one-sided) or the estimate, and by
 * the pairs of one epoch (a batch cannot hold more).
 */
export function adviseBatchSize(
  usable: ProbeRecord[],
  pairsPerEpoch: number | null,
): BatchSizeAdvice | null {
  const last = [...usable]
    .reverse()
    .find(
      (p) =>
        p.probe.noiseScale.bSimple !== null &&
        !p.probe.noiseScale.negative &&
        bSimpleInterval(p.probe.noiseScale) !== null,
    );
  if (!last) return null;
  const ns = last.probe.noiseScale;
  const ci = bSimpleInterval(ns) as BSimpleInterval;
  const batchSize = last.probe.criticalBatch.batchSize;
  const bNoise = ns.bSimple as number;
  const above = ci.low > batchSize;
  const below = ci.high !== null && ci.high < batchSize;
  const atLimit = above && pairsPerEpoch !== null && batchSize >= pairsPerEpoch;
  const reach = ci.kind === 'lower-bound' ? ci.low : bNoise;
  const cappedByData = above && !atLimit && pairsPerEpoch !== null && reach > pairsPerEpoch;
  const advice = atLimit ? 'at-data-limit' : above ? 'increase' : below ? 'decrease' : 'none';
  return {
    epoch: last.epoch,
    batchSize,
    bNoise,
    interval: { kind: ci.kind, level: ci.level, low: ci.low, high: ci.high },
    learningRateFraction: last.probe.criticalBatch.learningRateFraction,
    pairsPerEpoch,
    advice,
    upTo: advice === 'increase' ? (cappedByData ? (pairsPerEpoch as number) : reach) : null,
    cappedByData,
  };
}

/** Standard error implied by a two-sided normal-theory interval: (high − low) / (2 z). */
function intervalSigma(interval: BSimpleInterval | null): number | null {
  if (!interval || interval.high === null) return null;
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
