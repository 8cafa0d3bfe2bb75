import type {
  ConfidenceInterval,
  CriticalBatchReading,
  EmbeddingResult,
  NoiseScaleEstimate,
  OnlineNoiseScaleSummary,
  OutlierReport,
  ProbeAnalysis,
  SimilaritySummary,
} from '@ranker/grad-analysis';
import { ReportError } from './errors.js';
import { describeValue, FieldReader, isObject } from './fieldReader.js';
import type { Expectation, Problem } from './problems.js';

/**
 * Where the probe of `epoch` lies inside a run directory: `probes/epoch-NNN.json`, the epoch
 * zero-padded to 3 digits (epoch 1000 and later keep all their digits). The one owner of the
 * name: the writer (@ranker/experiment) and this reader both call it.
 */
export function probeFile(epoch: number): string {
  if (!Number.isInteger(epoch) || epoch < 1) {
    throw new ReportError('BAD_OPTION', `probeFile: epoch is ${epoch}; expected an integer ≥ 1`);
  }
  return `probes/epoch-${String(epoch).padStart(3, '0')}.json`;
}

/**
 * A sample pair by sample id, as the trainer emits it (PairRef of @ranker/trainer; the report
 * cannot import the trainer, which brings TensorFlow.js, so the file format states it here).
 */
export interface PairRef {
  left: string;
  right: string;
  target: 1 | -1;
}

/** probes/epoch-NNN.json (docs/architecture.md, run directory). */
export interface ProbeRecord {
  epoch: number;
  probe: ProbeAnalysis;
  training: OnlineNoiseScaleSummary | null;
  batches: PairRef[][];
}

/**
 * Validates the parts of a ProbeRecord the report states. Returns the record when every such
 * part is valid, else undefined with the defects appended to `problems` (the whole probe is then
 * left out: a report never mixes a valid GNS with, say, a broken similarity matrix of that epoch).
 */
export function readProbeRecord(
  json: unknown,
  file: string,
  problems: Problem[],
): ProbeRecord | undefined {
  const before = problems.length;
  const r = new FieldReader(file, problems);
  const root = r.object(json, '(root)');
  if (!root) return undefined;
  const epoch = r.positiveInteger(root.epoch, 'epoch');
  const probe = r.object(root.probe, 'probe');
  if (epoch === undefined || !probe) return undefined;
  const batches = r.positiveInteger(probe.batches, 'probe.batches');
  // A harmonic mean of unequal batch sizes (a short last batch): 3.667 is as valid as 4.
  r.positiveNumber(probe.batchSize, 'probe.batchSize');
  r.positiveInteger(probe.parameterCount, 'probe.parameterCount');
  if (batches === undefined) return undefined;
  // Examples per batch as given (contract of issue 14); older files have none.
  if (probe.batchSizes !== undefined) {
    const sizes = r.finiteArray(probe.batchSizes, 'probe.batchSizes', batches);
    for (const [i, size] of (sizes ?? []).entries()) {
      r.positiveNumber(size, `probe.batchSizes[${i}]`);
    }
  }
  readNoiseScale(r, probe.noiseScale, 'probe.noiseScale');
  r.finiteArray(probe.gradientNormsSquared, 'probe.gradientNormsSquared', batches);
  const zero = readSimilarity(r, probe.similarity, 'probe.similarity', batches);
  if (probe.embedding !== null) readEmbedding(r, probe.embedding, 'probe.embedding', batches, zero);
  readOutliers(r, probe.outliers, 'probe.outliers');
  readCriticalBatch(r, probe.criticalBatch, 'probe.criticalBatch');
  if (root.training !== null && root.training !== undefined) {
    readOnline(r, root.training, 'training');
  }
  if (root.batches !== undefined) r.array(root.batches, 'batches');
  if (problems.length > before) return undefined;
  return {
    epoch,
    probe: probe as unknown as ProbeAnalysis,
    training: (root.training ?? null) as OnlineNoiseScaleSummary | null,
    batches: (root.batches ?? []) as PairRef[][],
  };
}

