import { describe, expect, it } from 'vitest';
import { principalComponents, symmetricEigen } from '../src/pca.js';

describe('principalComponents', () => {
  it('recovers planted orthogonal axes, their variances and scores', () => {
    const d = 20;
    const u = new Float64Array(d);
    const v = new Float64Array(d);
    u[3] = 0.6;
    u[7] = 0.8; // unit
    v[5] = 1; // unit, ⊥ u
    const offset = Float64Array.from({ length: d }, (_, c) => c); // a mean the PCA must remove
    const at = (a: number, b: number) =>
      Float64Array.from(offset, (o, c) => o + a * u[c] + b * v[c]);
    const { scores, variances } = principalComponents(
      [at(3, 0), at(-3, 0), at(0, 1), at(0, -1)],
      2,
      1,
    );
    // Covariance (divisor N − 1 = 3) = (18 uuᵀ + 2 vvᵀ)/3.
    expect(variances[0]).toBeCloseTo(6, 10);
    expect(variances[1]).toBeCloseTo(2 / 3, 10);
    expect(scores[0][0]).toBeCloseTo(3, 10); // sign fixed: largest |score| positive
    expect(scores[1][0]).toBeCloseTo(-3, 10);
    expect(Math.abs(scores[2][1])).toBeCloseTo(1, 10);
    expect(scores[2][0]).toBeCloseTo(0, 10);
  });
});

describe('symmetricEigen', () => {
  it('diagonalises a 2×2 matrix with known eigenpairs', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 (1,1)/√2 and 1 (1,−1)/√2
    const { values, vectors } = symmetricEigen([Float64Array.of(2, 1), Float64Array.of(1, 2)]);
    const order = values[0] > values[1] ? [0, 1] : [1, 0];
    expect(values[order[0]]).toBeCloseTo(3, 12);
    expect(values[order[1]]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0][order[0]])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0][order[1]] * vectors[1][order[1]]).toBeCloseTo(-0.5, 12);
  });
});
