import {
  type AnalysisWindow,
  minimumStftSamples,
  planAnalysisWindow,
  spectrogramOfWindow,
} from './analysis-window.js';
import { DspError, problem, type RecordingProblem, throwProblems } from './errors.js';
import { listRecordingFolder } from './folder-dataset.js';
import { readManifest } from './manifest.js';
import { normalizeSpectrogram, spectrogramStatistics } from './normalize.js';
import type { RecordingRef } from './recording.js';
import { resampleLinear } from './resample.js';
import {
  rmsDbfs,
  SILENCE_THRESHOLD_DBFS,
  type SilentRecording,
  silentWindowWarning,
} from './silence.js';
import type { FrequencyBand, SpectrogramOptions } from './spectrogram.js';
import { resolveStftOptions } from './stft.js';
import { generateSyntheticRecordings, type SyntheticOptions } from './synthetic.js';
import { DEFAULT_SYNTHETIC_DIFFICULTY } from './synthetic-nuisance.js';
import type { SpectrogramDataset, SpectrogramSample } from './types.js';
import { openWav } from './wav-file.js';

export interface LoadDatasetOptions
  extends Omit<SpectrogramOptions, 'normalize' | 'band' | 'size'> {
  /** 'synthetic', a folder `<root>/<material>/<freq>hz/deg<angle>/*.wav`, or a `.csv` manifest. Default 'synthetic'. */
  source?: string;
  /** Default 'plastic'. */
  material?: string;
  /** Default 3000. */
  frequencyHz?: number;
  /** [height, width] of every spectrogram. Default [64, 64]. */
  size?: [number, number];
  /** Seed of the synthetic generator. Default 1. */
  seed?: number;
  /** Default: frequencyHz ± 1500 Hz (clipped at 0 Hz); null keeps 0 Hz … Nyquist. */
  band?: FrequencyBand | null;
  /**
   * 'per-spectrogram' (default): z-score each spectrogram. 'dataset': one mean/std over all
   * loaded samples (labels unused, but validation samples contribute). 'none': raw dB values.
   */
  normalize?: 'per-spectrogram' | 'dataset' | 'none';
  /**
   * Recordings at different sample rates are an error unless this is set: true resamples to
   * the most common rate (ties: the highest), a number to that rate (Hz), with `resampleLinear`.
   * A resampled file is read whole (the window is cut after resampling).
   */
  resample?: boolean | number;
  /** Further synthetic-generator settings (angles, recordings per class, rate, duration, difficulty). */
  synthetic?: Omit<SyntheticOptions, 'material' | 'frequencyHz' | 'seed'>;
}

/** STFT defaults chosen so [64, 64] covers a synthetic recording's burst and echo at 44.1 kHz. */
export const DATASET_DEFAULTS = {
  nFft: 256,
  hop: 32,
  halfBandHz: 1500,
  size: [64, 64] as [number, number],
};

