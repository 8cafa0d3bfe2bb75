/**
 * Level below which an analysis window counts as silent or near-silent: RMS −60 dBFS, i.e.
 * 0.1 % of full scale (RMS relative to a full-scale value of 1, so a full-scale square wave is
 * 0 dBFS and a full-scale sine −3 dBFS). A 16-bit recorder's own noise floor sits near −90 dBFS;
 * a window this quiet holds no event, and its spectrogram is mostly the dB floor.
 */
export const SILENCE_THRESHOLD_DBFS = -60;

/** A recording whose analysis window is below `SILENCE_THRESHOLD_DBFS`. */
export interface SilentRecording {
  id: string;
  /** File path, or 'synthetic:<seed>'. */
  source: string;
  /** RMS of the window's samples in dBFS; null when every sample is exactly 0 (−∞ dB). */
  rmsDbfs: number | null;
}

/** Something the caller should show before training, but that does not stop the load. */
export interface DatasetWarning {
  code: 'SILENT_WINDOW';
  /** One line of summary, then one line per recording. */
  message: string;
  recordings: SilentRecording[];
}

/** 20·log10 of the root mean square (accumulated in float64); null for digital silence. */
export function rmsDbfs(samples: ArrayLike<number>): number | null {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? 20 * Math.log10(rms) : null;
}

/** The warning listing silent windows, or none; `window` says which part of each file was measured. */
export function silentWindowWarning(
  silent: SilentRecording[],
  total: number,
  window: string,
): DatasetWarning[] {
  if (silent.length === 0) return [];
  const lines = silent.map(
    (r) =>
      `  - ${r.source} (${r.rmsDbfs === null ? 'all samples 0, −∞' : r.rmsDbfs.toFixed(1)} dBFS)`,
  );
  return [
    {
      code: 'SILENT_WINDOW',
      message: [
        `${silent.length} of ${total} recordings are silent or near-silent in the analysis window (${window}): RMS below ${SILENCE_THRESHOLD_DBFS} dBFS, so their spectrograms are mostly the dB floor; check the files or move the window (--window-start)`,
        ...lines,
      ].join('\n'),
      recordings: silent,
    },
  ];
}
