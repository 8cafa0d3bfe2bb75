import { createRandom } from './random.js';

export interface PrincipalComponents {
  /** N rows of r scores (projections of the centred rows on the top r principal axes). */
  scores: Float64Array[];
  /** Variance along each of the r axes (eigenvalues of the sample covariance, divisor N − 1). */
  variances: number[];
}

/**
 * Top-r (r ≤ min(N − 1, d)) principal-component scores of N row vectors by randomized subspace iteration (Halko,
 * Martinsson & Tropp 2011, "Finding structure with randomness", Alg. 4.4 with q = 3 power steps
 * and 10 extra columns). When r + 10 ≥ min(N, d) the subspace is the whole row/column space and
 * the result equals exact PCA. Seeded; each axis's sign is fixed so its largest |score| is positive.
 */
export function principalComponents(
  rows: ArrayLike<number>[],
  components: number,
  seed: number,
): PrincipalComponents {
  const n = rows.length;
  const d = rows[0].length;
  const r = Math.min(components, n - 1, d); // N centred rows span at most N − 1 dimensions
  const l = Math.min(r + 10, n, d);
  const mean = new Float64Array(d);
  for (const row of rows) for (let c = 0; c < d; c++) mean[c] += row[c] / n;
  const x = rows.map((row) => Float64Array.from({ length: d }, (_, c) => row[c] - mean[c]));

  const random = createRandom(seed ^ 0x9ca);
  let z: Float64Array[] = Array.from({ length: l }, () =>
    Float64Array.from({ length: d }, () => random.normal()),
  );
  let q = orthonormalise(multiplyRows(x, z)); // columns of Q (each length N)
  for (let step = 0; step < 3; step++) {
    z = orthonormalise(multiplyTransposed(x, q, d));
    q = orthonormalise(multiplyRows(x, z));
  }
  // B = Qᵀ X (l × d); B Bᵀ = U Λ Uᵀ; scores X V = Q U √Λ.
  const b = multiplyTransposed(x, q, d);
  const bbt = Array.from({ length: l }, (_, i) =>
    Float64Array.from({ length: l }, (_, j) => dot(b[i], b[j])),
  );
  const { values, vectors } = symmetricEigen(bbt);
  const order = values
    .map((_, i) => i)
    .sort((i, j) => values[j] - values[i])
    .slice(0, r);
  const scores = Array.from({ length: n }, () => new Float64Array(r));
  order.forEach((e, c) => {
    const sigma = Math.sqrt(Math.max(values[e], 0));
    let largest = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let m = 0; m < l; m++) s += q[m][i] * vectors[m][e];
      scores[i][c] = s * sigma;
      if (Math.abs(scores[i][c]) > Math.abs(largest)) largest = scores[i][c];
    }
    if (largest < 0) for (let i = 0; i < n; i++) scores[i][c] = -scores[i][c];
  });
  return { scores, variances: order.map((e) => Math.max(values[e], 0) / Math.max(n - 1, 1)) };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Columns of X·Z for X (N rows of d) and Z given as l columns of length d. */
function multiplyRows(x: Float64Array[], z: Float64Array[]): Float64Array[] {
  return z.map((column) => Float64Array.from(x, (row) => dot(row, column)));
}

/** Columns of Xᵀ·Q (each length d) for Q given as columns of length N. */
function multiplyTransposed(x: Float64Array[], q: Float64Array[], d: number): Float64Array[] {
  return q.map((column) => {
    const out = new Float64Array(d);
    for (let i = 0; i < x.length; i++) {
      const w = column[i];
      if (w === 0) continue;
      const row = x[i];
      for (let c = 0; c < d; c++) out[c] += w * row[c];
    }
    return out;
  });
}

/** Modified Gram–Schmidt, twice for stability; a column that vanishes (rank deficiency) becomes 0. */
function orthonormalise(columns: Float64Array[]): Float64Array[] {
  const original = columns.map((c) => Math.sqrt(dot(c, c)));
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < columns.length; k++) {
      const v = columns[k];
      for (let m = 0; m < k; m++) {
        const p = dot(columns[m], v);
        for (let i = 0; i < v.length; i++) v[i] -= p * columns[m][i];
      }
      const norm = Math.sqrt(dot(v, v));
      if (norm <= 1e-12 * (original[k] || 1)) v.fill(0);
      else for (let i = 0; i < v.length; i++) v[i] /= norm;
    }
  }
  return columns;
}

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix (Golub & Van Loan §8.5). */
export function symmetricEigen(matrix: Float64Array[]): {
  values: number[];
  vectors: Float64Array[];
} {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += a[i][j] ** 2;
        if (i !== j) off += a[i][j] ** 2;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}
