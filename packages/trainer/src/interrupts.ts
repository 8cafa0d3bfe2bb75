/** Anything that can be asked to stop at its next safe point. */
export interface Stoppable {
  requestStop(): void;
}

/**
 * Turns SIGINT / SIGTERM into `requestStop()` while installed, so the run finishes (or
 * discards) its current batch and saves before ending with status 'interrupted'. A second
 * signal is left to Node's default handling (immediate exit) once this is uninstalled.
 * Returns the function that uninstalls the handlers.
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
