import { DspError, problem, type RecordingProblem, throwProblems } from './errors.js';
import { listRecordingFolder } from './folder-dataset.js';
import { readManifest } from './manifest.js';
import { normalizeSpectrogram, spectrogramStatistics } from './normalize.js';
import { type PlantedFault, type PlantSpec, plantFaults } from './plant.js';
import {
  type Analysed,
  analyse,
  openRecordings,
  type Recording,
  seconds,
} from './recording-analysis.js';
import { chooseSampleRate } from './sample-rate.js';
import { DEFAULT_SEED } from './seed.js';
import { SILENCE_THRESHOLD_DBFS, type SilentRecording, silentWindowWarning } from './silence.js';
import {
  type FrequencyBand,
  type SpectrogramOptions,
  validateSpectrogramOptions,
} from './spectrogram.js';
import { generateSyntheticRecordings, type SyntheticOptions } from './synthetic.js';
import { DEFAULT_SYNTHETIC_DIFFICULTY } from './synthetic-nuisance.js';
import type { SpectrogramDataset, SpectrogramSample } from './types.js';

export interface LoadDatasetOptions
  extends Omit<SpectrogramOptions, 'normalize' | 'band' | 'size'> {
  /** 'synthetic', a folder `<root>/<material>/<freq>hz/deg<angle>/*.wav`, or a `.csv` manifest. Default 'synthetic'. */
  source?: string;
  /** Default `DATASET_DEFAULTS.material` ('plastic'). */
  material?: string;
  /** Default `DATASET_DEFAULTS.frequencyHz` (3000). */
  frequencyHz?: number;
  /** [height, width] of every spectrogram. Default `DATASET_DEFAULTS.size` ([64, 64]). */
  size?: [number, number];
  /** Seed of the synthetic generator. Default `DEFAULT_SEED` (42). */
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
  /**
   * Faults to plant (plant.ts), seeded by `seed`, into the waveforms and labels before the
   * spectrograms: works for synthetic, folder and manifest data alike; the list is `planted`.
   */
  plant?: PlantSpec;
}

/**
 * The seed experiment's data (plastic at 3000 Hz) and STFT defaults chosen so [64, 64] covers a
 * synthetic recording's burst and echo at 44.1 kHz. The trainer and the CLI take theirs from here.
 */
export const DATASET_DEFAULTS = {
  material: 'plastic',
  frequencyHz: 3000,
  nFft: 256,
  hop: 32,
  halfBandHz: 1500,
  size: [64, 64] as [number, number],
};

/**
 * Loads labelled spectrograms from the synthetic generator, a recording folder or a CSV
 * manifest. Samples are ordered by angle, then id. At least two angle classes are required.
 * Only each recording's analysis window (the samples its spectrogram's frames read, from
 * `startS` on) is read from disk. Every bad file is reported in one `DspError('BAD_RECORDINGS')`
 * (see `DspError.problems`); silent windows come back as `warnings`.
 */
export async function loadDataset(options: LoadDatasetOptions = {}): Promise<SpectrogramDataset> {
  const source = options.source ?? 'synthetic';
  const material = options.material ?? DATASET_DEFAULTS.material;
  const frequencyHz = options.frequencyHz ?? DATASET_DEFAULTS.frequencyHz;
  const seed = options.seed ?? DEFAULT_SEED;
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
  validateSpectrogramOptions(spectrogramOptions); // once, before any file is read

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
  const planted = options.plant ? plant(recordings, options.plant, seed) : undefined;
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
    description:
      describe(
        label,
        samples,
        anglesDeg,
        sampleRateHz,
        spectrogramOptions,
        normalize,
        rates.resampled,
      ) + (planted ? `; planted ${JSON.stringify(options.plant)} (seed ${seed})` : ''),
    warnings: silentWindowWarning(silent, analysed.length, windowText),
    ...(planted && { planted }),
  };
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

/**
 * Plants `spec` into the opened recordings in place (plant.ts), before any analysis: a faulty
 * recording is read whole once and its reader replaced; a mislabelled one changes `angleDeg`.
 */
function plant(recordings: Recording[], spec: PlantSpec, seed: number): PlantedFault[] {
  const views = recordings.map((r) => {
    let samples: Float32Array | undefined;
    return {
      id: r.id,
      angleDeg: r.angleDeg,
      get samples(): Float32Array {
        samples ??= r.read(0, r.length);
        return samples;
      },
      set samples(value: Float32Array) {
        samples = value;
        r.read = (start, end) => value.subarray(start, end);
      },
    };
  });
  const planted = plantFaults(views, spec, seed);
  views.forEach((v, i) => {
    recordings[i].angleDeg = v.angleDeg;
  });
  return planted;
}
