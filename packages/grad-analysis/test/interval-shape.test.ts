import { describe, expect, it } from 'vitest';
import { normalCdf } from '../src/bca.js';
import { createGradientCollector } from '../src/collector.js';
import { GradAnalysisError } from '../src/errors.js';
import { estimateNoiseScale, expandedLevel, relativeHalfWidth } from '../src/noise-scale.js';
import { createRandom } from '../src/random.js';
import { studentTQuantile } from '../src/student-t.js';
import type { NoiseScaleEstimate } from '../src/types.js';
import { plantedGradients } from './synthetic.js';

function thrown(call: () => unknown): GradAnalysisError {
  try {
    call();
  } catch (error) {
    return error as GradAnalysisError;
  }
  throw new Error('expected a GradAnalysisError');
}

describe('the sketch path, calibrated by exact row sums', () => {
  it('records r_i = Σ_{j<i} b_j⟨g_j, g_i⟩ exactly and makes the sketched Gram satisfy every one', () => {
    const d = 3000;
    const mean = new Float64Array(d).fill(0.02);
    const gradients = plantedGradients({ mean, sigma: 0.1, batchSize: 4, batches: 10, seed: 5 });
    const sizes = [4, 4, 3, 4, 2, 4, 4, 4, 1, 4];
    const collector = createGradientCollector({ parameterCount: d, exactBudgetBytes: 0, seed: 1 });
    gradients.forEach((g, i) => {
      collector.add(g, sizes[i]);
    });
    const c = collector.collected();
    expect(c.path).toBe('sketch');
    const n = sizes.length;
    for (let i = 0; i < n; i++) {
      let exact = 0; // independent: from the float32 gradients directly
      let fromGram = 0;
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let e = 0; e < d; e++) dot += gradients[j][e] * gradients[i][e];
        exact += sizes[j] * dot;
        fromGram += sizes[j] * c.gram[i * n + j];
      }
      expect(c.lowerRowSums[i]).toBeCloseTo(exact, 8);
      expect(fromGram).toBeCloseTo(exact, 8);
    }
  });

  it('gives an interval that contains the point estimate, with path and note', () => {
    const d = 5000;
    const mean = new Float64Array(d).fill(1 / Math.sqrt(d));
    const sigma = Math.sqrt(5 / d); // B_simple = 5
    for (let t = 0; t < 20; t++) {
      const collector = createGradientCollector({
        parameterCount: d,
        exactBudgetBytes: 0,
        seed: t,
      });
      for (const g of plantedGradients({ mean, sigma, batchSize: 4, batches: 12, seed: 40 + t })) {
        collector.add(g, 4);
      }
      const estimate = collector.noiseScale({ seed: t });
      expect(estimate.path).toBe('sketch');
      const interval = estimate.interval!;
      expect(interval.kind).toBe('two-sided');
      expect(estimate.intervalNote).toBeNull();
      expect(interval.method).toMatch(/CountSketch k = 2048, calibrated/);
      expect(interval.low).toBeLessThanOrEqual(estimate.bSimple!);
      expect(interval.high!).toBeGreaterThanOrEqual(estimate.bSimple!);
    }
  });
});

describe('one-sided bounds', () => {
  it('states only B_simple ≥ low when |G|² is not bounded away from 0 (planted G = 0)', () => {
    const d = 2000;
    const random = createRandom(9);
    const collector = createGradientCollector({ parameterCount: d, exactBudgetBytes: 0 });
    const gradients = Array.from({ length: 12 }, () =>
      Float32Array.from({ length: d }, () => 0.01 * random.normal()),
    );
    // Pick a seed whose |G|² estimate is positive (so B_simple is a number), as happens in half.
    gradients.forEach((g) => {
      collector.add(g, 4);
    });
    let estimate: NoiseScaleEstimate = collector.noiseScale();
    if (estimate.bSimple === null || estimate.bSimple < 0) {
      expect(estimate.interval).toBeNull();
      expect(estimate.intervalNote).toMatch(/^no interval: /);
      // flip one gradient's sign pattern to get a positive |G|² estimate
      const other = createGradientCollector({ parameterCount: d, exactBudgetBytes: 0 });
      gradients.forEach((g) => {
        other.add(
          Float32Array.from(g, (v) => v + 0.0008),
          4,
        );
      });
      estimate = other.noiseScale();
    }
    expect(estimate.bSimple).toBeGreaterThan(0);
    const interval = estimate.interval!;
    expect(interval.kind).toBe('lower-bound');
    expect(interval.high).toBeNull();
    expect(interval.low).toBeLessThanOrEqual(estimate.bSimple!);
    expect(interval.low).toBeGreaterThanOrEqual(0);
    expect(estimate.intervalNote).toMatch(
      /\|G\|² is not distinguishable from 0 \(its 95% percentile interval is -?[\d.e+-]+…[\d.e+-]+\)/,
    );
    expect(relativeHalfWidth(estimate)).toBeNull();
  });
});

