/**
 * The package's benches, one after the other (asserts nothing about time):
 * - the default seed run end to end against PyTorch doing the same compute (`seed-run.ts`);
 * - the queue overhead of a sweep on BullMQ against a real redis-server (`queue-overhead.ts`).
 *
 *   pnpm --filter @ranker/experiment bench [-- --only seed-run|queue --runs 3 --epochs 30]
 *
 * `--runs` and `--epochs` are the seed run's (see seed-run.ts); `--only` runs one of the two.
 */
import { parseArgs } from 'node:util';
import { queueOverheadBench } from './queue-overhead.js';
import { seedRunBench } from './seed-run.js';

const BENCHES = ['seed-run', 'queue'] as const;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // `pnpm bench -- …` passes the `--` on
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '30' },
  },
});
const problems: string[] = [];
const only = values.only;
if (only !== undefined && !(BENCHES as readonly string[]).includes(only)) {
  problems.push(`--only: '${only}' is not a bench; expected one of ${BENCHES.join(', ')}`);
}
const positive = (flag: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    problems.push(`--${flag}: '${text}' is not a positive whole number`);
  return n;
};
const runs = positive('runs', values.runs);
const epochs = positive('epochs', values.epochs);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(2);
}

if (only === undefined || only === 'seed-run') {
  console.log('## The seed run against PyTorch\n');
  seedRunBench({ runs, epochs });
}
if (only === undefined || only === 'queue') {
  console.log('\n## Queue overhead of a sweep\n');
  await queueOverheadBench();
}
