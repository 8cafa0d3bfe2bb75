import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import {
  cosineImpliedNoiseScale,
  cosineSimilarity,
  sketchCosineErrorBound,
} from '../src/cosine.js';
import { createRandom } from '../src/random.js';
import { plantedGradients, plantedNoiseScale } from './synthetic.js';

function similarityOf(gradients: Float32Array[], budget: number, k = 2048, seed = 0) {
  const collector = createGradientCollector({
    parameterCount: gradients[0].length,
    sketchDimension: k,
    exactBudgetBytes: budget,
    seed,
  });
  for (const g of gradients) collector.add(g, 4);
  const c = collector.collected();
  return cosineSimilarity(c.gram, gradients.length, c.path, c.sketchDimension);
}

describe('cosineSimilarity', () => {
  it('summarises a hand-computed 3-batch case', () => {
    // (1,0), (0,1), (−1,1)/… : cos12 = 0, cos13 = −1/√2, cos23 = 1/√2
    const s = similarityOf(
      [Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(-1, 1)],
      1e9,
    );
    const r = Math.SQRT1_2;
    expect(s.path).toBe('exact');
    expect(s.errorBound).toBeNull();
    expect(s.matrix[0][1]).toBe(0);
    expect(s.matrix[0][2]).toBeCloseTo(-r, 12);
    expect(s.matrix[1][2]).toBeCloseTo(r, 12);
    expect(s.matrix[2][2]).toBe(1);
    expect(s.meanOffDiagonal).toBeCloseTo(0, 12);
    expect(s.minOffDiagonal).toBeCloseTo(-r, 12);
    expect(s.fractionNegative).toBeCloseTo(2 / 6, 12);
    expect(s.perBatchMean[0]).toBeCloseTo(-r / 2, 12);
    expect(s.perBatchMean[1]).toBeCloseTo(r / 2, 12);
    expect(s.definedPairs).toBe(3);
    expect(s.status).toBe('ok');
    expect(s.undefinedReason).toBeNull();
  });

  it('writes null (not 0) for the cosines of a zero gradient and summarises the defined pairs only', () => {
    // The hand case above with a zero gradient inserted as batch 2: its row and column are null,
    // and every summary equals the 3-batch one (a placeholder 0 would pull the mean and min).
    const s = similarityOf(
      [Float32Array.of(1, 0), Float32Array.of(0, 1), new Float32Array(2), Float32Array.of(-1, 1)],
      1e9,
    );
    const r = Math.SQRT1_2;
    expect(s.matrix[2]).toEqual([null, null, null, null]);
    expect(s.matrix.map((row) => row[2])).toEqual([null, null, null, null]);
    expect(s.matrix[0][0]).toBe(1);
    expect(s.matrix[0][3]).toBeCloseTo(-r, 12);
    expect(s.undefinedBatches).toEqual([2]);
    expect(s.definedPairs).toBe(3);
    expect(s.status).toBe('ok');
    expect(s.meanOffDiagonal).toBeCloseTo(0, 12);
    expect(s.minOffDiagonal).toBeCloseTo(-r, 12);
    expect(s.fractionNegative).toBeCloseTo(1 / 3, 12); // 2 of 6 ordered defined entries
    expect(s.perBatchMean[0]).toBeCloseTo(-r / 2, 12);
    expect(s.perBatchMean[2]).toBeNull();
    expect(s.perBatchMean[3]).toBeCloseTo(0, 12); // (−r + r)/2
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('is undefined, with the reason, when fewer than 2 gradients are non-zero', () => {
    const s = similarityOf([Float32Array.of(3, 4), new Float32Array(2), new Float32Array(2)], 1e9);
    expect(s.status).toBe('undefined');
    expect(s.definedPairs).toBe(0);
    expect(s.matrix).toEqual([
      [1, null, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(s.meanOffDiagonal).toBeNull();
    expect(s.minOffDiagonal).toBeNull();
    expect(s.fractionNegative).toBeNull();
    expect(s.perBatchMean).toEqual([null, null, null]);
    expect(s.undefinedReason).toBe(
      '2 of 3 batch gradients are exactly zero (a zero vector has no direction): fewer than 2 directions, so no cosine is defined',
    );
  });

  it('gives cosines 0 for orthogonal gradients (exact path) and within the bound from sketches', () => {
    const d = 4000;
    const gradients = Array.from({ length: 8 }, (_, i) => {
      const g = new Float32Array(d);
      for (let j = i * 500; j < (i + 1) * 500; j++) g[j] = Math.cos(j); // disjoint supports
      return g;
    });
    const exact = similarityOf(gradients, 1e9);
    const sketch = similarityOf(gradients, 0, 1024);
    expect(sketch.path).toBe('sketch');
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        if (i === j) continue;
        expect(exact.matrix[i][j]).toBe(0);
        expect(Math.abs(sketch.matrix[i][j]!)).toBeLessThanOrEqual(sketch.errorBound!);
      }
    }
  });

  it('sketched cosines match exact ones: ≥ 95% within the stated bound, RMS error ≈ √((1+cos²)/k)', () => {
    const d = 3000;
    const k = 512;
    const random = createRandom(5);
    const shared = Float64Array.from({ length: d }, () => random.normal());
    // Mixed directions: cosines spread over roughly [0, 0.8].
    const gradients = Array.from({ length: 16 }, (_, i) =>
      Float32Array.from(shared, (s) => (i / 16) * s + random.normal()),
    );
    const exact = similarityOf(gradients, 1e9);
    let within = 0;
    let squared = 0;
    let expected = 0;
    let pairs = 0;
    for (let seed = 0; seed < 4; seed++) {
      const sketch = similarityOf(gradients, 0, k, seed);
      expect(sketch.errorBound).toBeCloseTo(sketchCosineErrorBound(k), 12);
      for (let i = 0; i < 16; i++) {
        for (let j = i + 1; j < 16; j++) {
          const error = sketch.matrix[i][j]! - exact.matrix[i][j]!;
          if (Math.abs(error) <= sketch.errorBound!) within++;
          squared += error * error;
          expected += (1 + exact.matrix[i][j]! ** 2) / k;
          pairs++;
        }
      }
    }
    expect(within / pairs).toBeGreaterThanOrEqual(0.95);
    const ratio = Math.sqrt(squared / expected);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
  });

  it('implies B(1/mean_cos − 1) ≈ the planted B_simple', () => {
    const mean = new Float64Array(400).fill(0.05); // |G|² = 1
    const sigma = Math.sqrt(8 / 400); // B_simple = 8, so E cos ≈ 1/(1 + 8/4) = 1/3
    const truth = plantedNoiseScale(mean, sigma);
    const s = similarityOf(
      plantedGradients({ mean, sigma, batchSize: 4, batches: 30, seed: 2 }),
      1e9,
    );
    expect(s.meanOffDiagonal!).toBeGreaterThan(0.28);
    expect(s.meanOffDiagonal).toBeLessThan(0.39);
    const implied = cosineImpliedNoiseScale(s.meanOffDiagonal!, 4)!;
    expect(Math.abs(implied - truth) / truth).toBeLessThan(0.2);
    expect(cosineImpliedNoiseScale(-0.1, 4)).toBeNull();
  });
});
