import type { Recording } from './recording-analysis.js';

/**
 * The rate every spectrogram is computed at: the only one, or with `resample` the most common
 * (ties: the highest) or the one given. Mixed rates without `resample` leave `target` undefined
 * (files are still checked at their own rate) and explain in `mixed`.
 */
export function chooseSampleRate(
  recordings: Recording[],
  resample: boolean | number | undefined,
): { target: number | undefined; mixed: string | null; resampled: number } {
  const byRate = new Map<number, Recording[]>();
  for (const r of recordings)
    byRate.set(r.sampleRateHz, [...(byRate.get(r.sampleRateHz) ?? []), r]);
  const ranked = [...byRate.entries()].sort((a, b) => b[1].length - a[1].length || b[0] - a[0]);
  const count = (target: number) => recordings.filter((r) => r.sampleRateHz !== target).length;
  if (typeof resample === 'number')
    return { target: resample, mixed: null, resampled: count(resample) };
  if (ranked.length <= 1) return { target: ranked[0]?.[0], mixed: null, resampled: 0 };
  if (resample === true)
    return { target: ranked[0][0], mixed: null, resampled: count(ranked[0][0]) };
  const listing = ranked
    .map(
      ([rate, files]) =>
        `${rate} Hz: ${files
          .slice(0, 3)
          .map((f) => f.name)
          .join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`,
    )
    .join('; ');
  return {
    target: undefined,
    mixed: `recordings have different sample rates (${listing}); expected one rate, or resampling: --resample (CLI), data.resample (trainer config) or resample: true (loadDataset) resamples every file to the most common rate, ${ranked[0][0]} Hz, by linear interpolation`,
    resampled: 0,
  };
}
