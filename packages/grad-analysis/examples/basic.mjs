import { createGradientCollector } from '@ranker/grad-analysis';

// 12 batch gradients of 4 examples each, taken at the same weights (one "probe").
// Here they are synthetic: a shared mean G (0.05 per coordinate) plus per-batch noise.
const parameterCount = 1000;
let state = 42;
const uniform = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648 - 0.5; // in [−0.5, 0.5)
};

const collector = createGradientCollector({ parameterCount, seed: 1 });
for (let batch = 0; batch < 12; batch++) {
  const gradient = new Float32Array(parameterCount);
  for (let j = 0; j < parameterCount; j++) gradient[j] = 0.05 + 0.5 * uniform();
  const sampleIds = [0, 1, 2, 3].map((k) => `pair-${4 * batch + k}`); // its 4 examples
  collector.add(gradient, 4, { sampleIds });
}

const { noiseScale, similarity, embedding, outliers, criticalBatch } = collector.result();
const ci = noiseScale.interval;
console.log(
  `B_simple = ${noiseScale.bSimple.toFixed(1)} examples (95% CI ${ci.low.toFixed(1)} to ${ci.high.toFixed(1)}, ${similarity.path} path)`,
);
console.log(`B_simple / D = ${noiseScale.bSimplePerParameter.toExponential(2)} per parameter`);
console.log(`mean cosine between batches = ${similarity.meanOffDiagonal.toFixed(3)}`);
console.log(
  `t-SNE points: ${embedding.points.length}, outlier batches: ${outliers.batches.length}`,
);
console.log(criticalBatch.suggestion);
