import { type CriticalBatchFit, fitCriticalBatch } from '@ranker/grad-analysis';
import { type SeedSummary, summariseSeeds, type WelchTest, welchTest } from './seedStatistics.js';
import { BATCH_SIZE_PARAMETER, type SweepCellResult } from './sweepInput.js';

/**
 * The training target for the batch-size comparison: the first epoch whose validation pairwise
 * accuracy is at least this. Steps and examples are counted to the end of that epoch, so they are
 * upper bounds at epoch resolution; runs that never reach it are censored (reported, not fitted).
 */
export const TRAINING_TARGET = { metric: 'pairwiseAccuracy', threshold: 0.9 } as const;

/** Factors the frequency/material section compares (grid flag names). */
export const COMPARED_FACTORS = ['frequency', 'material'] as const;

export type TargetOutcome =
  | { reached: true; epoch: number; steps: number; examples: number }
  | { reached: false; epochs: number; steps: number; examples: number };

export interface ProbePoint {
  epoch: number;
  bSimple: number | null;
  status: string;
  low: number | null;
  high: number | null;
  kind: 'two-sided' | 'lower-bound' | null; // null: no interval
  level: number | null;
  method: string | null; // the interval's method, as recorded by the probe
  undefinedReason: string | null;
  meanCosine: number | null;
}

export interface CellSummary {
  cellId: string;
  seed: number;
  conditionKey: string;
  batchSize: number;
  finalEpoch: number;
  spearman: number | null;
  pairwiseAccuracy: number;
  validationLoss: number;
  probes: ProbePoint[];
  /** B_simple and mean cosine at the last probe (null when undefined or no probe). */
  finalBSimple: number | null;
  finalMeanCosine: number | null;
  target: TargetOutcome;
  /** Mean of the defined B_simple of the probes up to the target epoch (all probes if censored). */
  bSimpleToTarget: number | null;
}

export type MetricName =
  | 'spearman'
  | 'pairwiseAccuracy'
  | 'validationLoss'
  | 'bSimple'
  | 'meanCosine';

export interface ConditionSummary {
  key: string;
  parameters: [string, string | number][];
  notes: string[];
  cells: CellSummary[];
  metrics: Record<MetricName, SeedSummary | null>;
}

export interface BatchSizeRow {
  batchSize: number;
  runs: number;
  reached: number;
  steps: SeedSummary | null; // over the runs that reached the target
  examples: SeedSummary | null;
  censored: { cellId: string; epochs: number; steps: number; examples: number }[];
  bSimple: SeedSummary | null; // of the runs' bSimpleToTarget
}

export type NoiseScaleVerdict = 'cannot-tell' | 'no-b-simple' | 'inside' | 'outside';

export interface BatchSizeGroup {
  key: string;
  parameters: [string, string | number][];
  rows: BatchSizeRow[];
  fit: CriticalBatchFit;
  /** B_simple over all runs of the group (each run's mean up to the target). */
  bSimple: SeedSummary | null;
  verdict: NoiseScaleVerdict;
  /** The fit's interval spans more than a factor WIDE_INTERVAL_RATIO. */
  wideInterval: boolean;
  /**
   * Every run that reached the target did so in the same epoch, with the same examples to within
   * SAME_EXAMPLES_RATIO (null otherwise): the target is checked once per epoch, so E is that many
   * epochs of pairs and the fit sees S ∝ 1/B whatever the true trade-off (a resolution limit, not
   * evidence of perfect scaling).
   */
  sameTargetEpoch: number | null;
}

export const WIDE_INTERVAL_RATIO = 10;
/** Examples to target this close (max/min) count as the same for the resolution warning. */
export const SAME_EXAMPLES_RATIO = 1.01;

export interface FactorComparison {
  factor: string;
  levelA: string | number;
  levelB: string | number;
  /** The other parameters, held fixed. */
  fixed: [string, string | number][];
  conditionA: string;
  conditionB: string;
  tests: Record<
    'bSimple' | 'meanCosine' | 'spearman',
    WelchTest & { a: SeedSummary | null; b: SeedSummary | null }
  >;
}

export interface SweepAnalysis {
  cells: CellSummary[];
  conditions: ConditionSummary[];
  batchSizeGroups: BatchSizeGroup[];
  factors: { factor: string; levels: (string | number)[]; comparisons: FactorComparison[] }[];
}

