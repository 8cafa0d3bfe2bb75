import { GradAnalysisError } from './errors.js';

/**
 * How well a suspicion score (larger = more suspicious) finds a known set of bad items (planted
 * faults). Ties are handled as scikit-learn does (`roc_auc_score`, `average_precision_score`),
 * so the numbers can be checked against it; they are in test/detection-metrics.test.ts.
 */

function check(scores: ArrayLike<number>, positive: ArrayLike<boolean>, what: string): void {
  if (scores.length !== positive.length) {
    throw new GradAnalysisError(
      'wrong-length',
      `${what}: ${scores.length} scores but ${positive.length} labels; expected one label per score`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new GradAnalysisError('non-finite', `${what}: scores[${i}] is ${scores[i]}`);
    }
  }
}

function counts(positive: ArrayLike<boolean>): { p: number; n: number } {
  let p = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) p++;
  return { p, n: positive.length - p };
}

/**
 * Area under the ROC curve = P(score of a random positive > score of a random negative), ties ½
 * (Mann–Whitney U / (P·N); Hanley & McNeil 1982). null when there are no positives or no
 * negatives (undefined, as sklearn raises).
 */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  check(scores, positive, 'auroc');
  const { p, n } = counts(positive);
  if (p === 0 || n === 0) return null;
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Mid-ranks (1-based) of tied groups; U = Σ ranks of positives − P(P+1)/2.
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (positive[order[k]]) rankSum += midRank;
    start = end + 1;
  }
  return (rankSum - (p * (p + 1)) / 2) / (p * n);
}

/**
 * Average precision AP = Σ_t (R_t − R_{t−1})·P_t over the distinct score thresholds t, from the
 * highest down (scikit-learn's `average_precision_score`: a step function, no interpolation;
 * tied scores enter together). null when there are no positives.
 */
export function averagePrecision(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): number | null {
  check(scores, positive, 'averagePrecision');
  const { p } = counts(positive);
  if (p === 0) return null;
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let ap = 0;
  let truePositives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    let gained = 0;
    for (let k = start; k <= end; k++) if (positive[order[k]]) gained++;
    truePositives += gained;
    ap += (gained / p) * (truePositives / (end + 1));
    start = end + 1;
  }
  return ap;
}

/**
 * Precision among the k highest scores. Ties at the k-th place are shared out by their expected
 * value under random tie-breaking, so the result does not depend on input order.
 */
export function precisionAtK(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  k: number,
): number {
  check(scores, positive, 'precisionAtK');
  if (!Number.isInteger(k) || k < 1 || k > scores.length) {
    throw new GradAnalysisError(
      'invalid-option',
      `precisionAtK: k must be an integer in 1..${scores.length} (the number of scores), got ${k}`,
    );
  }
  const sorted = Array.from(scores).sort((a, b) => b - a);
  const cut = sorted[k - 1];
  let above = 0;
  let abovePositive = 0;
  let tied = 0;
  let tiedPositive = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > cut) {
      above++;
      if (positive[i]) abovePositive++;
    } else if (scores[i] === cut) {
      tied++;
      if (positive[i]) tiedPositive++;
    }
  }
  return (abovePositive + ((k - above) * tiedPositive) / tied) / k;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * P(X ≥ hits) for X ~ Hypergeometric(population, successes, draws): the chance that `draws`
 * items chosen at random from `population`, of which `successes` are bad, contain at least
 * `hits` bad ones. The exact one-sided test that a flagged set holds more planted faults than
 * chance (Fisher's exact test, one-sided). Exact sum of the pmf in log space.
 */
export function hypergeometricUpperTail(
  population: number,
  successes: number,
  draws: number,
  hits: number,
): number {
  const ints = { population, successes, draws, hits };
  for (const [name, value] of Object.entries(ints)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new GradAnalysisError(
        'invalid-option',
        `hypergeometricUpperTail: ${name} must be a non-negative integer, got ${value}`,
      );
    }
  }
  if (successes > population || draws > population) {
    throw new GradAnalysisError(
      'invalid-option',
      `hypergeometricUpperTail: successes (${successes}) and draws (${draws}) must not exceed population (${population})`,
    );
  }
  if (hits === 0) return 1; // P(X ≥ 0) = 1 exactly, not a sum that rounds below it
  const low = Math.max(hits, 0, draws - (population - successes));
  const high = Math.min(successes, draws);
  const total = logChoose(population, draws);
  let p = 0;
  for (let x = low; x <= high; x++) {
    p += Math.exp(logChoose(successes, x) + logChoose(population - successes, draws - x) - total);
  }
  return Math.min(1, p);
}
