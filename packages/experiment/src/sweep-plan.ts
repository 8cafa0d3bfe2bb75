import type { RunConfigInput } from '@ranker/trainer';

/** One cell of a sweep's grid: a run with its own grid values and seed. */
export interface SweepCell {
  /** `flag=value,…,seed=N` in the grid's flag order, e.g. 'frequency=1000,batch-size=2,seed=1'. */
  id: string;
  /** This cell's grid values, flag name → value. */
  parameters: Record<string, string | number>;
  seed: number;
  /** The run directory's name: `id` with characters unsafe in file names replaced. */
  runId: string;
  /** The run to start, except where it goes (`outDir` is the executor's). */
  run: Omit<RunConfigInput, 'outDir' | 'runId'>;
  /** Physical description of the condition (synthetic data), or null for recorded data. */
  conditionNote: string | null;
}

/** A sweep: what was asked (`spec`, compared on resume) and the cells it expands to. */
export interface SweepPlan {
  spec: Record<string, unknown>;
  cells: SweepCell[];
}

/** `flag=value,…,seed=N`, the cell id the comparison report and sweep.json use. */
export function cellId(parameters: Record<string, string | number>, seed: number): string {
  return [...Object.entries(parameters), ['seed', seed]].map(([k, v]) => `${k}=${v}`).join(',');
}

/** A folder name for a cell id: `=` → `-`, `,` → `_`, anything else outside [A-Za-z0-9._-] → `_`. */
export function cellRunId(id: string): string {
  return id
    .replaceAll('=', '-')
    .replaceAll(',', '_')
    .replace(/[^A-Za-z0-9._-]/g, '_');
}
