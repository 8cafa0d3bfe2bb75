import { EXIT_CODES } from './exit-codes.js';

/** Anything that can be asked to stop at its next safe point. */
export interface Stoppable {
  requestStop(): void;
}

/**
 * Turns SIGINT / SIGTERM into `requestStop()` while installed, so the run finishes its current
 * batch and saves before ending with status 'interrupted' (instead of Node's default: exit at
 * once, mid-write). A second signal does not wait: the process exits with
 * `EXIT_CODES.aborted` (130). Returns the function that uninstalls the handlers; call it when
 * `run()` settles, so that later signals get the default behaviour again.
 */
export function stopOnSignals(
  target: Stoppable,
  signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  let received = 0;
  const handler = () => {
    received += 1;
    if (received > 1) process.exit(EXIT_CODES.aborted);
    target.requestStop();
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
