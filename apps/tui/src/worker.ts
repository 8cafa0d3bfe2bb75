// The training worker: runs the experiment off the UI thread and posts its events.
import { parentPort, workerData } from 'node:worker_threads';
import type { RunCommand } from './control.js';
import { runExperiment } from './experiment.js';
import type { WorkerData } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const { options } = workerData as WorkerData;
runExperiment(
  options,
  (event) => port.postMessage(event),
  (listener) => {
    const onMessage = (command: RunCommand) => listener(command);
    port.on('message', onMessage);
    return () => port.off('message', onMessage);
  },
).catch((error: Error) => {
  port.postMessage({ type: 'fatal', code: 'WORKER_FAILED', message: error.message });
  port.postMessage({ type: 'runEnd', status: 'failed', epochsCompleted: 0, error: error.message });
});
