// The training worker: runs the experiment off the UI thread and posts its events.
import { parentPort, workerData } from 'node:worker_threads';
import { Experiment } from '@ranker/experiment';
import type { Language } from '@ranker/report';
import type { RunCommand } from './control.js';
import type { WorkerData } from './protocol.js';
import { experimentSource } from './runConfig.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const { options } = workerData as WorkerData;
const experiment = new Experiment(experimentSource(options), { lang: options.lang as Language });
experiment.subscribe((event) => port.postMessage(event));
port.on('message', (command: RunCommand) => experiment.command(command));
experiment.run().then(
  () => port.removeAllListeners('message'),
  (error: Error) => {
    port.postMessage({ type: 'fatal', code: 'WORKER_FAILED', message: error.message });
    port.postMessage({
      type: 'runEnd',
      status: 'failed',
      epochsCompleted: 0,
      error: error.message,
    });
  },
);
