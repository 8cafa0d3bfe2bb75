import { describe, expect, it } from 'vitest';
import { GradAnalysisError } from '../src/errors.js';
import { createOnlineNoiseScale } from '../src/online-noise-scale.js';
import { plantedGradients, plantedNoiseScale } from './synthetic.js';

describe('createOnlineNoiseScale', () => {
  it('reduces to |G|² = ⟨g₁, g₂⟩ and tr(Σ) = b|g₂ − g₁|²/2 for one pair of equal batches', () => {
    const online = createOnlineNoiseScale({ parameterCount: 2, beta: 0.5 });
    online.add(Float32Array.of(1, 2), 4);
    online.add(Float32Array.of(3, 1), 4);
    const s = online.summary();
    expect(s.estimates).toBe(1);
    expect(s.gradientNormSquaredEma).toBeCloseTo(5, 10); // 1·3 + 2·1; bias correction undoes (1 − β)
    expect(s.traceCovarianceEma).toBeCloseTo((4 * 5) / 2, 10); // |(2, −1)|² = 5
    expect(s.bSimple).toBeCloseTo(2, 10);
  });

  it('reads gradients longer than its 16 384-value staging chunk: one pair, by hand in float64', () => {
    const d = 40003; // 2 whole chunks and a partial one, an odd tail for the SIMD loops
    const g1 = Float32Array.from({ length: d }, (_, j) => Math.sin(j));
    const g2 = Float32Array.from({ length: d }, (_, j) => Math.cos(0.5 * j) + 0.1);
    let dot = 0;
    let difference = 0;
    for (let j = 0; j < d; j++) {
      dot += g1[j] * g2[j];
      difference += (g2[j] - g1[j]) ** 2;
    }
    const online = createOnlineNoiseScale({ parameterCount: d, beta: 0.5 });
    online.add(g1, 4);
    online.add(g2, 4);
    const s = online.summary();
    expect(Math.abs(s.gradientNormSquaredEma / dot - 1)).toBeLessThan(1e-9);
    expect(Math.abs(s.traceCovarianceEma / ((4 * difference) / 2) - 1)).toBeLessThan(1e-9);
    const bad = Float32Array.from(g2);
    bad[40001] = Number.NaN;
    expect(() => online.add(bad, 4)).toThrow(
      'step 2: gradient[40001] is NaN; every value must be finite',
    );
    expect(online.steps).toBe(2);
  });

  it('refuses a previous gradient that cannot fit WebAssembly memory, saying why', () => {
    expect(() => createOnlineNoiseScale({ parameterCount: 1_100_000_000 })).toThrow(
      'parameterCount 1100000000 (4 bytes of previous gradient per parameter) needs 4.1 GiB of WebAssembly memory; at most 4 GiB',
    );
  });

  it('bias-corrected EMA of constant estimates is that constant', () => {
    const online = createOnlineNoiseScale({ parameterCount: 1, beta: 0.9 });
    // Gradients 1, 3, 1, 3 …: every consecutive pair gives ⟨g, g'⟩ = 3 and b|Δ|²/2 = 2.
    for (let t = 0; t < 7; t++) online.add(Float32Array.of(t % 2 ? 3 : 1), 1);
    const s = online.summary();
    expect(s.gradientNormSquaredEma).toBeCloseTo(3, 10);
    expect(s.traceCovarianceEma).toBeCloseTo(2, 10);
    expect(s.steps).toBe(7);
  });

  it('tracks a planted stationary noise scale (ratio of EMAs within 15% after 3000 steps)', () => {
    const mean = new Float64Array(32).fill(0.25); // |G|² = 2
    const sigma = 1; // B_simple = 32/2 = 16
    const online = createOnlineNoiseScale({ parameterCount: 32, beta: 0.999 });
    for (const g of plantedGradients({ mean, sigma, batchSize: 4, batches: 3000, seed: 11 }))
      online.add(g, 4);
    const truth = plantedNoiseScale(mean, sigma);
    expect(Math.abs(online.summary().bSimple! - truth) / truth).toBeLessThan(0.15);
  });

  it('needs two steps and rejects malformed gradients with the step named', () => {
    const online = createOnlineNoiseScale({ parameterCount: 2 });
    expect(() => online.summary()).toThrow(
      'the online noise scale needs at least 2 training steps, got 0',
    );
    online.add(Float32Array.of(1, 1), 4);
    expect(() => online.add(Float32Array.of(1, Number.POSITIVE_INFINITY), 4)).toThrow(
      'step 1: gradient[1] is Infinity; every value must be finite',
    );
    expect(() => online.add(new Float32Array(3), 4)).toThrow(GradAnalysisError);
    expect(online.steps).toBe(1);
  });

  it('is undefined with its reason (null, not NaN) when every step gradient is exactly zero', () => {
    const online = createOnlineNoiseScale({ parameterCount: 3, beta: 0.9 });
    for (let i = 0; i < 4; i++) online.add(new Float32Array(3), 4);
    const summary = online.summary();
    expect(summary.bSimple).toBeNull();
    expect(summary.status).toBe('undefined');
    expect(summary.undefinedReason).toBe(
      'all 4 batch gradients are exactly zero (e.g. every pair beyond the margin): tr(Σ)/|G|² is 0/0',
    );
  });
});
