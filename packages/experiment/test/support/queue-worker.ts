// A queue worker process for the tests: `queue-worker.ts URL OUT`, short BullMQ lock and
// stalled-check times so that a killed worker's job is taken up again within seconds.
import { startQueueWorker } from '../../src/index.js';

const [url, out] = process.argv.slice(2);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
await startQueueWorker(url, {
  out,
  lockDurationMs: 3000,
  stalledIntervalMs: 1500,
  onLog: (line) => print({ log: line }),
  onEvent: (job, event) => {
    if (event.type === 'started' || event.type === 'epochEnd' || event.type === 'runEnd') {
      print({
        job: job.id,
        cellId: job.cellId,
        type: event.type,
        epoch: 'epoch' in event ? event.epoch : null,
      });
    }
  },
});
print({ ready: true });