function readNoiseScale(r: FieldReader, value: unknown, field: string): void {
  const ns = r.object(value, field) as Partial<NoiseScaleEstimate> | undefined;
  if (!ns) return;
  r.string(ns.estimator, `${field}.estimator`);
  r.positiveNumber(ns.batchSmall, `${field}.batchSmall`);
  r.positiveNumber(ns.batchBig, `${field}.batchBig`);
  r.positiveInteger(ns.parameterCount, `${field}.parameterCount`);
  r.finite(ns.gradientNormSquared, `${field}.gradientNormSquared`);
  r.finite(ns.traceCovariance, `${field}.traceCovariance`);
  // An undefined B_simple (e.g. every batch gradient exactly zero) is valid input: null with a
  // status. Older probe files wrote NaN as null without a status; they get a null reason.
  if (ns.bSimple === null) {
    ns.status = 'undefined';
    ns.undefinedReason = typeof ns.undefinedReason === 'string' ? ns.undefinedReason : null;
    ns.bSimplePerParameter = null;
    ns.interval = null; // an undefined ratio has no interval (older files wrote NaN bounds as null)
  } else {
    r.finite(ns.bSimple, `${field}.bSimple`);
    r.finite(ns.bSimplePerParameter, `${field}.bSimplePerParameter`);
    ns.status ??= ns.negative ? 'negative' : 'ok';
  }
  r.boolean(ns.negative, `${field}.negative`);
  // Older files have neither: their intervals were two-sided, their path unrecorded.
  const extra = ns as Record<string, unknown>;
  extra.intervalNote ??= null;
  if (extra.intervalNote !== null) r.string(extra.intervalNote, `${field}.intervalNote`);
  extra.path ??= null;
  if (extra.path !== null && extra.path !== 'exact' && extra.path !== 'sketch') {
    r.problems.push(invalid(r, `${field}.path`, 'computation-path', extra.path));
  }
  if (ns.interval !== null) readInterval(r, ns.interval, `${field}.interval`);
}

function invalid(r: FieldReader, field: string, expected: Expectation, got: unknown): Problem {
  return { kind: 'invalid-field', file: r.file, field, expected, got: describeValue(got) };
}

function readInterval(r: FieldReader, value: unknown, field: string): void {
  const ci = r.object(value, field) as Partial<ConfidenceInterval> | undefined;
  if (!ci) return;
  const level = r.finite(ci.level, `${field}.level`);
  if (level !== undefined && !(level > 0 && level < 1)) {
    r.problems.push({
      kind: 'invalid-field',
      file: r.file,
      field: `${field}.level`,
      expected: 'probability',
      got: String(level),
    });
  }
  r.finite(ci.low, `${field}.low`);
  // Contract of issue 14: a 'lower-bound' interval (|G|² not bounded away from 0) has high null.
  // Files written before it have no kind: their intervals were two-sided.
  const kinded = ci as Record<string, unknown>;
  kinded.kind ??= 'two-sided';
  if (kinded.kind === 'lower-bound') {
    if (ci.high !== null) r.problems.push(invalid(r, `${field}.high`, 'null-high', ci.high));
  } else if (kinded.kind === 'two-sided') r.finite(ci.high, `${field}.high`);
  else r.problems.push(invalid(r, `${field}.kind`, 'interval-kind', kinded.kind));
  r.string(ci.method, `${field}.method`);
}

/**
 * Cosines involving an exactly-zero batch gradient are undefined and written as null (listed in
 * `undefinedBatches`); every other entry must be a number. With no defined pair the summaries are
 * null too (`status: 'undefined'`). Older files (no status) wrote a placeholder 0 instead: read as is.
 */
function readSimilarity(r: FieldReader, value: unknown, field: string, n: number): Set<unknown> {
  const s = r.object(value, field) as Partial<SimilaritySummary> | undefined;
  if (!s) return new Set();
  const undefinedBatches = new Set(
    Array.isArray(s.undefinedBatches) ? (s.undefinedBatches as unknown[]) : [],
  );
  readCosineMatrix(r, s.matrix, `${field}.matrix`, n, undefinedBatches);
  // Sketched cosines carry an error bound the report states; exact ones have none.
  if (s.path === 'sketch') r.finite(s.errorBound, `${field}.errorBound`);
  if (n < 2) return undefinedBatches; // off-diagonal summaries do not exist for one batch
  s.status ??= 'ok';
  if (s.status === 'undefined') {
    s.meanOffDiagonal = s.minOffDiagonal = s.fractionNegative = null;
    s.undefinedReason = typeof s.undefinedReason === 'string' ? s.undefinedReason : null;
    return undefinedBatches;
  }
  r.finite(s.meanOffDiagonal, `${field}.meanOffDiagonal`);
  r.finite(s.minOffDiagonal, `${field}.minOffDiagonal`);
  r.finite(s.fractionNegative, `${field}.fractionNegative`);
  return undefinedBatches;
}

