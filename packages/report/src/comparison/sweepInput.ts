import { FieldReader, isObject } from '../fieldReader.js';
import type { ProbeRecord } from '../probeRecord.js';
import type { Problem } from '../problems.js';

/**
 * One completed epoch of a run. `steps` and `examples` (pairs) are cumulative: counted from the
 * start of the run to the end of this epoch (so they strictly increase).
 */
export interface SweepEpoch {
  epoch: number;
  steps: number;
  examples: number;
  trainLoss: number;
  validationLoss: number;
  pairwiseAccuracy: number;
  /** Spearman ρ of score and angle on the validation split; null when undefined (constant ranks). */
  spearman: number | null;
}

/** One run of a sweep, as the sweep runner (@ranker/experiment) hands it to the comparison. */
export interface SweepCellResult {
  cellId: string; // e.g. 'frequency=1000,batch-size=2,seed=1'
  /** This cell's grid values, flag name → value (e.g. frequency, material, batch-size). */
  parameters: Record<string, string | number>;
  seed: number;
  status: 'completed' | 'failed' | 'interrupted';
  runDir: string | null; // worker-local run directory, informative only
  batchSize: number; // pairs per optimisation step (a positive integer)
  trainPairsPerEpoch: number;
  /** Physical description of the condition (synthetic generator), or null. */
  conditionNote: string | null;
  /** One entry per completed epoch, ascending. */
  epochs: SweepEpoch[];
  probes: ProbeRecord[];
}

export interface SweepComparisonInput {
  sweepId: string;
  createdAt: string;
  spec: Record<string, unknown>;
  cells: SweepCellResult[];
}

/**
 * A defect of the input. Field defects reuse the run report's Problem (file = the cell, e.g.
 * `cells[2] 'frequency=1000,seed=1'`); the others are the comparison's own.
 */
export type ComparisonProblem =
  | { kind: 'field'; problem: Problem }
  | { kind: 'not-increasing'; where: string; field: string }
  | { kind: 'duplicate-cell'; cellId: string; indices: number[] }
  | { kind: 'batch-size-mismatch'; where: string; parameter: string; batchSize: number }
  | { kind: 'no-epochs'; where: string }
  | { kind: 'cell-not-completed'; cellId: string; status: 'failed' | 'interrupted' }
  | { kind: 'no-usable-cells' };

export interface ReadSweep {
  sweepId: string;
  createdAt: string | null;
  spec: Record<string, unknown>;
  /** Cells in the input, valid or not. */
  totalCells: number;
  /** Every cell that passed validation (any status). */
  valid: SweepCellResult[];
  /** Valid and completed: the cells the statistics use. */
  completed: SweepCellResult[];
  problems: ComparisonProblem[];
}

const STATUSES = ['completed', 'failed', 'interrupted'] as const;
/** The grid flag that sets the batch size; when present it must agree with `batchSize`. */
export const BATCH_SIZE_PARAMETER = 'batch-size';

/**
 * Validates the comparison input. Never throws on bad content: each bad cell is named with every
 * defect and left out; failed/interrupted cells are listed and left out of the statistics.
 */
export function readSweepInput(input: unknown): ReadSweep {
  const problems: ComparisonProblem[] = [];
  const fieldProblems: Problem[] = [];
  const root = new FieldReader('(input)', fieldProblems);
  const object = root.object(input, '(root)') ?? {};
  const sweepId = root.string(object.sweepId, 'sweepId') ?? '(unknown sweep)';
  const createdAt = root.string(object.createdAt, 'createdAt') ?? null;
  const spec = root.object(object.spec, 'spec') ?? {};
  const cells = root.array(object.cells, 'cells') ?? [];
  problems.push(...fieldProblems.splice(0).map((problem) => field(problem)));

  const valid: SweepCellResult[] = [];
  const seen = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const cellId = isObject(cell) && typeof cell.cellId === 'string' ? cell.cellId : null;
    const where = cellId === null ? `cells[${index}]` : `cells[${index}] '${cellId}'`;
    const cellProblems = readCell(cell, where);
    problems.push(...cellProblems);
    if (cellId !== null) seen.set(cellId, [...(seen.get(cellId) ?? []), index]);
    if (cellProblems.length === 0) valid.push(cell as SweepCellResult);
  });
  const duplicates = new Set<string>();
  for (const [cellId, indices] of seen) {
    if (indices.length < 2) continue;
    problems.push({ kind: 'duplicate-cell', cellId, indices });
    duplicates.add(cellId);
  }
  const unique = valid.filter((c) => !duplicates.has(c.cellId));
  for (const c of unique) {
    if (c.status !== 'completed') {
      problems.push({ kind: 'cell-not-completed', cellId: c.cellId, status: c.status });
    }
  }
  const completed = unique.filter((c) => c.status === 'completed');
  if (completed.length === 0) problems.push({ kind: 'no-usable-cells' });
  return { sweepId, createdAt, spec, totalCells: cells.length, valid: unique, completed, problems };
}

function field(problem: Problem): ComparisonProblem {
  return { kind: 'field', problem };
}

