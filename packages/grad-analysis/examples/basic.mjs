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
// B_simple, its interval, the cosine mean and the embedding can be null (undefined, with a reason).
const { bSimple, bSimplePerParameter, interval: ci } = noiseScale;
/** @type {(x: number | null, digits?: number) => string} */
const fixed = (x, digits = 1) => (x === null ? 'n/a' : x.toFixed(digits));
const range =
  ci === null
    ? `no interval: ${noiseScale.intervalNote}`
    : ci.high === null
      ? `95% bound B_simple ≥ ${fixed(ci.low)}`
      : `95% CI ${fixed(ci.low)} to ${fixed(ci.high)}`;
console.log(
  `B_simple = ${bSimple === null ? `undefined (${noiseScale.undefinedReason})` : `${fixed(bSimple)} examples`} (${range}, ${similarity.path} path)`,
);
console.log(`B_simple / D = ${bSimplePerParameter?.toExponential(2) ?? 'n/a'} per parameter`);
console.log(`mean cosine between batches = ${fixed(similarity.meanOffDiagonal, 3)}`);
console.log(
  `t-SNE points: ${embedding?.points.length ?? 0}, outlier batches: ${outliers.batches.length}`,
);
console.log(criticalBatch.suggestion);
