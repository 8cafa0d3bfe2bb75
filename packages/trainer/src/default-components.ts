import { loadDataset, splitDataset } from '@ranker/dsp';
import { createRanker, samplePairs, selectBackend } from '@ranker/model';
import type { TrainerComponents } from './components.js';

/** The real model (@ranker/model's ResNet ranker) and data (@ranker/dsp). */
export const defaultComponents: TrainerComponents = {
  async createModel(config) {
    const backend = await selectBackend(config.backend);
    const model = await createRanker({
      inputShape: config.data.size,
      depth: config.model.depth,
      widthMultiplier: config.model.widthMultiplier,
      seed: config.training.seed,
      margin: config.training.margin,
      learningRate: config.training.learningRate,
      weightDecay: config.training.weightDecay,
    });
    return { model, backend: { name: backend.name, reason: backend.reason } };
  },

  async loadData(config) {
    const { source, material, frequencyHz, size, seed, validationFraction } = config.data;
    const { perAngle, difficulty, nuisance, resample, windowStartS: startS, plant } = config.data;
    const synthetic = { perClass: perAngle, difficulty, nuisance };
    const options = { source, material, frequencyHz, size, seed, synthetic, resample, startS };
    const dataset = await loadDataset({ ...options, ...(plant && { plant }) });
    const { train, validation } = splitDataset(dataset.samples, { validationFraction, seed });
    const warnings = dataset.warnings.map((w) => w.message);
    const { description, planted } = dataset;
    return { train, validation, description, warnings, ...(planted && { planted }) };
  },

  samplePairs,
};
