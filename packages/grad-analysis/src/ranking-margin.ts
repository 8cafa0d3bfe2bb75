import { GradAnalysisError } from './errors.js';

/** One epoch's inference scores of the training recordings and their (recorded) labels. */
export interface ScoredEpoch {
  scores: ArrayLike<number>;
  /** Labels in the order of `scores`; the ranking wants a larger score for a larger angle. */
  angles: ArrayLike<number>;
}

/** Per recording, in input order. */
export interface RankingMargins {
  /**
   * Mean over epochs of the mean signed margin (s_r − s_p)·sign(a_r − a_p) / sd(s) over the
   * partners p of another angle: negative = the recording sits on the wrong side of its partners.
   */
  margin: number[];
  /** Mean over epochs of the fraction of partners in the wrong order (ties count ½). */
  misordered: number[];
  /**
   * Mean over epochs of (min over other labels c of |s_r − m_c|) − |s_r − m_own|, divided by
   * sd(s), with m_c the median score of label c: AUM's "assigned logit − largest other logit"
   * with −|s − m_c| as the logit of label c. Negative = the score sits nearer another label's.
   */
  classMargin: number[];
  epochs: number;
}

/**
 * The ranking analogue of the Area Under the Margin (Pleiss et al. 2020, "Identifying Mislabeled
 * Data using the Area Under the Margin Ranking", §3, eq. 1–2): there the margin of a sample is
 * its assigned-class logit minus the largest other logit, averaged over training epochs;
 * mislabelled samples keep a low or negative margin because the network only memorises them
 * late. Here the "assigned class" is the recorded angle: a recording's margin against partner p
 * is (s_r − s_p)·sign(a_r − a_p), averaged over all partners of a different angle and over the
 * epochs given. Each epoch's margins are divided by that epoch's score standard deviation, so
 * every epoch weighs the same while the score scale grows (the hinge margin pushes scores
 * apart); an epoch with constant scores contributes 0 (no ordering at all). Needs no gradients:
 * one inference pass over the training recordings per epoch.
 */
export function rankingMargins(epochs: ScoredEpoch[]): RankingMargins {
  if (epochs.length === 0) {
    throw new GradAnalysisError('invalid-input', 'rankingMargins: no epochs given; expected ≥ 1');
  }
  const n = epochs[0].scores.length;
  const margin = new Float64Array(n);
  const misordered = new Float64Array(n);
  const classMargin = new Float64Array(n);
  epochs.forEach(({ scores, angles }, e) => {
    if (scores.length !== n || angles.length !== n) {
      throw new GradAnalysisError(
        'wrong-length',
        `rankingMargins: epochs[${e}] has ${scores.length} scores and ${angles.length} angles, expected ${n} of each (epochs[0])`,
      );
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(scores[i]) || !Number.isFinite(angles[i])) {
        throw new GradAnalysisError(
          'non-finite',
          `rankingMargins: epochs[${e}] recording ${i}: score ${scores[i]}, angle ${angles[i]}`,
        );
      }
    }
    const scale = standardDeviation(scores);
    const medians = labelMedians(scores, angles);
    for (let r = 0; r < n; r++) {
      let own = 0;
      let nearestOther = Number.POSITIVE_INFINITY;
      for (const [angle, median] of medians) {
        const distance = Math.abs(scores[r] - median);
        if (angle === angles[r]) own = distance;
        else nearestOther = Math.min(nearestOther, distance);
      }
      if (scale > 0 && Number.isFinite(nearestOther))
        classMargin[r] += (nearestOther - own) / scale;
    }
    for (let r = 0; r < n; r++) {
      let sum = 0;
      let wrong = 0;
      let partners = 0;
      for (let p = 0; p < n; p++) {
        const order = Math.sign(angles[r] - angles[p]);
        if (order === 0) continue;
        const m = (scores[r] - scores[p]) * order;
        sum += scale > 0 ? m / scale : 0;
        wrong += m < 0 ? 1 : m === 0 ? 0.5 : 0;
        partners++;
      }
      if (partners > 0) {
        margin[r] += sum / partners;
        misordered[r] += wrong / partners;
      }
    }
  });
  return {
    margin: Array.from(margin, (v) => v / epochs.length),
    misordered: Array.from(misordered, (v) => v / epochs.length),
    classMargin: Array.from(classMargin, (v) => v / epochs.length),
    epochs: epochs.length,
  };
}

function labelMedians(scores: ArrayLike<number>, angles: ArrayLike<number>): Map<number, number> {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < scores.length; i++) {
    const list = byLabel.get(angles[i]) ?? [];
    list.push(scores[i]);
    byLabel.set(angles[i], list);
  }
  const medians = new Map<number, number>();
  for (const [angle, list] of byLabel) {
    list.sort((a, b) => a - b);
    const m = list.length >> 1;
    medians.set(angle, list.length % 2 ? list[m] : (list[m - 1] + list[m]) / 2);
  }
  return medians;
}

function standardDeviation(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / values.length);
}