describe('relativeHalfWidth', () => {
  it('is (high − low)/2/estimate for a two-sided interval and null otherwise', () => {
    const base = {
      bSimple: 10,
      interval: {
        level: 0.95,
        kind: 'two-sided',
        low: 6,
        high: 18,
        method: '',
        resamples: 1,
        seed: 0,
      },
    };
    expect(relativeHalfWidth(base as unknown as NoiseScaleEstimate)).toBeCloseTo(0.6, 12);
    expect(
      relativeHalfWidth({ ...base, interval: null } as unknown as NoiseScaleEstimate),
    ).toBeNull();
    expect(
      relativeHalfWidth({ ...base, bSimple: null } as unknown as NoiseScaleEstimate),
    ).toBeNull();
  });
});

describe('bad input and rounding', () => {
  it('names the fields and lengths when estimateNoiseScale inputs disagree', () => {
    const error = thrown(() =>
      estimateNoiseScale({
        batchSizes: [4, 4, 4],
        normsSquared: [1, 2],
        weightedSumNormSquared: 3,
        parameterCount: 10,
        gram: new Float64Array(4),
      }),
    );
    expect(error).toBeInstanceOf(GradAnalysisError);
    expect(error.code).toBe('wrong-length');
    expect(error.message).toContain('normsSquared has 2 entries, batchSizes has 3');
    expect(error.message).toContain('gram has 4 entries, expected N² = 3² = 9');
  });

  it('names the type when add() is given something other than a Float32Array', () => {
    const collector = createGradientCollector({ parameterCount: 3 });
    const error = thrown(() => collector.add(new Float64Array(3) as unknown as Float32Array, 4));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('batch 0: gradient must be a Float32Array, got Float64Array');
    expect(thrown(() => collector.add([1, 2, 3] as unknown as Float32Array, 4)).message).toContain(
      'got Array',
    );
  });

  it('gives B_simple exactly 0 for identical gradients (tr(Σ) within rounding of 0)', () => {
    const random = createRandom(2);
    const g = Float32Array.from({ length: 1001 }, () => random.normal());
    const collector = createGradientCollector({ parameterCount: g.length });
    for (let i = 0; i < 12; i++) collector.add(g, 3);
    const estimate = collector.noiseScale();
    expect(estimate.traceCovariance).toBe(0);
    expect(estimate.bSimple).toBe(0);
    expect(estimate.status).toBe('ok');
    expect(estimate.negative).toBe(false);
  });

  it('takes unequal batch sizes as they are (harmonic-mean B_small, non-integer)', () => {
    const d = 500;
    const mean = new Float64Array(d).fill(0.05);
    const collector = createGradientCollector({ parameterCount: d });
    const sizes = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2];
    plantedGradients({ mean, sigma: 0.2, batchSize: 4, batches: sizes.length, seed: 8 }).forEach(
      (g, i) => {
        collector.add(g, sizes[i]);
      },
    );
    const analysis = collector.result({ embedding: false });
    expect(analysis.batchSizes).toEqual(sizes);
    expect(analysis.batchSize).toBeCloseTo(11 / (10 / 4 + 1 / 2), 12);
    expect(Number.isInteger(analysis.batchSize)).toBe(false);
  });
});

describe('expanded bootstrap level (Hesterberg 2015)', () => {
  it('uses Student quantiles equal to scipy.stats.t.ppf and widens more at small N', () => {
    // scipy 1.x: t.ppf(0.975, ν) for ν = 5, 11, 47; t.ppf(0.95, 11)
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5705818366147395, 7);
    expect(studentTQuantile(0.975, 11)).toBeCloseTo(2.200985160082949, 7);
    expect(studentTQuantile(0.975, 47)).toBeCloseTo(2.0117405104757546, 7);
    expect(studentTQuantile(0.95, 11)).toBeCloseTo(1.7958848187036691, 7);
    // √(12/11)·t_11 = 2.2989 → 2Φ(2.2989) − 1
    expect(expandedLevel(0.95, 12, 2)).toBeCloseTo(
      2 * normalCdf(Math.sqrt(12 / 11) * 2.200985160082949) - 1,
      5,
    );
    expect(expandedLevel(0.95, 12, 2)).toBeGreaterThan(expandedLevel(0.95, 48, 2));
    expect(expandedLevel(0.95, 48, 2)).toBeGreaterThan(0.95);
  });
});
