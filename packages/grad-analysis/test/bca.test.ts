import { describe, expect, it } from 'vitest';
import { bcaAdjustment, normalCdf, normalQuantile } from '../src/bca.js';

// Reference values from scipy.stats.norm (cdf / ppf), scipy 1.x.
const CDF: [number, number][] = [
  [-6, 9.865876450376946e-10],
  [-1.96, 0.024997895148220435],
  [0.5, 0.6914624612740131],
  [1, 0.8413447460685429],
  [3, 0.9986501019683699],
];
const PPF: [number, number][] = [
  [1e-6, -4.753424308822899],
  [0.025, -1.9599639845400545],
  [0.3, -0.5244005127080409],
  [0.841, 0.9985762706156592],
];

describe('normal distribution', () => {
  it('Φ and Φ⁻¹ match scipy to ~1e-14', () => {
    for (const [x, p] of CDF) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-13);
    for (const [p, x] of PPF) expect(normalQuantile(p)).toBeCloseTo(x, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
  });
});

describe('bcaAdjustment (Efron & Tibshirani 1993, §14.3)', () => {
  const replicates = Array.from({ length: 1000 }, (_, i) => i + 1);

  it('is the percentile interval when there is no bias and no skew', () => {
    // 500 replicates below 500.5, a symmetric jackknife: z₀ = 0, a = 0.
    const bca = bcaAdjustment(replicates, 500.5, [1, 2, 3], 0.95);
    expect(bca.biasCorrection).toBeCloseTo(0, 12);
    expect(bca.acceleration).toBe(0);
    expect(bca.lowProbability).toBeCloseTo(0.025, 12);
    expect(bca.highProbability).toBeCloseTo(0.975, 12);
  });

  it('shifts by the bias correction: 841 of 1000 replicates below the estimate', () => {
    // z₀ = Φ⁻¹(0.841); α = Φ(2z₀ ± 1.96) (scipy: 0.51483…, 0.99996…).
    const bca = bcaAdjustment(replicates, 841.5, [1, 2, 3], 0.95);
    expect(bca.biasCorrection).toBeCloseTo(0.9985762706156592, 12);
    expect(bca.lowProbability).toBeCloseTo(0.5148326686301693, 10);
    expect(bca.highProbability).toBeCloseTo(0.9999620700346612, 10);
  });

  it('computes the acceleration from a skewed jackknife (hand case)', () => {
    // θ₍ᵢ₎ = 0, 0, 0, 3: mean 0.75, d = 0.75 ×3, −2.25; Σd³ = −10.125, Σd² = 6.75,
    // a = −10.125/(6·6.75^1.5) = −0.0962250…; with z₀ = 0: α = Φ(z/(1 − a·z)), z = ±1.96.
    const bca = bcaAdjustment(replicates, 500.5, [0, 0, 0, 3], 0.95);
    expect(bca.acceleration).toBeCloseTo(-0.09622504486493763, 14);
    expect(bca.lowProbability).toBeCloseTo(0.007856238506899284, 10);
    expect(bca.highProbability).toBeCloseTo(0.9504232959913574, 10);
  });
});
