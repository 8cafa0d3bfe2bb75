import { DspError } from './errors.js';
import type { Spectrogram } from './types.js';

/** Mean and population standard deviation of spectrogram values. */
export interface SpectrogramStatistics {
  mean: number;
  std: number;
}

/** Mean and population std over every value of every spectrogram, accumulated in float64 (two passes). */
export function spectrogramStatistics(spectrograms: Spectrogram[]): SpectrogramStatistics {
  let count = 0;
  let sum = 0;
  for (const s of spectrograms) {
    for (let i = 0; i < s.data.length; i++) sum += s.data[i];
    count += s.data.length;
  }
  if (count === 0) {
    throw new DspError('EMPTY_DATASET', 'cannot compute statistics of zero spectrogram values');
  }
  const mean = sum / count;
  let squares = 0;
  for (const s of spectrograms) {
    for (let i = 0; i < s.data.length; i++) squares += (s.data[i] - mean) ** 2;
  }
  return { mean, std: Math.sqrt(squares / count) };
}

/**
 * z-score: (x − mean) / std. A constant input (std = 0) is only centred, to zeros, rather than
 * divided by zero.
 */
export function normalizeSpectrogram(
  spectrogram: Spectrogram,
  statistics: SpectrogramStatistics = spectrogramStatistics([spectrogram]),
): Spectrogram {
  const { mean, std } = statistics;
  const divisor = std > 0 ? std : 1;
  const data = new Float32Array(spectrogram.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (spectrogram.data[i] - mean) / divisor;
  return { ...spectrogram, data };
}
