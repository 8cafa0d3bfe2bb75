import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { GradAnalysisError } from '../src/errors.js';
import { estimateNoiseScale, twoBatchSizeEstimate } from '../src/noise-scale.js';
import { plantedGradients, plantedNoiseScale } from './synthetic.js';

function collect(
  gradients: Float32Array[],
  batchSize: number,
  groups?: { name: string; length: number }[],
) {
  const collector = createGradientCollector({
    parameterCount: gradients[0].length,
    groups,
    seed: 3,
  });
  for (const g of gradients) collector.add(g, batchSize);
  return collector.collected();
}

describe('twoBatchSizeEstimate (McCandlish et al. 2018, App. A.1)', () => {
  it('inverts the expectations E|G_B|² = |G|² + tr(Σ)/B exactly', () => {
    const g2 = 2.5;
    const trace = 40;
    const { gradientNormSquared, traceCovariance } = twoBatchSizeEstimate(
      g2 + trace / 4,
      4,
      g2 + trace / 48,
      48,
    );
    expect(gradientNormSquared).toBeCloseTo(g2, 12);
    expect(traceCovariance).toBeCloseTo(trace, 10);
  });
});

describe('estimateNoiseScale', () => {
  it('recovers a planted B_simple inside its 95% bootstrap interval in ≥ 90% of seeded trials', () => {
    const d = 64;
    const mean = new Float64Array(d).fill(1 / 8); // |G|² = 1
    const sigma = Math.sqrt(16 / d); // B_simple = 16 examples
    const truth = plantedNoiseScale(mean, sigma);
    expect(truth).toBeCloseTo(16, 10);
    let covered = 0;
    let meanWidth = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const c = collect(
        plantedGradients({ mean, sigma, batchSize: 4, batches: 40, seed: 100 + t }),
        4,
      );
      const estimate = estimateNoiseScale({ ...c, gram: c.gram }, { seed: t, resamples: 400 });
      if (estimate.interval!.low <= truth && truth <= estimate.interval!.high!) covered++;
      meanWidth += (estimate.interval!.high! - estimate.interval!.low) / trials;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
    expect(meanWidth).toBeLessThan(truth); // informative, not a trivially wide interval
  });

  it('names its studentized interval, which contains the point estimate on seed-sized (12-batch) probes', () => {
    // The jackknife se is checked against brute force in bootstrap-t.test.ts; coverage of the
    // planted truth is the test above and interval-coverage.slow.test.ts.
    const d = 64;
    const mean = new Float64Array(d).fill(1 / 8);
    const sigma = Math.sqrt(16 / d);
    let contained = 0;
    const trials = 30;
    for (let t = 0; t < trials; t++) {
      const c = collect(
        plantedGradients({ mean, sigma, batchSize: 4, batches: 12, seed: 300 + t }),
        4,
      );
      const estimate = estimateNoiseScale({ ...c, gram: c.gram }, { seed: t, resamples: 1000 });
      expect(estimate.interval!.method).toMatch(
        /^studentized bootstrap over batches \(bootstrap-t of log B_simple with jackknife se, expanded level 97.8 %\)/,
      );
      const { low, high } = estimate.interval!;
      if (low <= estimate.bSimple! && estimate.bSimple! <= high!) contained++;
    }
    expect(contained).toBe(trials);
  });

  it('reports the per-parameter figure as B_simple / D and the batch sizes in examples', () => {
    const mean = new Float64Array(50).fill(0.2);
    const c = collect(
      plantedGradients({ mean, sigma: 0.5, batchSize: 4, batches: 12, seed: 1 }),
      4,
    );
    const estimate = estimateNoiseScale(c, { resamples: 0 });
    expect(estimate.status).toBe('ok');
    expect(estimate.bSimplePerParameter).toBe(estimate.bSimple! / 50);
    expect(estimate.bSimple).toBeCloseTo(
      estimate.traceCovariance / estimate.gradientNormSquared,
      12,
    );
    expect(estimate.batchSmall).toBe(4);
    expect(estimate.batchBig).toBe(48);
    expect(estimate.interval).toBeNull();
  });

  it('gives tr(Σ) = 0 and |G|² = |g|² for identical (noise-free) batch gradients', () => {
    const g = Float32Array.from({ length: 30 }, (_, j) => Math.sin(j + 1));
    let norm = 0;
    for (const v of g) norm += v * v;
    const estimate = estimateNoiseScale(collect([g, g, g, g, g], 4), { resamples: 100 });
    expect(Math.abs(estimate.traceCovariance)).toBeLessThan(1e-9 * norm * 4);
    expect(estimate.gradientNormSquared).toBeCloseTo(norm, 9);
    expect(Math.abs(estimate.bSimple!)).toBeLessThan(1e-8);
  });

  it('returns and flags a negative |G|² estimate instead of clamping it', () => {
    // Opposite gradients: the unbiased |G|² estimate is the mean cross product, −1.
    const estimate = estimateNoiseScale(
      collect([Float32Array.of(1, 0), Float32Array.of(-1, 0)], 2),
      {
        resamples: 0,
      },
    );
    expect(estimate.gradientNormSquared).toBeCloseTo(-1, 12);
    expect(estimate.bSimple).toBeLessThan(0);
    expect(estimate.negative).toBe(true);
    expect(estimate.status).toBe('negative');
  });

  it('splits additively over parameter groups (|G|² and tr(Σ) are sums over coordinates)', () => {
    const mean = Float64Array.from({ length: 40 }, (_, j) => (j < 10 ? 0.5 : 0.05));
    const gradients = plantedGradients({ mean, sigma: 0.3, batchSize: 4, batches: 10, seed: 7 });
    const groups = [
      { name: 'conv1', length: 10 },
      { name: 'fc', length: 30 },
    ];
    const collector = createGradientCollector({ parameterCount: 40, groups, seed: 1 });
    for (const g of gradients) collector.add(g, 4);
    const result = collector.result({ resamples: 50, embedding: false });
    const [conv, fc] = result.groups;
    expect(conv.group).toBe('conv1');
    expect(conv.parameterCount).toBe(10);
    expect(conv.gradientNormSquared + fc.gradientNormSquared).toBeCloseTo(
      result.noiseScale.gradientNormSquared,
      9,
    );
    expect(conv.traceCovariance + fc.traceCovariance).toBeCloseTo(
      result.noiseScale.traceCovariance,
      9,
    );
    // conv1 carries most of |G|² for the same noise per coordinate: smaller noise scale.
    expect(conv.bSimple).toBeLessThan(fc.bSimple!);
    expect(conv.interval).not.toBeNull(); // exact path: per-group inner products are available
  });

  it('is undefined (0/0), not NaN, when every batch gradient is exactly zero', () => {
    const zero = new Float32Array(6);
    const estimate = estimateNoiseScale(collect(Array(12).fill(zero), 4), { resamples: 100 });
    expect(estimate.gradientNormSquared).toBe(0);
    expect(estimate.traceCovariance).toBe(0);
    expect(estimate.zeroGradientBatches).toBe(12);
    expect(estimate.status).toBe('undefined');
    expect(estimate.bSimple).toBeNull();
    expect(estimate.bSimplePerParameter).toBeNull();
    expect(estimate.interval).toBeNull();
    expect(estimate.undefinedReason).toBe(
      'all 12 batch gradients are exactly zero (e.g. every pair beyond the margin): tr(Σ)/|G|² is 0/0',
    );
    expect(JSON.parse(JSON.stringify(estimate)).bSimple).toBeNull();
  });

  it('is undefined when only one batch gradient is non-zero (|G|² = mean cross product = 0)', () => {
    // Hand case, equal sizes b = 2, N = 3, g_1 = (3, 4), g_2 = g_3 = 0: every ⟨g_i, g_j⟩ (i ≠ j) is 0,
    // so |G|² = 0 while tr(Σ) = B_small(mean|g_i|² − |G|²) = 2·25/3.
    const zero = new Float32Array(2);
    const estimate = estimateNoiseScale(collect([Float32Array.of(3, 4), zero, zero], 2), {
      resamples: 100,
    });
    expect(estimate.gradientNormSquared).toBeCloseTo(0, 12);
    expect(estimate.traceCovariance).toBeCloseTo(50 / 3, 9);
    expect(estimate.zeroGradientBatches).toBe(2);
    expect(estimate.status).toBe('undefined');
    expect(estimate.bSimple).toBeNull();
    expect(estimate.undefinedReason).toBe(
      'the |G|² estimate is exactly 0 (2 of 3 batch gradients exactly zero): tr(Σ)/|G|² divides by zero',
    );
  });

  it('refuses fewer than 2 batches with a clear error', () => {
    const call = () =>
      estimateNoiseScale({
        batchSizes: [4],
        normsSquared: [1],
        weightedSumNormSquared: 16,
        parameterCount: 3,
      });
    expect(call).toThrow(GradAnalysisError);
    expect(call).toThrow('the gradient noise scale needs at least 2 batch gradients, got 1');
  });

  it('stays unbiased with unequal batch sizes (harmonic-mean B_small): mean over trials ≈ planted parts', () => {
    const d = 20;
    const mean = new Float64Array(d).fill(0.3); // |G|² = 1.8
    const sigma = 0.6; // tr(Σ) = 7.2
    const sizes = [4, 4, 4, 2, 8, 1];
    let g2 = 0;
    let trace = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const collector = createGradientCollector({ parameterCount: d, seed: t });
      sizes.forEach((b, i) => {
        collector.add(
          plantedGradients({ mean, sigma, batchSize: b, batches: 1, seed: t * 31 + i })[0],
          b,
        );
      });
      const e = estimateNoiseScale(collector.collected(), { resamples: 0 });
      g2 += e.gradientNormSquared / trials;
      trace += e.traceCovariance / trials;
    }
    // Standard errors of these means are ≈ 0.05 and 0.3 here; 4 SE tolerances.
    expect(g2).toBeGreaterThan(1.8 - 0.2);
    expect(g2).toBeLessThan(1.8 + 0.2);
    expect(trace).toBeGreaterThan(7.2 - 1.2);
    expect(trace).toBeLessThan(7.2 + 1.2);
  });
});
