#!/usr/bin/env node
import { TuiError } from './errors.js';
import { expectationLine } from './expectation.js';
import { HeadlessLog } from './headless.js';
import { helpText, parseOptions } from './options.js';
import { startRunInWorker } from './runner.js';
import { exitCodeOf, summaryLines } from './summary.js';

const BAD_USAGE = 2;

/** `ranker [flags]`: parses the flags, runs the experiment in a worker, shows it, exits with its status. */
async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    // pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command.
    parsed = parseOptions(process.argv.slice(2), { cwd: process.env.INIT_CWD ?? process.cwd() });
  } catch (error) {
    if (!(error instanceof TuiError)) throw error;
    process.stderr.write(`ranker: ${error.message}\n`);
    return BAD_USAGE;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  const options = parsed.options;
  const headless = options.headless || !process.stdout.isTTY || Boolean(process.env.CI);
  process.stdout.write(`${expectationLine(options)}\n`);

  const run = startRunInWorker(options);
  const log = new HeadlessLog(); // folds the events for the final summary in both modes
  run.subscribe((event) => {
    const lines = log.handle(event, Date.now());
    if (headless) for (const line of lines) process.stdout.write(`${line}\n`);
  });
  let stops = 0;
  const onSignal = () => {
    stops += 1;
    if (stops > 1) process.exit(130); // a second Ctrl-C does not wait for the checkpoint
    if (headless)
      process.stdout.write('stopping: finishing the batch, checkpoint, partial report…\n');
    run.control.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (!headless) {
    // Loaded only for the dashboard, after the worker started: ink and React take seconds to
    // import on a busy 2-core machine, which a headless run need not wait for.
    const [{ render }, { App }] = await Promise.all([import('ink'), import('./components/App.js')]);
    const app = render(<App run={run} />, { exitOnCtrlC: false });
    await run.done;
    await new Promise((resolve) => setTimeout(resolve, 300)); // lets the last frame draw
    app.unmount(); // (the App has exited itself on runEnd; waitUntilExit would never settle now)
  } else {
    await run.done;
  }
  process.stdout.write(`${summaryLines(log.state).join('\n')}\n`);
  return exitCodeOf(log.state);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ranker: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
