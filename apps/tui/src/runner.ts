import { createInterface } from 'node:readline';
import type { RunHandle } from './components/App.js';
import { type RunCommand, RunControl } from './control.js';
import type { RunOptions } from './options.js';
import type { RunEvent, WorkerData } from './protocol.js';
import { startWorkerThread } from './workerThread.js';

/** tfjs's advice to install tfjs-node, printed on first use: the backend line already says which backends exist. */
const TFJS_NODE_ADVERT = /^Hi, looks like you are running TensorFlow\.js in Node\.js/;

export interface WorkerRun extends RunHandle {
  /** Resolves once the worker has reported runEnd (or died), after it was terminated. */
  done: Promise<void>;
}

/**
 * Runs the experiment in a worker thread so that training never blocks rendering or keys.
 * A worker that dies without a runEnd is reported as a fatal event and a failed runEnd.
 */
export function startRunInWorker(options: RunOptions): WorkerRun {
  const data: WorkerData = { options };
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
    import.meta.url,
  );
  const worker = startWorkerThread(entry, data);
  const listeners = new Set<(event: RunEvent) => void>();
  const history: RunEvent[] = []; // replayed to late subscribers (small: numbers and probe results)
  let ended = false;
  const deliver = (event: RunEvent) => {
    history.push(event);
    for (const listener of listeners) listener(event);
  };
  // What libraries print in the worker (backend choice, tfjs's banner) becomes log events.
  for (const stream of [worker.stdout, worker.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.trim() !== '' && !/^=+$/.test(line.trim()) && !TFJS_NODE_ADVERT.test(line))
        deliver({ type: 'log', line: line.trim() });
    });
  }
  const done = new Promise<void>((resolve) => {
    worker.on('message', (event: RunEvent) => {
      deliver(event);
      if (event.type === 'runEnd') {
        ended = true;
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', (error) => {
      deliver({ type: 'fatal', code: 'WORKER_FAILED', message: error.message });
    });
    worker.on('exit', (code) => {
      if (!ended) {
        ended = true;
        deliver({
          type: 'runEnd',
          status: 'failed',
          epochsCompleted: 0,
          error: `training worker exited with code ${code}`,
        });
      }
      resolve();
    });
  });
  const control = new RunControl((command: RunCommand) => worker.postMessage(command));
  return {
    control,
    done,
    subscribe(listener) {
      listeners.add(listener);
      for (const event of history) listener(event);
      return () => listeners.delete(listener);
    },
  };
}
