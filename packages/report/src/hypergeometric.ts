/**
 * One-sided hypergeometric test (Fisher's exact test for enrichment): the probability of drawing
 * at least `hits` marked items when drawing `draws` of `population` items, `marked` of them
 * marked, without replacement. P(X ≥ k) = Σ_{x≥k} C(K,x)·C(N−K,n−x) / C(N,n), summed in log space
 * (log-factorials accumulated in float64), as scipy.stats.hypergeom.sf(k − 1, N, K, n).
 */
export function hypergeometricUpperTail(
  population: number,
  marked: number,
  draws: number,
  hits: number,
): number {
  if (hits <= 0) return 1; // P(X ≥ 0) = 1 exactly, not a sum that rounds below it
  const logFactorial = [0];
  for (let i = 1; i <= population; i++) logFactorial.push(logFactorial[i - 1] + Math.log(i));
  const logChoose = (n: number, k: number) =>
    logFactorial[n] - logFactorial[k] - logFactorial[n - k];
  const total = logChoose(population, draws);
  let p = 0;
  for (let x = Math.max(hits, 0); x <= Math.min(marked, draws); x++) {
    if (draws - x > population - marked) continue;
    p += Math.exp(logChoose(marked, x) + logChoose(population - marked, draws - x) - total);
  }
  return Math.min(1, p);
}
