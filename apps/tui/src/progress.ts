/** Progress bar text and rate from counts and elapsed time. */

export function progressBar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Units done per second so far (NaN before the first unit). The ETA is runState's etaSeconds. */
export function ratePerSecond(done: number, elapsedSeconds: number): number {
  return done <= 0 || elapsedSeconds <= 0 ? Number.NaN : done / elapsedSeconds;
}
