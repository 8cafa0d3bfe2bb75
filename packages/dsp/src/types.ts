import type { PlantedFault } from './plant.js';
import type { DatasetWarning } from './silence.js';

/** A real-valued time–frequency image, row-major [frequencyBins, frames] = model [height, width]. */
export interface Spectrogram {
  data: Float32Array;
  /** [frequencyBins, frames] */
  shape: [number, number];
  /** Centre frequency of each row (Hz). */
  frequenciesHz: Float64Array;
  /** Centre time of each column (seconds). */
  timesS: Float64Array;
}

/** One labelled recording as the model sees it. */
export interface SpectrogramSample {
  /** Stable and unique, e.g. 'plastic/3000hz/deg036/003.wav'. */
  id: string;
  /** File path, or 'synthetic:<seed>'. */
  source: string;
  material: string;
  frequencyHz: number;
  /** The label; ranking order is by angle. */
  angleDeg: number;
  spectrogram: Spectrogram;
}

export interface SpectrogramDataset {
  samples: SpectrogramSample[];
  sampleRateHz: number;
  /** Distinct angles present, ascending. */
  anglesDeg: number[];
  /** One line for people and run configs: source, counts, STFT and scaling settings. */
  description: string;
  /** Things to show before training that do not stop it (silent analysis windows); [] if none. */
  warnings: DatasetWarning[];
  /** Faults planted by `loadDataset({ plant })` (plant.ts); absent when nothing was planted. */
  planted?: PlantedFault[];
}
