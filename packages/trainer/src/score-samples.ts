import type { TrainableModel, TrainingSample } from './model-port.js';

/** Recordings scored per model call: bounds memory for large training sets. */
const SCORE_CHUNK = 64;

/** Inference-mode scores (BN running statistics) of `samples`, in order (validation, audit). */
export function scoreSamples(model: TrainableModel, samples: TrainingSample[]): Float32Array {
  const [height, width] = samples[0].spectrogram.shape;
  const size = height * width;
  const scores = new Float32Array(samples.length);
  for (let start = 0; start < samples.length; start += SCORE_CHUNK) {
    const chunk = samples.slice(start, start + SCORE_CHUNK);
    const inputs = new Float32Array(chunk.length * size);
    chunk.forEach((s, i) => {
      inputs.set(s.spectrogram.data, i * size);
    });
    scores.set(model.score(inputs, chunk.length), start);
  }
  return scores;
}