export function analyseSweep(completed: readonly SweepCellResult[]): SweepAnalysis {
  const cells = completed.map(summariseCell);
  const byCondition = groupBy(completed, cells, (c) => parameterEntries(c, []));
  const conditions: ConditionSummary[] = byCondition.map(({ key, parameters, members }) => {
    const summaries = members.map((m) => m.summary);
    const values = (pick: (c: CellSummary) => number | null) =>
      summariseSeeds(summaries.map(pick).filter((v): v is number => v !== null));
    return {
      key,
      parameters,
      notes: [
        ...new Set(members.map((m) => m.cell.conditionNote).filter((n): n is string => n !== null)),
      ],
      cells: summaries,
      metrics: {
        spearman: values((c) => c.spearman),
        pairwiseAccuracy: values((c) => c.pairwiseAccuracy),
        validationLoss: values((c) => c.validationLoss),
        bSimple: values((c) => c.finalBSimple),
        meanCosine: values((c) => c.finalMeanCosine),
      },
    };
  });
  const batchSizeGroups = groupBy(completed, cells, (c) =>
    parameterEntries(c, [BATCH_SIZE_PARAMETER]),
  ).map(({ key, parameters, members }) =>
    batchSizeGroup(
      key,
      parameters,
      members.map((m) => m.summary),
    ),
  );
  return { cells, conditions, batchSizeGroups, factors: compareFactors(conditions) };
}

function summariseCell(cell: SweepCellResult): CellSummary {
  const last = cell.epochs[cell.epochs.length - 1];
  const probes = [...cell.probes]
    .sort((a, b) => a.epoch - b.epoch)
    .map((p): ProbePoint => {
      const ns = p.probe.noiseScale;
      const interval = ns.interval as (typeof ns.interval & { kind?: string }) | null;
      const high: number | null = interval?.high ?? null;
      return {
        epoch: p.epoch,
        bSimple: ns.bSimple,
        status: ns.status ?? (ns.bSimple === null ? 'undefined' : 'ok'),
        low: interval?.low ?? null,
        high: interval && interval.kind !== 'lower-bound' ? high : null,
        kind: interval ? (interval.kind === 'lower-bound' ? 'lower-bound' : 'two-sided') : null,
        level: interval?.level ?? null,
        method: interval?.method ?? null,
        undefinedReason: ns.undefinedReason ?? null,
        meanCosine: p.probe.similarity?.meanOffDiagonal ?? null,
      };
    });
  const finalProbe = probes[probes.length - 1];
  const hit = cell.epochs.find((e) => e.pairwiseAccuracy >= TRAINING_TARGET.threshold);
  const target: TargetOutcome = hit
    ? { reached: true, epoch: hit.epoch, steps: hit.steps, examples: hit.examples }
    : { reached: false, epochs: last.epoch, steps: last.steps, examples: last.examples };
  const upTo = hit ? probes.filter((p) => p.epoch <= hit.epoch) : probes;
  const defined = upTo.map((p) => p.bSimple).filter((v): v is number => v !== null);
  return {
    cellId: cell.cellId,
    seed: cell.seed,
    conditionKey: conditionKey(parameterEntries(cell, [])),
    batchSize: cell.batchSize,
    finalEpoch: last.epoch,
    spearman: last.spearman,
    pairwiseAccuracy: last.pairwiseAccuracy,
    validationLoss: last.validationLoss,
    probes,
    finalBSimple: finalProbe?.bSimple ?? null,
    finalMeanCosine: finalProbe?.meanCosine ?? null,
    target,
    bSimpleToTarget:
      defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null,
  };
}

