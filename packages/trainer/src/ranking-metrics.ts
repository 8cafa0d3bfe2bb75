/**
 * Ranking quality of scores against angles, accumulated in float64. Only pairs of different
 * angles count: equal angles have no correct order.
 */

/**
 * Fraction of pairs (i < j, angle_i ≠ angle_j) whose scores are ordered like their angles;
 * a tie in score counts ½ (the Mann–Whitney / AUC convention). NaN when no such pair exists.
 */
export function pairwiseAccuracy(scores: ArrayLike<number>, angles: ArrayLike<number>): number {
  let correct = 0;
  let pairs = 0;
  for (let i = 0; i < angles.length; i++) {
    for (let j = i + 1; j < angles.length; j++) {
      const angleOrder = Math.sign(angles[i] - angles[j]);
      if (angleOrder === 0) continue;
      pairs++;
      const scoreOrder = Math.sign(scores[i] - scores[j]);
      if (scoreOrder === angleOrder) correct += 1;
      else if (scoreOrder === 0) correct += 0.5;
    }
  }
  return pairs === 0 ? Number.NaN : correct / pairs;
}

/** Ranks 1..n, tied values sharing the mean of the ranks they span ("fractional ranking"). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => values[a] - values[b],
  );
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's r of the average ranks (which handles ties, unlike
 * the 1 − 6Σd²/(n(n²−1)) shortcut). NaN when fewer than 2 values or either side is constant.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`spearman: ${n} x values but ${y.length} y values`);
  if (n < 2) return Number.NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2; // average ranks always sum to n(n+1)/2
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}
