/** Symmetric sparse joint probabilities P in compressed-row form (each pair stored both ways). */
export interface JointProbabilities {
  rowStart: Int32Array; // length N + 1
  columns: Int32Array;
  values: Float64Array; // p_ij, Σ_ij p_ij = 1
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let c = 0; c < a.length; c++) {
    const t = a[c] - b[c];
    s += t * t;
  }
  return s;
}

/**
 * t-SNE input affinities (van der Maaten & Hinton 2008, §2, eq. 1 and the symmetrised
 * p_ij = (p_j|i + p_i|j)/2N of §3.1). For each point, β_i = 1/2σ_i² is found by bisection so that
 * the conditional distribution over its `neighbours` nearest points has perplexity 2^H = `perplexity`
 * (natural-log entropy compared with ln(perplexity)). With neighbours = N − 1 this is exact t-SNE;
 * with ⌊3·perplexity⌋ it is the sparse approximation of Barnes–Hut-SNE (van der Maaten 2014, §4.1).
 */
export function jointProbabilities(
  points: ArrayLike<number>[],
  perplexity: number,
  neighbours: number,
): JointProbabilities {
  const n = points.length;
  const k = Math.min(neighbours, n - 1);
  const target = Math.log(perplexity);
  // Conditional p_j|i as (i, j, value) triples; each is later added to both (i, j) and (j, i).
  const from = new Int32Array(n * k);
  const to = new Int32Array(n * k);
  const conditional = new Float64Array(n * k);
  const x = contiguous(points);
  const distances = new Float64Array(n);
  const sorted = new Float64Array(n);
  const nearest = new Int32Array(k);
  const d = new Float64Array(k);
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(x, n, i, distances);
    // The k-th smallest distance by a native numeric sort; ties at the threshold go to the lower index.
    sorted.set(distances);
    sorted.sort();
    const threshold = sorted[k - 1];
    let below = 0;
    while (below < k && sorted[below] < threshold) below++;
    let atThreshold = k - below;
    let m = 0;
    for (let j = 0; j < n && m < k; j++) {
      if (distances[j] < threshold || (distances[j] === threshold && atThreshold-- > 0))
        nearest[m++] = j;
    }
    // Distances shifted by their minimum: p ∝ exp(−β(d − d_min)) is unchanged and cannot underflow everywhere.
    for (let m2 = 0; m2 < k; m2++) d[m2] = distances[nearest[m2]] - sorted[0];
    calibrateRow(d, target, p);
    for (let m2 = 0; m2 < k; m2++) {
      from[i * k + m2] = i;
      to[i * k + m2] = nearest[m2];
      conditional[i * k + m2] = p[m2] / (2 * n);
    }
  }
  return symmetricRows(n, from, to, conditional);
}

/** The points as one row-major N·D array (fast, monomorphic access in the distance loop). */
function contiguous(points: ArrayLike<number>[]): { data: Float64Array; dimension: number } {
  const dimension = points.length > 0 ? points[0].length : 0;
  const data = new Float64Array(points.length * dimension);
  points.forEach((point, i) => {
    for (let c = 0; c < dimension; c++) data[i * dimension + c] = point[c];
  });
  return { data, dimension };
}

/** Squared distances from point i to every point into `out` (+∞ for i itself). */
function rowSquaredDistances(
  x: { data: Float64Array; dimension: number },
  n: number,
  i: number,
  out: Float64Array,
): void {
  const { data, dimension } = x;
  const a = i * dimension;
  for (let j = 0; j < n; j++) {
    const b = j * dimension;
    let s = 0;
    for (let c = 0; c < dimension; c++) {
      const t = data[a + c] - data[b + c];
      s += t * t;
    }
    out[j] = s;
  }
  out[i] = Number.POSITIVE_INFINITY;
}

/** Compressed rows of P + Pᵀ, merging the entries of mutual neighbours. */
function symmetricRows(
  n: number,
  from: Int32Array,
  to: Int32Array,
  value: Float64Array,
): JointProbabilities {
  const counts = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) {
    counts[from[e] + 1]++;
    counts[to[e] + 1]++;
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, n);
  const columns = new Int32Array(counts[n]);
  const values = new Float64Array(counts[n]);
  for (let e = 0; e < from.length; e++) {
    columns[fill[from[e]]] = to[e];
    values[fill[from[e]]++] = value[e];
    columns[fill[to[e]]] = from[e];
    values[fill[to[e]]++] = value[e];
  }
  const rowStart = new Int32Array(n + 1);
  const mergedColumns = new Int32Array(counts[n]);
  const mergedValues = new Float64Array(counts[n]);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const order = Array.from({ length: counts[i + 1] - counts[i] }, (_, e) => counts[i] + e).sort(
      (a, b) => columns[a] - columns[b],
    );
    for (const e of order) {
      if (at > rowStart[i] && mergedColumns[at - 1] === columns[e])
        mergedValues[at - 1] += values[e];
      else {
        mergedColumns[at] = columns[e];
        mergedValues[at++] = values[e];
      }
    }
    rowStart[i + 1] = at;
  }
  return { rowStart, columns: mergedColumns.slice(0, at), values: mergedValues.slice(0, at) };
}

/** Bisection on β so the entropy of p_m ∝ exp(−β d_m) equals `target` nats; writes normalised p. */
function calibrateRow(d: Float64Array, target: number, p: Float64Array): void {
  let beta = 1;
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 200; step++) {
    let sum = 0;
    let weighted = 0;
    for (let m = 0; m < d.length; m++) {
      p[m] = Math.exp(-beta * d[m]);
      sum += p[m];
      weighted += d[m] * p[m];
    }
    const entropy = Math.log(sum) + (beta * weighted) / sum;
    for (let m = 0; m < d.length; m++) p[m] /= sum;
    if (Math.abs(entropy - target) < 1e-5) return;
    if (entropy > target) {
      low = beta;
      beta = high === Number.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
    } else {
      high = beta;
      beta = (beta + low) / 2;
    }
  }
}
