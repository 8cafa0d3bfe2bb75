import {
  type AnalysisWindow,
  minimumStftSamples,
  planAnalysisWindow,
  spectrogramOfWindow,
} from './analysis-window.js';
import { DspError, problem, type RecordingProblem } from './errors.js';
import type { RecordingRef } from './recording.js';
import { resampleLinear } from './resample.js';
import { rmsDbfs } from './silence.js';
import type { SpectrogramOptions } from './spectrogram.js';
import { resolveStftOptions } from './stft.js';
import type { SpectrogramSample } from './types.js';
import { openWav } from './wav-file.js';

/** A labelled recording whose samples are read on demand (a WAV file, or generated ones). */
export interface Recording {
  id: string;
  /** File path, or 'synthetic:<seed>'. */
  source: string;
  /** What messages name: the path, or 'synthetic:<seed> <id>'. */
  name: string;
  material: string;
  frequencyHz: number;
  angleDeg: number;
  sampleRateHz: number;
  /** Samples (frames) in the recording. */
  length: number;
  /** Mono samples [start, end), reading no others from disk. */
  read(start: number, end: number): Float32Array;
}

/** What one recording contributes: its sample, or nothing (its problems were recorded). */
export interface Analysed {
  sample: SpectrogramSample;
  window: AnalysisWindow;
  rmsDbfs: number | null;
}

/** Reads each file's header (closing it again); a file that fails adds to `problems`. */
export function openRecordings(refs: RecordingRef[], problems: RecordingProblem[]): Recording[] {
  const recordings: Recording[] = [];
  for (const ref of refs) {
    try {
      const wav = openWav(ref.path);
      wav.close();
      recordings.push({
        id: ref.id,
        source: ref.path,
        name: ref.path,
        material: ref.material,
        frequencyHz: ref.frequencyHz,
        angleDeg: ref.angleDeg,
        sampleRateHz: wav.header.sampleRateHz,
        length: wav.header.frames,
        read(start, end) {
          const file = openWav(ref.path);
          try {
            return file.read(start, end);
          } finally {
            file.close();
          }
        },
      });
    } catch (error) {
      if (!(error instanceof DspError)) throw error;
      problems.push({ path: ref.path, code: error.code, message: error.message });
    }
  }
  return recordings;
}

/**
 * Checks one recording and computes its spectrogram from its analysis window: too short for the
 * STFT, a window starting after its end, and non-finite samples are problems naming the file.
 * Without a `target` rate (mixed rates) only the checks run.
 */
export function analyse(
  recording: Recording,
  target: number | undefined,
  options: SpectrogramOptions,
  problems: RecordingProblem[],
): Analysed | null {
  const source = recording.name;
  let { length, read, sampleRateHz } = recording;
  try {
    if (target !== undefined && target !== sampleRateHz) {
      const whole = read(0, length);
      if (reportNonFinite(whole, 0, recording, problems)) return null;
      const resampled = resampleLinear(whole, sampleRateHz, target);
      [length, sampleRateHz] = [resampled.length, target];
      read = (start, end) => resampled.subarray(start, end);
    }
    const minimum = minimumStftSamples(options);
    if (length < minimum) {
      const { nFft, center, padMode } = resolveStftOptions(options);
      const framing = center ? `centred frames with ${padMode} padding` : 'uncentred frames';
      problems.push(
        problem(
          source,
          'RECORDING_TOO_SHORT',
          `lasts ${seconds(length / sampleRateHz)} (${length} samples at ${sampleRateHz} Hz), shorter than the ${seconds(minimum / sampleRateHz)} (${minimum} samples) the spectrogram needs (STFT window of ${nFft} samples, ${framing}); expected a recording of at least ${seconds(minimum / sampleRateHz)}`,
        ),
      );
      return null;
    }
    const window = planAnalysisWindow(length, sampleRateHz, options);
    if (window === null) {
      problems.push(
        problem(
          source,
          'WINDOW_START_PAST_END',
          `the analysis window starts at ${options.startS} s (startS, CLI --window-start) but the recording lasts only ${seconds(length / sampleRateHz)}; expected a window start below ${seconds(length / sampleRateHz)}`,
        ),
      );
      return null;
    }
    const slice = read(window.read[0], window.read[1]);
    if (reportNonFinite(slice, window.read[0], { ...recording, sampleRateHz }, problems))
      return null;
    if (target === undefined) return null;
    const covered = slice.subarray(
      window.covered[0] - window.read[0],
      window.covered[1] - window.read[0],
    );
    return {
      sample: {
        id: recording.id,
        source: recording.source,
        material: recording.material,
        frequencyHz: recording.frequencyHz,
        angleDeg: recording.angleDeg,
        spectrogram: spectrogramOfWindow(slice, window, sampleRateHz, options),
      },
      window,
      rmsDbfs: rmsDbfs(covered),
    };
  } catch (error) {
    if (!(error instanceof DspError)) throw error;
    const message = error.message.startsWith(source)
      ? error.message
      : `${source}: ${error.message}`;
    problems.push({ path: source, code: error.code, message });
    return null;
  }
}

/** Adds a problem naming the first NaN/±Inf sample (index and time in the file); true if any. */
function reportNonFinite(
  samples: Float32Array,
  offset: number,
  recording: Pick<Recording, 'name' | 'sampleRateHz'>,
  problems: RecordingProblem[],
): boolean {
  let first = -1;
  let count = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count === 0) return false;
  const index = offset + first;
  const more = count > 1 ? `; ${count} of the ${samples.length} samples read are not finite` : '';
  problems.push(
    problem(
      recording.name,
      'NON_FINITE_SAMPLES',
      `sample ${index} (${seconds(index / recording.sampleRateHz)}) is ${samples[first]}${more} (samples ${offset}–${offset + samples.length} read); expected finite audio samples`,
    ),
  );
  return true;
}

/** Seconds for messages: ms below 1 s, 4 significant digits. */
export function seconds(s: number): string {
  return s < 1 ? `${Number((s * 1000).toPrecision(4))} ms` : `${Number(s.toPrecision(4))} s`;
}
