import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, SweepCellResult } from '@ranker/report';
import { DEFAULT_TRAINING } from '@ranker/trainer';
import type { ExperimentCommand, ExperimentEvent } from './events.js';
import { Experiment } from './experiment.js';
import type { SweepCell } from './sweep-plan.js';

export interface RunCellOptions {
  lang?: Language;
  onEvent?: (event: ExperimentEvent) => void;
  /** Receives the function that sends commands (stop on a signal) to the cell's experiment. */
  control?: (send: (command: ExperimentCommand) => void) => void;
}

/**
 * Runs one sweep cell in `<outDir>/<cell.runId>`: starts it, or resumes it exactly when that run
 * directory already holds a run (an interrupted cell, a queue job taken up again by the same
 * worker). Resolves with the cell's result; a run that cannot start is a 'failed' result.
 */
export async function runCell(
  cell: SweepCell,
  outDir: string,
  options: RunCellOptions = {},
): Promise<{ result: SweepCellResult; error: string | null }> {
  const runDir = join(outDir, cell.runId);
  const source = existsSync(join(runDir, 'config.json'))
    ? { resume: runDir }
    : { start: { ...cell.run, runId: cell.runId, outDir } };
  const experiment = new Experiment(source, { lang: options.lang });
  if (options.onEvent) experiment.subscribe(options.onEvent);
  options.control?.((command) => experiment.command(command));
  const { status, summary, error } = await experiment.run();
  const result: SweepCellResult = {
    cellId: cell.id,
    parameters: cell.parameters,
    seed: cell.seed,
    status,
    runDir: summary?.runDir ?? null,
    batchSize: summary?.batchSize ?? cell.run.training?.batchSize ?? DEFAULT_TRAINING.batchSize,
    trainPairsPerEpoch: summary?.trainPairsPerEpoch ?? 0,
    conditionNote: cell.conditionNote,
    epochs: summary?.epochs ?? [],
    probes: summary?.probes ?? [],
  };
  return { result, error: error ?? null };
}