function batchSizeGroup(
  key: string,
  parameters: [string, string | number][],
  cells: CellSummary[],
): BatchSizeGroup {
  const sizes = [...new Set(cells.map((c) => c.batchSize))].sort((a, b) => a - b);
  const rows = sizes.map((batchSize): BatchSizeRow => {
    const runs = cells.filter((c) => c.batchSize === batchSize);
    const reached = runs.flatMap((c) => (c.target.reached ? [c.target] : []));
    return {
      batchSize,
      runs: runs.length,
      reached: reached.length,
      steps: summariseSeeds(reached.map((t) => t.steps)),
      examples: summariseSeeds(reached.map((t) => t.examples)),
      censored: runs.flatMap((c) =>
        c.target.reached
          ? []
          : [
              {
                cellId: c.cellId,
                epochs: c.target.epochs,
                steps: c.target.steps,
                examples: c.target.examples,
              },
            ],
      ),
      bSimple: summariseSeeds(
        runs.map((c) => c.bSimpleToTarget).filter((v): v is number => v !== null),
      ),
    };
  });
  const fit = fitCriticalBatch(
    cells.flatMap((c) =>
      c.target.reached ? [{ batchSize: c.batchSize, steps: c.target.steps }] : [],
    ),
  );
  const bSimple = summariseSeeds(
    cells.map((c) => c.bSimpleToTarget).filter((v): v is number => v !== null),
  );
  let verdict: NoiseScaleVerdict = 'cannot-tell';
  if (fit.status === 'ok' && fit.interval) {
    if (!bSimple) verdict = 'no-b-simple';
    else
      verdict =
        bSimple.mean >= fit.interval.low && bSimple.mean <= fit.interval.high
          ? 'inside'
          : 'outside';
  }
  const wideInterval =
    fit.interval !== null && fit.interval.high / fit.interval.low > WIDE_INTERVAL_RATIO;
  const reached = cells.flatMap((c) => (c.target.reached ? [c.target] : []));
  const targetEpochs = new Set(reached.map((t) => t.epoch));
  const examples = reached.map((t) => t.examples);
  const sameTargetEpoch =
    targetEpochs.size === 1 &&
    sizes.length > 1 &&
    Math.max(...examples) <= SAME_EXAMPLES_RATIO * Math.min(...examples)
      ? [...targetEpochs][0]
      : null;
  return { key, parameters, rows, fit, bSimple, verdict, wideInterval, sameTargetEpoch };
}

function compareFactors(conditions: ConditionSummary[]): SweepAnalysis['factors'] {
  return COMPARED_FACTORS.flatMap((factor) => {
    const levels = [
      ...new Set(
        conditions.flatMap((c) => c.parameters.filter(([k]) => k === factor).map(([, v]) => v)),
      ),
    ].sort(compareValues);
    if (levels.length < 2) return [];
    const comparisons: FactorComparison[] = [];
    for (const a of conditions) {
      for (const b of conditions) {
        const levelA = a.parameters.find(([k]) => k === factor)?.[1];
        const levelB = b.parameters.find(([k]) => k === factor)?.[1];
        if (levelA === undefined || levelB === undefined || compareValues(levelA, levelB) >= 0)
          continue;
        const rest = (c: ConditionSummary) =>
          conditionKey(c.parameters.filter(([k]) => k !== factor));
        if (rest(a) !== rest(b)) continue;
        const test = (pick: (c: CellSummary) => number | null) => {
          const va = a.cells.map(pick).filter((v): v is number => v !== null);
          const vb = b.cells.map(pick).filter((v): v is number => v !== null);
          return { ...welchTest(va, vb), a: summariseSeeds(va), b: summariseSeeds(vb) };
        };
        comparisons.push({
          factor,
          levelA,
          levelB,
          fixed: a.parameters.filter(([k]) => k !== factor),
          conditionA: a.key,
          conditionB: b.key,
          tests: {
            bSimple: test((c) => c.finalBSimple),
            meanCosine: test((c) => c.finalMeanCosine),
            spearman: test((c) => c.spearman),
          },
        });
      }
    }
    return [{ factor, levels, comparisons }];
  });
}

/** Numbers numerically, then strings alphabetically. */
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** The cell's grid values without the seed (and without `without`), sorted by name. */
function parameterEntries(cell: SweepCellResult, without: string[]): [string, string | number][] {
  return Object.entries(cell.parameters)
    .filter(([k]) => k !== 'seed' && !without.includes(k))
    .sort(([a], [b]) => a.localeCompare(b));
}

export function conditionKey(parameters: [string, string | number][]): string {
  return parameters.length === 0
    ? '(all runs)'
    : parameters.map(([k, v]) => `${k}=${v}`).join(', ');
}

function groupBy(
  cells: readonly SweepCellResult[],
  summaries: CellSummary[],
  entries: (c: SweepCellResult) => [string, string | number][],
) {
  const groups = new Map<
    string,
    {
      key: string;
      parameters: [string, string | number][];
      members: { cell: SweepCellResult; summary: CellSummary }[];
    }
  >();
  cells.forEach((cell, i) => {
    const parameters = entries(cell);
    const key = conditionKey(parameters);
    const group = groups.get(key) ?? { key, parameters, members: [] };
    group.members.push({ cell, summary: summaries[i] });
    groups.set(key, group);
  });
  return [...groups.values()];
}
