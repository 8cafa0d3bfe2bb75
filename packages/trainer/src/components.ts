import type { PlantedFault } from '@ranker/dsp';
import type { RunConfig } from './config.js';

export type { PlantedFault };

import type { PairSampler, TrainableModel, TrainingSample } from './model-port.js';

/** A model built for a run, and which backend it runs on (recorded in config.json). */
export interface BuiltModel {
  model: TrainableModel;
  backend: { name: string; reason: string };
}

/** The held-out split of a dataset, in a stable order. */
export interface SplitData {
  train: TrainingSample[];
  validation: TrainingSample[];
  /** Human-readable provenance of the data (e.g. the dsp dataset's description). */
  description: string;
  /** Problems with the data worth telling the user that did not stop the run (e.g. silent windows). */
  warnings?: string[];
  /** Faults planted by `data.plant` (dsp's `PlantedFault`), before the split; absent if none. */
  planted?: PlantedFault[];
}

/**
 * What the trainer is built from. Each is a factory so that a resumed run rebuilds exactly the
 * same model and data from config.json; defaults use @ranker/model and @ranker/dsp.
 */
export interface TrainerComponents {
  /** Default: `selectBackend(config.backend)` then `createRanker(...)` of @ranker/model. */
  createModel: (config: RunConfig) => Promise<BuiltModel>;
  /** Default: `loadDataset` then `splitDataset` of @ranker/dsp. */
  loadData: (config: RunConfig) => Promise<SplitData>;
  /** Default: @ranker/model's `samplePairs`. */
  samplePairs: PairSampler;
}