/** A labelled recording whose samples are read on demand (a WAV file, or generated ones). */
interface Recording {
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
interface Analysed {
  sample: SpectrogramSample;
  window: AnalysisWindow;
  rmsDbfs: number | null;
}

/**
 * Loads labelled spectrograms from the synthetic generator, a recording folder or a CSV
 * manifest. Samples are ordered by angle, then id. At least two angle classes are required.
 * Only each recording's analysis window (the samples its spectrogram's frames read, from
 * `startS` on) is read from disk. Every bad file is reported in one `DspError('BAD_RECORDINGS')`
 * (see `DspError.problems`); silent windows come back as `warnings`.
 */
export async function loadDataset(options: LoadDatasetOptions = {}): Promise<SpectrogramDataset> {
  const source = options.source ?? 'synthetic';
  const material = options.material ?? 'plastic';
  const frequencyHz = options.frequencyHz ?? 3000;
  const seed = options.seed ?? 1;
  const normalize = options.normalize ?? 'per-spectrogram';
  if (!['per-spectrogram', 'dataset', 'none'].includes(normalize)) {
    throw new DspError(
      'BAD_OPTION',
      `loadDataset option normalize must be 'per-spectrogram', 'dataset' or 'none', got '${normalize}'`,
    );
  }
  const startS = options.startS ?? 0;
  if (!(Number.isFinite(startS) && startS >= 0)) {
    throw new DspError(
      'BAD_OPTION',
      `loadDataset option startS (start of the analysis window, CLI --window-start) must be a finite number ≥ 0 s, got ${startS}`,
    );
  }
  const resample = options.resample;
  if (
    resample !== undefined &&
    typeof resample !== 'boolean' &&
    !(typeof resample === 'number' && resample > 0 && Number.isFinite(resample))
  ) {
    throw new DspError(
      'BAD_OPTION',
      `loadDataset option resample must be true, false or a rate in Hz > 0, got ${resample}`,
    );
  }
  const spectrogramOptions: SpectrogramOptions = {
    window: options.window,
    center: options.center,
    padMode: options.padMode,
    scaling: options.scaling,
    kind: options.kind,
    scale: options.scale,
    topDb: options.topDb,
    startS,
    nFft: options.nFft ?? DATASET_DEFAULTS.nFft,
    hop: options.hop ?? DATASET_DEFAULTS.hop,
    band:
      options.band === undefined
        ? { centerHz: frequencyHz, halfWidthHz: DATASET_DEFAULTS.halfBandHz }
        : options.band,
    size: options.size ?? DATASET_DEFAULTS.size,
    normalize: normalize === 'per-spectrogram' ? 'per-spectrogram' : 'none',
  };
  resolveStftOptions(spectrogramOptions); // bad STFT options fail before any file is read

  const problems: RecordingProblem[] = [];
  let recordings: Recording[];
  let label = source;
  if (source === 'synthetic') {
    const { difficulty = DEFAULT_SYNTHETIC_DIFFICULTY, nuisance = {} } = options.synthetic ?? {};
    const overrides =
      Object.keys(nuisance).length > 0 ? `, nuisance ${JSON.stringify(nuisance)}` : '';
    label = `synthetic (difficulty ${difficulty}${overrides})`;
    const set = generateSyntheticRecordings({ ...options.synthetic, material, frequencyHz, seed });
    recordings = set.recordings.map((r) => ({
      ...r,
      source: `synthetic:${seed}`,
      name: `synthetic:${seed} ${r.id}`,
      sampleRateHz: set.sampleRateHz,
      length: r.samples.length,
      read: (start, end) => r.samples.subarray(start, end),
    }));
  } else {
    const selection = { material, frequencyHz };
    const listing = source.toLowerCase().endsWith('.csv')
      ? { recordings: await readManifest(source, selection), problems: [] }
      : await listRecordingFolder(source, selection);
    problems.push(...listing.problems);
    recordings = openRecordings(listing.recordings, problems);
  }
  const rates = chooseSampleRate(recordings, resample);
  const analysed: Analysed[] = [];
  for (const recording of recordings) {
    const result = analyse(recording, rates.target, spectrogramOptions, problems);
    if (result) analysed.push(result);
  }
  if (rates.mixed) problems.push(problem(source, 'MIXED_SAMPLE_RATES', rates.mixed));
  if (problems.length === 1 && problems[0].code === 'MIXED_SAMPLE_RATES') {
    throw new DspError('MIXED_SAMPLE_RATES', problems[0].message);
  }
  throwProblems(problems, `dataset ${source}`);

  let samples = analysed.map((a) => a.sample);
  const anglesDeg = [...new Set(samples.map((d) => d.angleDeg))].sort((a, b) => a - b);
  if (anglesDeg.length < 2) {
    throw new DspError(
      'TOO_FEW_CLASSES',
      `${source}: found ${anglesDeg.length} angle class (${anglesDeg.join(', ')}°) for '${material}' at ${frequencyHz} Hz; ranking needs at least 2`,
    );
  }
  const sampleRateHz = rates.target ?? recordings[0].sampleRateHz;
  if (normalize === 'dataset') {
    const statistics = spectrogramStatistics(samples.map((s) => s.spectrogram));
    samples = samples.map((s) => ({
      ...s,
      spectrogram: normalizeSpectrogram(s.spectrogram, statistics),
    }));
  }
  const silent: SilentRecording[] = analysed
    .filter((a) => a.rmsDbfs === null || a.rmsDbfs < SILENCE_THRESHOLD_DBFS)
    .map((a) => ({ id: a.sample.id, source: a.sample.source, rmsDbfs: a.rmsDbfs }));
  const [first] = analysed;
  const windowText = `samples ${first.window.covered[0]}–${first.window.covered[1]} at ${sampleRateHz} Hz, ${seconds(first.window.covered[0] / sampleRateHz)}–${seconds(first.window.covered[1] / sampleRateHz)}`;
  return {
    samples,
    sampleRateHz,
    anglesDeg,
    description: describe(
      label,
      samples,
      anglesDeg,
      sampleRateHz,
      spectrogramOptions,
      normalize,
      rates.resampled,
    ),
    warnings: silentWindowWarning(silent, analysed.length, windowText),
  };
}

/** Reads each file's header (closing it again); a file that fails adds to `problems`. */
function openRecordings(refs: RecordingRef[], problems: RecordingProblem[]): Recording[] {
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
 * The rate every spectrogram is computed at: the only one, or with `resample` the most common
 * (ties: the highest) or the one given. Mixed rates without `resample` leave `target` undefined
 * (files are still checked at their own rate) and explain in `mixed`.
 */
function chooseSampleRate(
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

/**
 * Checks one recording and computes its spectrogram from its analysis window: too short for the
 * STFT, a window starting after its end, and non-finite samples are problems naming the file.
 * Without a `target` rate (mixed rates) only the checks run.
 */
function analyse(
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
    problems.push({ path: source, code: error.code, message: error.message });
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
function seconds(s: number): string {
  return s < 1 ? `${Number((s * 1000).toPrecision(4))} ms` : `${Number(s.toPrecision(4))} s`;
}

function describe(
  source: string,
  samples: SpectrogramSample[],
  anglesDeg: number[],
  sampleRateHz: number,
  o: SpectrogramOptions,
  normalize: string,
  resampled: number,
): string {
  const [first] = samples;
  const rowsHz = first.spectrogram.frequenciesHz;
  const band = `${rowsHz[0]}–${rowsHz[rowsHz.length - 1]} Hz`;
  return (
    `${source} ${first.material} ${first.frequencyHz} Hz: ${samples.length} samples, ` +
    `${anglesDeg.length} angles (${anglesDeg.join(', ')}°), ${sampleRateHz} Hz` +
    `${resampled > 0 ? ` (${resampled} resampled)` : ''}; ` +
    `STFT nFft ${o.nFft} hop ${o.hop} ${typeof o.window === 'string' ? o.window : o.window ? 'custom' : 'hann'} window, ` +
    `${o.kind ?? 'magnitude'} ${o.scale ?? 'db'}${(o.scale ?? 'db') === 'db' ? ` (floor max−${o.topDb ?? 80} dB)` : ''}, ` +
    `${band}, [${o.size}] [height, width]${o.startS ? `, window from ${o.startS} s` : ''}, normalize ${normalize}`
  );
}
