import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { Language } from '@ranker/report';
import { renderComparison, type SweepComparisonInput } from '@ranker/report';
import type { ExperimentEvent } from './events.js';
import { type CellStatus, SweepDirectory } from './sweep-directory.js';
import type { SweepExecutor } from './sweep-executor.js';
import type { SweepPlan } from './sweep-plan.js';

/** What a sweep reports while it runs (the terminal's live table folds these). */
export type SweepEvent =
  | {
      type: 'sweepStarted';
      sweepId: string;
      dir: string;
      executor: string;
      cells: { id: string; status: CellStatus; runDir: string | null }[];
      /** Cells that will run now (the others completed in an earlier run of the command). */
      toRun: number;
    }
  | {
      type: 'cellStatus';
      cellId: string;
      status: CellStatus;
      runDir: string | null;
      error: string | null;
    }
  | { type: 'cellEvent'; cellId: string; event: ExperimentEvent }
  | { type: 'log'; line: string }
  | { type: 'comparison'; path: string | null; partial: boolean; problems: string[] }
  | { type: 'sweepEnd'; counts: Record<CellStatus, number> };

export interface SweepOptions {
  /** The sweep directory (`sweep.json`, `runs/`, `results/`, `comparison/`). */
  dir: string;
  /** Builds the executor once the directory is open (the local one runs in `sweep.runsDir`). */
  executor: (sweep: SweepDirectory) => SweepExecutor;
  lang?: Language;
  onEvent?: (event: SweepEvent) => void;
  /** Aborting stops every running cell gracefully; the sweep resumes when run again. */
  signal?: AbortSignal;
}

export interface SweepOutcome {
  sweepId: string;
  dir: string;
  counts: Record<CellStatus, number>;
  comparisonPath: string | null;
}

/**
 * Runs a sweep: opens (or resumes) its directory, runs every cell not yet completed through the
 * executor — an interrupted cell resumes exactly from its checkpoint — records each result as it
 * arrives, then writes the comparison report from all results.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  const emit = options.onEvent ?? (() => {});
  const sweepId = `${basename(options.dir)}-${randomBytes(4).toString('hex')}`;
  const sweep = await SweepDirectory.open(options.dir, plan, sweepId);
  const executor = options.executor(sweep);
  const results = new Set((await sweep.results()).map((r) => r.cellId));
  const pending = sweep.cells.filter((c) => c.status !== 'completed' || !results.has(c.id));
  emit({
    type: 'sweepStarted',
    sweepId: sweep.sweepId,
    dir: sweep.path,
    executor: executor.description,
    cells: sweep.cells.map(({ id, status, runDir }) => ({ id, status, runDir })),
    toRun: pending.length,
  });
  const onAbort = () => executor.stop();
  options.signal?.addEventListener('abort', onAbort);
  const status = (cellId: string) => {
    const cell = sweep.cells.find((c) => c.id === cellId)!;
    emit({
      type: 'cellStatus',
      cellId,
      status: cell.status,
      runDir: cell.runDir,
      error: cell.error,
    });
  };
  try {
    await executor.run(pending, {
      onStart: async (cell) => {
        await sweep.setStatus(cell.id, 'running');
        status(cell.id);
      },
      onEvent: (cellId, event) => emit({ type: 'cellEvent', cellId, event }),
      onResult: async (result, error) => {
        await sweep.recordResult(result, error);
        status(result.cellId);
      },
      onLost: async (cell, reason) => {
        await sweep.setStatus(cell.id, 'interrupted', undefined, reason);
        status(cell.id);
      },
      onLog: (line) => emit({ type: 'log', line }),
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  const counts = countStatuses(sweep);
  const comparisonPath = await writeComparison(sweep, options.lang, emit);
  emit({ type: 'sweepEnd', counts });
  return { sweepId: sweep.sweepId, dir: sweep.path, counts, comparisonPath };
}

function countStatuses(sweep: SweepDirectory): Record<CellStatus, number> {
  const counts: Record<CellStatus, number> = {
    pending: 0,
    running: 0,
    completed: 0,
    interrupted: 0,
    failed: 0,
  };
  for (const cell of sweep.cells) counts[cell.status] += 1;
  return counts;
}

/** `<sweep>/comparison/report.md` from every recorded result (partial while cells are missing). */
async function writeComparison(
  sweep: SweepDirectory,
  lang: Language | undefined,
  emit: (event: SweepEvent) => void,
): Promise<string | null> {
  const input: SweepComparisonInput = {
    sweepId: sweep.sweepId,
    createdAt: sweep.createdAt,
    spec: sweep.spec,
    cells: await sweep.results(),
  };
  const missing = sweep.cells.length - input.cells.filter((c) => c.status === 'completed').length;
  try {
    const out = await renderComparison(input, join(sweep.path, 'comparison'), { lang });
    const problems = [...out.problems];
    if (missing > 0) problems.unshift(`${missing} of ${sweep.cells.length} cells not completed`);
    emit({
      type: 'comparison',
      path: out.reportPath,
      partial: out.partial || missing > 0,
      problems,
    });
    return out.reportPath;
  } catch (error) {
    emit({
      type: 'comparison',
      path: null,
      partial: true,
      problems: [`comparison report failed: ${(error as Error).message}`],
    });
    return null;
  }
}
