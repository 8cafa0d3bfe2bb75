/** Progress bar text, rate and ETA from counts and elapsed time. */

export function progressBar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export interface Rate {
  perSecond: number; // units done per second so far (NaN before the first unit)
  etaSeconds: number; // remaining / perSecond (NaN when unknown)
}

/** Mean rate since the start: remaining work at that rate gives the ETA. */
export function rateAndEta(done: number, total: number, elapsedSeconds: number): Rate {
  if (done <= 0 || elapsedSeconds <= 0) return { perSecond: Number.NaN, etaSeconds: Number.NaN };
  const perSecond = done / elapsedSeconds;
  return { perSecond, etaSeconds: Math.max(0, total - done) / perSecond };
}
