import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts `entry` in a worker thread. Built JavaScript runs directly. A TypeScript entry (tests,
 * tsx) is loaded through tsx's require hook, because Node 20 does not apply `--import tsx`
 * loader hooks to a worker's entry module; workspace packages then resolve to their sources.
 */
export function startWorkerThread(entry: URL, workerData: unknown): Worker {
  // stdout/stderr are captured (not copied to the terminal, where they would tear Ink's frame).
  const stdio = { stdout: true, stderr: true };
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, ...stdio });
  const file = fileURLToPath(entry);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, ${JSON.stringify(file)});`;
  return new Worker(bootstrap, {
    eval: true,
    workerData,
    execArgv: ['--conditions=@ranker/source'],
  });
}