function readCell(cell: unknown, where: string): ComparisonProblem[] {
  const problems: ComparisonProblem[] = [];
  const fieldProblems: Problem[] = [];
  const r = new FieldReader(where, fieldProblems);
  const c = r.object(cell, '(cell)');
  if (c) {
    const cellId = r.string(c.cellId, 'cellId');
    if (cellId === '') r.problems.push(invalid(where, 'cellId', 'string', '""'));
    const parameters = r.object(c.parameters, 'parameters');
    for (const [name, value] of Object.entries(parameters ?? {})) {
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        r.problems.push(invalid(where, `parameters.${name}`, 'string', JSON.stringify(value)));
      }
    }
    r.finite(c.seed, 'seed');
    if (!STATUSES.includes(c.status as (typeof STATUSES)[number])) {
      r.problems.push(invalid(where, 'status', 'string', JSON.stringify(c.status)));
    }
    if (c.runDir !== null) r.string(c.runDir, 'runDir');
    const batchSize = r.positiveInteger(c.batchSize, 'batchSize');
    r.positiveInteger(c.trainPairsPerEpoch, 'trainPairsPerEpoch');
    if (c.conditionNote !== null) r.string(c.conditionNote, 'conditionNote');
    const declared = parameters?.[BATCH_SIZE_PARAMETER];
    if (declared !== undefined && batchSize !== undefined && Number(declared) !== batchSize) {
      problems.push({
        kind: 'batch-size-mismatch',
        where,
        parameter: String(declared),
        batchSize,
      });
    }
    const epochs = r.array(c.epochs, 'epochs') ?? [];
    readEpochs(r, epochs, where, problems);
    if (c.status === 'completed' && Array.isArray(c.epochs) && epochs.length === 0) {
      problems.push({ kind: 'no-epochs', where });
    }
    const probes = r.array(c.probes, 'probes') ?? [];
    for (const [i, p] of probes.entries()) readProbe(r, p, `probes[${i}]`);
  }
  return [...fieldProblems.map(field), ...problems];
}

function readEpochs(
  r: FieldReader,
  epochs: unknown[],
  where: string,
  problems: ComparisonProblem[],
): void {
  const last = { epoch: 0, steps: 0, examples: 0 };
  epochs.forEach((value, i) => {
    const at = `epochs[${i}]`;
    const e = r.object(value, at);
    if (!e) return;
    const epoch = r.positiveInteger(e.epoch, `${at}.epoch`);
    const steps = r.positiveInteger(e.steps, `${at}.steps`);
    const examples = r.positiveInteger(e.examples, `${at}.examples`);
    r.finite(e.trainLoss, `${at}.trainLoss`);
    r.finite(e.validationLoss, `${at}.validationLoss`);
    const accuracy = r.finite(e.pairwiseAccuracy, `${at}.pairwiseAccuracy`);
    if (accuracy !== undefined && !(accuracy >= 0 && accuracy <= 1)) {
      r.problems.push(invalid(where, `${at}.pairwiseAccuracy`, 'probability', String(accuracy)));
    }
    if (e.spearman !== null) r.finite(e.spearman, `${at}.spearman`);
    // Cumulative counts strictly increase; equal values mean per-epoch counts were sent.
    for (const [name, v] of [
      ['epoch', epoch],
      ['steps', steps],
      ['examples', examples],
    ] as const) {
      if (v === undefined) continue;
      if (v <= last[name]) problems.push({ kind: 'not-increasing', where, field: `${at}.${name}` });
      last[name] = v;
    }
  });
}

/** The probe fields the comparison states: B_simple, its interval, the mean cosine. */
function readProbe(r: FieldReader, value: unknown, at: string): void {
  const p = r.object(value, at);
  if (!p) return;
  r.positiveInteger(p.epoch, `${at}.epoch`);
  const probe = r.object(p.probe, `${at}.probe`);
  if (!probe) return;
  const ns = r.object(probe.noiseScale, `${at}.probe.noiseScale`);
  if (ns) {
    const f = `${at}.probe.noiseScale`;
    if (ns.bSimple !== null) r.finite(ns.bSimple, `${f}.bSimple`);
    if (ns.interval !== null && ns.interval !== undefined) {
      const ci = r.object(ns.interval, `${f}.interval`);
      if (ci) {
        const level = r.finite(ci.level, `${f}.interval.level`);
        if (level !== undefined && !(level > 0 && level < 1)) {
          r.problems.push(invalid(r.file, `${f}.interval.level`, 'probability', String(level)));
        }
        r.finite(ci.low, `${f}.interval.low`);
        // The interval contract: high is null exactly for a one-sided (lower-bound) interval.
        if (ci.kind === 'lower-bound') {
          if (ci.high !== null)
            r.problems.push(
              invalid(
                r.file,
                `${f}.interval.high`,
                'finite-number',
                `${JSON.stringify(ci.high)} (kind lower-bound needs null)`,
              ),
            );
        } else r.finite(ci.high, `${f}.interval.high`);
      }
    }
  }
  const similarity = r.object(probe.similarity, `${at}.probe.similarity`);
  if (
    similarity &&
    similarity.meanOffDiagonal !== null &&
    similarity.meanOffDiagonal !== undefined
  ) {
    r.finite(similarity.meanOffDiagonal, `${at}.probe.similarity.meanOffDiagonal`);
  }
}

function invalid(file: string, f: string, expected: Problem['expected'], got: string): Problem {
  return { kind: 'invalid-field', file, field: f, expected, got };
}
