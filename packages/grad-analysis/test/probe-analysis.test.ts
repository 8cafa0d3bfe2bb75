import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import type { ProbeAnalysis } from '../src/types.js';
import { plantedGradients, plantedNoiseScale } from './synthetic.js';

describe('collector.result (the whole probe analysis)', () => {
  it('produces plain JSON with every part, on the sketch path, for a seed-sized probe', () => {
    const mean = new Float64Array(2000).fill(0.02); // |G|² = 0.8
    const sigma = 0.1; // tr(Σ) = 20, B_simple = 25
    const collector = createGradientCollector({
      parameterCount: 2000,
      groups: [
        { name: 'conv', length: 500 },
        { name: 'fc', length: 1500 },
      ],
      sketchDimension: 256,
      exactBudgetBytes: 0,
      seed: 4,
    });
    const gradients = plantedGradients({ mean, sigma, batchSize: 4, batches: 12, seed: 8 });
    gradients.forEach((g, b) => {
      collector.add(g, 4, { sampleIds: [`a${b}`, `b${b}`] });
    });
    const analysis = collector.result({ resamples: 200 });
    const copy = JSON.parse(JSON.stringify(analysis)) as ProbeAnalysis;
    expect(copy).toEqual(analysis); // nothing lost in JSON (no typed arrays, NaN or Infinity)

    expect(analysis.batches).toBe(12);
    expect(analysis.batchSize).toBe(4);
    expect(analysis.noiseScale.batchBig).toBe(48);
    expect(analysis.similarity.path).toBe('sketch');
    expect(analysis.noiseScale.interval!.method).toMatch(/from CountSketch k = 256/);
    expect(analysis.groups.map((g) => g.group)).toEqual(['conv', 'fc']);
    expect(analysis.groups[0].interval).toBeNull(); // no per-group inner products on the sketch path
    const truth = plantedNoiseScale(mean, sigma);
    expect(analysis.noiseScale.bSimple).toBeGreaterThan(truth / 2);
    expect(analysis.noiseScale.bSimple).toBeLessThan(truth * 2);
    expect(analysis.embedding!.points).toHaveLength(12);
    expect(analysis.embedding!.perplexity).toBeCloseTo(11 / 3, 12);
    expect(analysis.embedding!.method).toMatch(/PCA\(11\) → exact t-SNE/);
    expect(analysis.outliers.batches).toEqual([]);
    expect(analysis.criticalBatch.batchSize).toBe(4);
    expect(analysis.criticalBatch.learningRateFraction).toBeCloseTo(
      1 / (1 + analysis.noiseScale.bSimple! / 4),
      12,
    );
    expect(analysis.criticalBatch.suggestion).toMatch(/above the batch size 4/);
    expect(analysis.gradientNormsSquared).toHaveLength(12);
  });

  it('is reproducible from its seed', () => {
    const run = () => {
      const collector = createGradientCollector({
        parameterCount: 100,
        sketchDimension: 64,
        exactBudgetBytes: 0,
        seed: 2,
      });
      for (const g of plantedGradients({
        mean: new Float64Array(100).fill(0.1),
        sigma: 0.3,
        batchSize: 4,
        batches: 8,
        seed: 1,
      })) {
        collector.add(g, 4);
      }
      return collector.result({ resamples: 100 });
    };
    expect(run()).toEqual(run());
  });

  it('leaves zero gradients out of the cosine summaries and the cosine-implied noise scale', () => {
    const gradients = plantedGradients({
      mean: new Float64Array(300).fill(0.05),
      sigma: 0.2,
      batchSize: 4,
      batches: 8,
      seed: 3,
    });
    const analyse = (list: Float32Array[]) => {
      const collector = createGradientCollector({ parameterCount: 300, seed: 1 });
      for (const g of list) collector.add(g, 4);
      return collector.result({ resamples: 0, embedding: false });
    };
    const clean = analyse(gradients);
    const withZeros = analyse([new Float32Array(300), ...gradients, new Float32Array(300)]);
    expect(withZeros.similarity.undefinedBatches).toEqual([0, 9]);
    expect(withZeros.similarity.definedPairs).toBe(28);
    expect(withZeros.similarity.meanOffDiagonal).toBeCloseTo(clean.similarity.meanOffDiagonal!, 12);
    expect(withZeros.similarity.minOffDiagonal).toBeCloseTo(clean.similarity.minOffDiagonal!, 12);
    expect(withZeros.cosineImpliedNoiseScale).toBeCloseTo(clean.cosineImpliedNoiseScale!, 9);
    expect(withZeros.similarity.perBatchMean.slice(1, 9)).toEqual(clean.similarity.perBatchMean);
  });

  it('reports all-zero batch gradients as undefined everywhere, with no NaN in the JSON', () => {
    const collector = createGradientCollector({ parameterCount: 8, seed: 1 });
    for (let i = 0; i < 6; i++) collector.add(new Float32Array(8), 4);
    const analysis = collector.result({ resamples: 50 });
    expect(analysis.noiseScale.status).toBe('undefined');
    expect(analysis.noiseScale.zeroGradientBatches).toBe(6);
    expect(analysis.criticalBatch.bNoise).toBeNull();
    expect(analysis.criticalBatch.undefinedReason).toBe(analysis.noiseScale.undefinedReason);
    expect(analysis.cosineImpliedNoiseScale).toBeNull();
    expect(analysis.cosineImpliedUndefinedReason).toMatch(
      /^no cosine is defined: 6 of 6 batch gradients are exactly zero/,
    );
    expect(analysis.similarity.undefinedBatches).toEqual([0, 1, 2, 3, 4, 5]);
    expect(analysis.similarity.status).toBe('undefined');
    expect(analysis.similarity.matrix.flat().every((c) => c === null)).toBe(true);
    expect(analysis.outliers.similarityUndefinedReason).toMatch(/^only 0 of 6 batches/);
    // Every number that survives JSON is finite: no NaN/Infinity silently becomes null.
    const finiteOnly = (v: unknown): boolean =>
      typeof v === 'number'
        ? Number.isFinite(v)
        : Array.isArray(v)
          ? v.every(finiteOnly)
          : v !== null && typeof v === 'object'
            ? Object.values(v).every(finiteOnly)
            : true;
    expect(finiteOnly(analysis)).toBe(true);
  });
});
