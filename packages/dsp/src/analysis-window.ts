import { computeSpectrogram, type SpectrogramOptions } from './spectrogram.js';
import { resolveStftOptions } from './stft.js';
import type { Spectrogram } from './types.js';

/**
 * The part of a recording a spectrogram uses: STFT frames `startFrame` … `startFrame + frames − 1`
 * (frame t centred on sample t·hop when centred, starting there otherwise), the samples they read
 * (`covered`), and a slice to read (`read`, a whole number of hops from the start, with margins)
 * whose spectrogram is bit-identical to the whole recording's.
 */
export interface AnalysisWindow {
  startFrame: number;
  /** Frames kept that lie inside the recording (the rest of `size[1]` is padding, silence). */
  frames: number;
  /** Samples [start, end) read by the kept frames, clipped to the recording. */
  covered: [number, number];
  /** Samples [start, end) to read; `start` is a multiple of hop. */
  read: [number, number];
}

/**
 * Fewest samples the STFT accepts: more than nFft/2 with centred reflect padding (numpy's
 * 'reflect' mirrors nFft/2 samples without the edge), one with constant padding, nFft without.
 */
export function minimumStftSamples(options: SpectrogramOptions): number {
  const { nFft, center, padMode } = resolveStftOptions(options);
  if (!center) return nFft;
  return padMode === 'reflect' ? nFft / 2 + 1 : 1;
}

/**
 * Plans the window of a recording of `length` samples; null when the window starts at or after
 * the recording's last frame (nothing of it would be kept). `length` must be at least
 * `minimumStftSamples`.
 */
export function planAnalysisWindow(
  length: number,
  sampleRateHz: number,
  options: SpectrogramOptions,
): AnalysisWindow | null {
  const { nFft, hop, center } = resolveStftOptions(options);
  const total = center ? 1 + Math.floor(length / hop) : 1 + Math.floor((length - nFft) / hop);
  const startFrame = Math.round(((options.startS ?? 0) * sampleRateHz) / hop);
  if (startFrame >= total) return null;
  const frames = Math.min(options.size ? options.size[1] : total, total - startFrame);
  const lastFrame = startFrame + frames - 1;
  const left = center ? nFft / 2 : 0; // frame t reads samples [t·hop − left, t·hop − left + nFft)
  const covered: [number, number] = [
    Math.max(0, startFrame * hop - left),
    Math.min(length, lastFrame * hop - left + nFft),
  ];
  // Margins of more than nFft on both sides: the slice's own edge padding (reflect reads up to
  // nFft/2 + 1 samples from an edge) then reaches no kept frame, unless the edge is the
  // recording's, where the slice pads exactly as the whole recording does.
  const margin = Math.ceil(nFft / hop) + 1;
  const read: [number, number] = [
    Math.max(0, startFrame - margin) * hop,
    Math.min(length, (lastFrame + margin) * hop + nFft),
  ];
  return { startFrame, frames, covered, read };
}

/**
 * The spectrogram of a recording computed from the slice `window.read` alone: the same numbers
 * as `computeSpectrogram` on the whole recording (tested), with the recording's frame times.
 */
export function spectrogramOfWindow(
  slice: ArrayLike<number>,
  window: AnalysisWindow,
  sampleRateHz: number,
  options: SpectrogramOptions,
): Spectrogram {
  const { nFft, hop, center } = resolveStftOptions(options);
  const sliceStartFrame = window.startFrame - window.read[0] / hop;
  const spectrogram = computeSpectrogram(slice, sampleRateHz, {
    ...options,
    startS: (sliceStartFrame * hop) / sampleRateHz,
  });
  // The recording's times, by computeSpectrogram's own formula (frame 0 at 0 s, or nFft/2 later
  // without centring), rather than the slice's shifted ones.
  const offset = (center ? 0 : nFft / 2) / sampleRateHz;
  const hopS = hop / sampleRateHz;
  const { timesS } = spectrogram;
  for (let t = 0; t < timesS.length; t++) timesS[t] = offset + (window.startFrame + t) * hopS;
  return spectrogram;
}
