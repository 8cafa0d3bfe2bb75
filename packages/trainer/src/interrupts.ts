/** Anything that can be asked to stop at its next safe point. */
export interface Stoppable {
  requestStop(): void;
}

/**
 * Turns SIGINT / SIGTERM into `requestStop()` while installed, so the run finishes its current
 * batch and saves before ending with status 'interrupted' (instead of Node's default: exit at
 * once, mid-write). Returns the function that uninstalls the handlers; call it when `run()`
 * settles, so that later signals get the default behaviour again.
 */
export function stopOnSignals(
  target: Stoppable,
  signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  const handler = () => target.requestStop();
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
