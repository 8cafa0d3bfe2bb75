export { DATASET_DEFAULTS, type LoadDatasetOptions, loadDataset } from './dataset.js';
export { DspError, type DspErrorCode, type RecordingProblem } from './errors.js';
export {
  listRecordingFolder,
  type RecordingFolderListing,
  scanRecordingFolder,
} from './folder-dataset.js';
export { readManifest } from './manifest.js';
export {
  normalizeSpectrogram,
  type SpectrogramStatistics,
  spectrogramStatistics,
} from './normalize.js';
export {
  corrupt,
  FAULT_KINDS,
  type FaultKind,
  type PlantAmount,
  type PlantableRecording,
  type PlantedFault,
  type PlantSpec,
  parsePlantSpec,
  plantCounts,
  plantFaults,
} from './plant.js';
export type { RecordingRef, RecordingSelection } from './recording.js';
export { resampleLinear } from './resample.js';
export { createRng, type Rng } from './rng.js';
export { DEFAULT_SEED } from './seed.js';
export {
  type DatasetWarning,
  rmsDbfs,
  SILENCE_THRESHOLD_DBFS,
  type SilentRecording,
} from './silence.js';
export { computeSpectrogram, type FrequencyBand, type SpectrogramOptions } from './spectrogram.js';
export { type SplitOptions, splitDataset } from './split.js';
export { type Stft, type StftOptions, stft } from './stft.js';
export {
  describeSyntheticCondition,
  generateSyntheticRecordings,
  MATERIALS,
  type MaterialProperties,
  SEED_ANGLES_DEG,
  type SyntheticOptions,
  type SyntheticRecording,
  type SyntheticRecordingSet,
} from './synthetic.js';
export {
  DEFAULT_SYNTHETIC_DIFFICULTY,
  resolveNuisance,
  SYNTHETIC_DIFFICULTY,
  type SyntheticDifficulty,
  type SyntheticNuisance,
} from './synthetic-nuisance.js';
export type { Spectrogram, SpectrogramDataset, SpectrogramSample } from './types.js';
export {
  type ByteReader,
  bytesReader,
  type DecodedWav,
  decodeWav,
  encodeWav,
  readWavFrames,
  readWavHeader,
  SUPPORTED_WAV_ENCODINGS,
  type WavBitDepth,
  type WavEncoding,
  type WavHeader,
} from './wav.js';
export {
  type FileByteReader,
  type OpenFile,
  openFile,
  openWav,
  readWav,
  type WavFile,
} from './wav-file.js';
export { createWindow, type WindowName } from './window.js';
export { type WriteSyntheticOptions, writeSyntheticDataset } from './write-synthetic.js';
