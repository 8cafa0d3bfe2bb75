import {
  EXIT_CODES,
  ExperimentError,
  LocalExecutor,
  QueueExecutor,
  runSweep,
  type SweepEvent,
  startQueueWorker,
} from '@ranker/experiment';
import type { Language } from '@ranker/report';
import { render } from 'ink';
import { SweepTable } from './components/SweepTable.js';
import { TuiError } from './errors.js';
import { SweepLog } from './sweepLog.js';
import { parseSweepOptions, parseWorkerOptions } from './sweepOptions.js';

export const SWEEP_HELP = [
  'ranker sweep — a grid of runs over run flags, locally or on a BullMQ queue',
  '',
  'usage: ranker sweep [run flags as comma lists] [--seeds N] [--workers N | --queue redis://HOST:PORT] [--out DIR]',
  '  e.g. ranker sweep --quick --frequency 1000,3000 --batch-size 2,4 --seeds 1',
  '',
  '  run flags      any flag of `ranker --help` except --out/--resume/--lang; a comma list is a grid axis',
  '                 (--frequency is --freq)',
  '  --seeds N      seeds 1…N for every grid point (default: --seed, 42)',
  '  --workers N    local worker processes, one run each (default 1: on 2 cores one run uses both)',
  '  --queue URL    put the runs on BullMQ at redis://HOST:PORT; `ranker worker --queue URL` runs them',
  '  --out DIR      sweep directory: sweep.json, runs/, results/, comparison/ (default sweeps/<timestamp>);',
  '                 running the same command again resumes the sweep',
  '  --lang TAG     language of the reports',
  '  --quick, --headless as for a run',
  '',
  'usage: ranker worker --queue redis://HOST:PORT [--out DIR]   (run directories under DIR, default worker-runs)',
].join('\n');

function usageError(error: unknown): number {
  if (!(error instanceof TuiError)) throw error;
  process.stderr.write(`ranker: ${error.message.split('\n').join('\nranker: ')}\n`);
  return EXIT_CODES.usage;
}

/** `ranker sweep …`: runs the grid, shows it live (table, or plain lines without a TTY). */
export async function sweepMain(argv: readonly string[], cwd: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SWEEP_HELP}\n`);
    return 0;
  }
  let options: ReturnType<typeof parseSweepOptions>;
  try {
    options = parseSweepOptions(argv, { cwd });
  } catch (error) {
    return usageError(error);
  }
  const headless = options.headless || !process.stdout.isTTY || Boolean(process.env.CI);
  const lang = options.lang as Language;
  const listeners = new Set<(event: SweepEvent) => void>();
  const log = new SweepLog();
  listeners.add((event) => {
    const lines = log.handle(event);
    if (headless) for (const line of lines) process.stdout.write(`${line}\n`);
  });
  const abort = new AbortController();
  let stops = 0;
  const onSignal = () => {
    stops += 1;
    if (stops > 1) process.exit(EXIT_CODES.aborted);
    if (headless) process.stdout.write('stopping: running cells checkpoint and end…\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const app = headless
    ? null
    : render(
        <SweepTable
          subscribe={(listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          }}
          onStop={onSignal}
        />,
        { exitOnCtrlC: false },
      );
  try {
    const outcome = await runSweep(options.plan, {
      dir: options.out,
      lang,
      signal: abort.signal,
      onEvent: (event) => {
        for (const listener of listeners) listener(event);
      },
      executor: (sweep) =>
        options.queue
          ? new QueueExecutor(options.queue, sweep.sweepId, lang)
          : new LocalExecutor(options.workers, sweep.runsDir, lang),
    });
    if (app) {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the last frame
      app.unmount();
    }
    process.stdout.write(
      `sweep ${outcome.dir}: ${outcome.counts.completed}/${log.state.cells.length} cells completed; comparison: ${outcome.comparisonPath ?? 'not written'}\n`,
    );
    if (outcome.counts.completed === log.state.cells.length) return 0;
    process.stdout.write('run the same command again to resume the sweep\n');
    // A user's stop is a clean end, as for a run (the trainer's EXIT_CODES).
    return outcome.counts.failed > 0 ? EXIT_CODES.failed : EXIT_CODES.interrupted;
  } catch (error) {
    app?.unmount();
    if (!(error instanceof ExperimentError)) throw error;
    process.stderr.write(`ranker: ${error.message}\n`);
    return EXIT_CODES.failed;
  }
}

/** `ranker worker --queue URL [--out DIR]`: runs queued cells until stopped (Ctrl-C, SIGTERM). */
export async function workerMain(argv: readonly string[], cwd: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SWEEP_HELP}\n`);
    return 0;
  }
  let options: ReturnType<typeof parseWorkerOptions>;
  try {
    options = parseWorkerOptions(argv, { cwd });
  } catch (error) {
    return usageError(error);
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let worker: Awaited<ReturnType<typeof startQueueWorker>>;
  try {
    worker = await startQueueWorker(options.queue, {
      out: options.out,
      onLog: print,
      onEvent: (job, event) => {
        if (event.type === 'epochEnd') {
          print(
            `[${job.cellId}] epoch ${event.epoch} · validation loss ${event.validationLoss.toPrecision(4)} · ${event.seconds.toFixed(1)} s`,
          );
        } else if (event.type === 'runEnd') {
          print(`[${job.cellId}] ${event.status} after ${event.epochsCompleted} epochs`);
        } else if (event.type === 'fatal') {
          print(`[${job.cellId}] error [${event.code}]: ${event.message}`);
        }
      },
    });
  } catch (error) {
    if (!(error instanceof ExperimentError)) throw error;
    process.stderr.write(`ranker: ${error.message}\n`);
    return 1;
  }
  print(`worker ready: taking runs from ${options.queue}, run directories under ${options.out}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  print('worker stopping: the run in progress checkpoints and goes back to the queue');
  await worker.close();
  return 0;
}
