import { DspError } from './errors.js';
import { scanRecordingFolder } from './folder-dataset.js';
import { readManifest } from './manifest.js';
import { normalizeSpectrogram, spectrogramStatistics } from './normalize.js';
import { type PlantSpec, plantFaults } from './plant.js';
import type { RecordingRef } from './recording.js';
import { resampleLinear } from './resample.js';
import { computeSpectrogram, type FrequencyBand, type SpectrogramOptions } from './spectrogram.js';
import { generateSyntheticRecordings, type SyntheticOptions } from './synthetic.js';
import { DEFAULT_SYNTHETIC_DIFFICULTY } from './synthetic-nuisance.js';
import type { SpectrogramDataset, SpectrogramSample } from './types.js';
import { readWav } from './wav.js';

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

/** STFT defaults chosen so [64, 64] covers a synthetic recording's burst and echo at 44.1 kHz. */
export const DATASET_DEFAULTS = {
  nFft: 256,
  hop: 32,
  halfBandHz: 1500,
  size: [64, 64] as [number, number],
};

interface Decoded {
  id: string;
  source: string;
  material: string;
  frequencyHz: number;
  angleDeg: number;
  samples: Float32Array;
  sampleRateHz: number;
}

/**
 * Loads labelled spectrograms from the synthetic generator, a recording folder or a CSV
 * manifest. Samples are ordered by angle, then id. At least two angle classes are required.
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
  let decoded: Decoded[];
  let label = source;
  if (source === 'synthetic') {
    const { difficulty = DEFAULT_SYNTHETIC_DIFFICULTY, nuisance = {} } = options.synthetic ?? {};
    const overrides =
      Object.keys(nuisance).length > 0 ? `, nuisance ${JSON.stringify(nuisance)}` : '';
    label = `synthetic (difficulty ${difficulty}${overrides})`;
    const set = generateSyntheticRecordings({ ...options.synthetic, material, frequencyHz, seed });
    decoded = set.recordings.map((r) => ({
      ...r,
      source: `synthetic:${seed}`,
      sampleRateHz: set.sampleRateHz,
    }));
  } else {
    const selection = { material, frequencyHz };
    const refs = source.toLowerCase().endsWith('.csv')
      ? await readManifest(source, selection)
      : await scanRecordingFolder(source, selection);
    decoded = await decodeAll(refs);
  }
  const anglesDeg = [...new Set(decoded.map((d) => d.angleDeg))].sort((a, b) => a - b);
  if (anglesDeg.length < 2) {
    throw new DspError(
      'TOO_FEW_CLASSES',
      `${source}: found ${anglesDeg.length} angle class (${anglesDeg.join(', ')}°) for '${material}' at ${frequencyHz} Hz; ranking needs at least 2`,
    );
  }
  const sampleRateHz = unifySampleRates(decoded, options.resample);
  const planted = options.plant ? plantFaults(decoded, options.plant, seed) : undefined;

  const spectrogramOptions: SpectrogramOptions = {
    window: options.window,
    center: options.center,
    padMode: options.padMode,
    scaling: options.scaling,
    kind: options.kind,
    scale: options.scale,
    topDb: options.topDb,
    startS: options.startS,
    nFft: options.nFft ?? DATASET_DEFAULTS.nFft,
    hop: options.hop ?? DATASET_DEFAULTS.hop,
    band:
      options.band === undefined
        ? { centerHz: frequencyHz, halfWidthHz: DATASET_DEFAULTS.halfBandHz }
        : options.band,
    size: options.size ?? DATASET_DEFAULTS.size,
    normalize: normalize === 'per-spectrogram' ? 'per-spectrogram' : 'none',
  };
  let samples: SpectrogramSample[] = decoded.map((d) => ({
    id: d.id,
    source: d.source,
    material: d.material,
    frequencyHz: d.frequencyHz,
    angleDeg: d.angleDeg,
    spectrogram: computeSpectrogram(d.samples, sampleRateHz, spectrogramOptions),
  }));
  if (normalize === 'dataset') {
    const statistics = spectrogramStatistics(samples.map((s) => s.spectrogram));
    samples = samples.map((s) => ({
      ...s,
      spectrogram: normalizeSpectrogram(s.spectrogram, statistics),
    }));
  }
  return {
    samples,
    sampleRateHz,
    anglesDeg,
    description:
      describe(label, samples, anglesDeg, sampleRateHz, spectrogramOptions, normalize) +
      (planted ? `; planted ${JSON.stringify(options.plant)} (seed ${seed})` : ''),
    ...(planted && { planted }),
  };
}

async function decodeAll(refs: RecordingRef[]): Promise<Decoded[]> {
  const decoded: Decoded[] = [];
  for (const ref of refs) {
    const wav = await readWav(ref.path);
    decoded.push({
      ...ref,
      source: ref.path,
      samples: wav.samples,
      sampleRateHz: wav.sampleRateHz,
    });
  }
  return decoded;
}

/** Returns the common rate, resampling in place when asked; otherwise mixed rates are an error. */
function unifySampleRates(decoded: Decoded[], resample: boolean | number | undefined): number {
  const byRate = new Map<number, Decoded[]>();
  for (const d of decoded) byRate.set(d.sampleRateHz, [...(byRate.get(d.sampleRateHz) ?? []), d]);
  const ranked = [...byRate.entries()].sort((a, b) => b[1].length - a[1].length || b[0] - a[0]);
  if (typeof resample !== 'number' && ranked.length === 1) return ranked[0][0];
  if (resample === undefined || resample === false) {
    const listing = ranked
      .map(
        ([rate, files]) =>
          `${rate} Hz: ${files
            .slice(0, 3)
            .map((f) => f.source)
            .join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`,
      )
      .join('; ');
    throw new DspError(
      'MIXED_SAMPLE_RATES',
      `recordings have different sample rates (${listing}); expected one rate, or pass resample: true`,
    );
  }
  const target = typeof resample === 'number' ? resample : ranked[0][0];
  for (const d of decoded) {
    d.samples = resampleLinear(d.samples, d.sampleRateHz, target);
    d.sampleRateHz = target;
  }
  return target;
}

function describe(
  source: string,
  samples: SpectrogramSample[],
  anglesDeg: number[],
  sampleRateHz: number,
  o: SpectrogramOptions,
  normalize: string,
): string {
  const [first] = samples;
  const rowsHz = first.spectrogram.frequenciesHz;
  const band = `${rowsHz[0]}–${rowsHz[rowsHz.length - 1]} Hz`;
  return (
    `${source} ${first.material} ${first.frequencyHz} Hz: ${samples.length} samples, ` +
    `${anglesDeg.length} angles (${anglesDeg.join(', ')}°), ${sampleRateHz} Hz; ` +
    `STFT nFft ${o.nFft} hop ${o.hop} ${typeof o.window === 'string' ? o.window : o.window ? 'custom' : 'hann'} window, ` +
    `${o.kind ?? 'magnitude'} ${o.scale ?? 'db'}${(o.scale ?? 'db') === 'db' ? ` (floor max−${o.topDb ?? 80} dB)` : ''}, ` +
    `${band}, [${o.size}] [height, width], normalize ${normalize}`
  );
}
