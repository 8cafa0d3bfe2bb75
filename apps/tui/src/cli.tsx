#!/usr/bin/env node
import './no-color.js';
import { EXIT_CODES, stopOnSignals } from '@ranker/experiment';
import { TuiError } from './errors.js';
import { HeadlessLog } from './headless.js';
import { helpText, parseOptions } from './options.js';
import { startRunInWorker } from './runner.js';
import { errorLine, exitCodeOf, summaryLines } from './summary.js';

/**
 * `ranker [flags]`: parses the flags, runs the experiment in a worker, shows it, exits with its
 * status. `ranker sweep …` and `ranker worker …` run grids of runs (sweepCommand.tsx).
 */
async function main(): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const args = process.argv[2] === '--' ? process.argv.slice(3) : process.argv.slice(2);
  // Imported on demand: sweepCommand loads ink (its live table), which a single run's headless
  // mode never needs.
  if (args[0] === 'sweep') return (await import('./sweepCommand.js')).sweepMain(args.slice(1), cwd);
  if (args[0] === 'worker')
    return (await import('./sweepCommand.js')).workerMain(args.slice(1), cwd);
  let parsed: ReturnType<typeof parseOptions>;
  try {
    // pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command.
    parsed = parseOptions(process.argv.slice(2), { cwd: process.env.INIT_CWD ?? process.cwd() });
  } catch (error) {
    if (!(error instanceof TuiError)) throw error;
    process.stderr.write(`ranker: ${error.message}\n`);
    return EXIT_CODES.usage;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  const options = parsed.options;
  const headless = options.headless || !process.stdout.isTTY || Boolean(process.env.CI);

  const run = startRunInWorker(options);
  const log = new HeadlessLog(options); // folds the events for the final summary in both modes
  run.subscribe((event) => {
    const lines = log.handle(event, Date.now());
    if (headless) for (const line of lines) process.stdout.write(`${line}\n`);
  });
  // A signal stops at the next batch (checkpoint, partial report); a second one exits at once.
  stopOnSignals({
    requestStop() {
      if (headless)
        process.stdout.write('stopping: finishing the batch, checkpoint, partial report…\n');
      run.control.stop();
    },
  });

  if (!headless) {
    // Loaded only for the dashboard, after the worker started: ink and React take seconds to
    // import on a busy 2-core machine, which a headless run need not wait for.
    const [{ render }, { App }] = await Promise.all([import('ink'), import('./components/App.js')]);
    const app = render(<App run={run} expectation={options} />, { exitOnCtrlC: false });
    await run.done;
    await new Promise((resolve) => setTimeout(resolve, 300)); // lets the last frame draw
    app.unmount(); // (the App has exited itself on runEnd; waitUntilExit would never settle now)
  } else {
    await run.done;
  }
  process.stdout.write(`${summaryLines(log.state).join('\n')}\n`);
  const error = errorLine(log.state);
  if (error) process.stderr.write(`${error}\n`);
  return exitCodeOf(log.state);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ranker: ${error.stack ?? error.message}\n`);
    process.exit(EXIT_CODES.failed);
  },
);