function readCosineMatrix(
  r: FieldReader,
  value: unknown,
  field: string,
  n: number,
  undefinedBatches: Set<unknown>,
): void {
  const rows = r.array(value, field);
  if (!rows) return;
  const wrongLength = (at: string, got: string) =>
    r.problems.push({
      kind: 'invalid-field',
      file: r.file,
      field: at,
      expected: 'square-matrix',
      got,
    });
  if (rows.length !== n) {
    wrongLength(field, `${rows.length} rows`);
    return;
  }
  for (let i = 0; i < n; i++) {
    const row = r.array(rows[i], `${field}[${i}]`);
    if (!row) return;
    if (row.length !== n) {
      wrongLength(`${field}[${i}]`, `${row.length} columns`);
      return;
    }
    for (let j = 0; j < n; j++) {
      const zero = undefinedBatches.has(i) || undefinedBatches.has(j);
      if (row[j] === null && zero) continue;
      if (r.finite(row[j], `${field}[${i}][${j}]`) === undefined) return;
    }
  }
}

/** A zero-gradient batch (listed in `zero`) has no direction: its point may be null. */
function readEmbedding(
  r: FieldReader,
  value: unknown,
  field: string,
  n: number,
  zero: Set<unknown>,
): void {
  const e = r.object(value, field) as Partial<EmbeddingResult> | undefined;
  if (!e) return;
  r.string(e.method, `${field}.method`);
  const points = r.array(e.points, `${field}.points`);
  if (!points) return;
  if (points.length !== n) {
    r.problems.push({
      kind: 'invalid-field',
      file: r.file,
      field: `${field}.points`,
      expected: 'points-2d',
      got: `${points.length} points for ${n} batches`,
    });
    return;
  }
  for (let i = 0; i < points.length; i++) {
    if (points[i] === null && zero.has(i)) continue;
    r.finiteArray(points[i], `${field}.points[${i}]`, 2);
  }
}

function readOutliers(r: FieldReader, value: unknown, field: string): void {
  const o = r.object(value, field) as Partial<OutlierReport> | undefined;
  if (!o) return;
  r.finite(o.threshold, `${field}.threshold`);
  const batches = r.array(o.batches, `${field}.batches`) ?? [];
  batches.forEach((b, i) => {
    const ob = r.object(b, `${field}.batches[${i}]`);
    if (!ob) return;
    if (!Number.isInteger(ob.index)) r.positiveInteger(ob.index, `${field}.batches[${i}].index`);
    // null: the batch's mean cosine is undefined (zero gradient, or too few defined batches).
    if (ob.similarityZ !== null) r.finite(ob.similarityZ, `${field}.batches[${i}].similarityZ`);
    r.finite(ob.normZ, `${field}.batches[${i}].normZ`);
  });
  const samples = r.array(o.samples, `${field}.samples`) ?? [];
  samples.forEach((s, i) => {
    const os = r.object(s, `${field}.samples[${i}]`);
    if (!os) return;
    r.string(os.sampleId, `${field}.samples[${i}].sampleId`);
    r.finite(os.score, `${field}.samples[${i}].score`);
  });
}

function readCriticalBatch(r: FieldReader, value: unknown, field: string): void {
  const c = r.object(value, field) as Partial<CriticalBatchReading> | undefined;
  if (!c) return;
  r.positiveNumber(c.batchSize, `${field}.batchSize`);
  if (c.bNoise !== null) r.finite(c.bNoise, `${field}.bNoise`);
  if (c.learningRateFraction !== null)
    r.finite(c.learningRateFraction, `${field}.learningRateFraction`);
}

function readOnline(r: FieldReader, value: unknown, field: string): void {
  if (!isObject(value)) {
    r.object(value, field);
    return;
  }
  if (value.bSimple !== null) r.finite(value.bSimple, `${field}.bSimple`);
  r.finite(value.steps, `${field}.steps`);
}
