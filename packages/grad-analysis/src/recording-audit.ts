import { GradAnalysisError } from './errors.js';
import { robustZScores } from './outliers.js';

/**
 * Per-recording signals of the data audit and the direction in which each is suspicious:
 * `margin` (ranking Area Under the Margin, low = suspicious: ranking-margin.ts), `misordered`
 * (fraction of partners in the wrong order, high), `classMargin` (nearest other label's median
 * score vs its own, low), `alignment` (cosine of the recording's
 * gradient with the rest's, low), `selfInfluence` (TracIn Σ‖g‖², high), `loss` (mean loss of its
 * audit pairs at the probe weights, high): recording-gradients.ts.
 */
export const AUDIT_SIGNAL_DIRECTION = {
  margin: -1,
  misordered: 1,
  classMargin: -1,
  alignment: -1,
  selfInfluence: 1,
  loss: 1,
} as const;

export type AuditSignal = keyof typeof AUDIT_SIGNAL_DIRECTION;

export const AUDIT_SIGNALS = Object.keys(AUDIT_SIGNAL_DIRECTION) as AuditSignal[];

/** Which signals a detector combines and where it flags. */
export interface AuditDetector {
  /** Combined by the mean of their oriented robust z-scores (suspicious = positive). */
  signals: AuditSignal[];
  /** A recording is flagged when its score ≥ threshold (robust SDs). */
  threshold: number;
  /** How the threshold was chosen (stated in audit.json and the report). */
  calibration: string;
}

/**
 * The detector the product uses, chosen and calibrated by `pnpm --filter @ranker/trainer
 * bench:audit` (packages/trainer/README.md, "Data audit"): the mis-ordered fraction alone, the
 * best measured on 10 % mislabelled `hard` and `realistic` synthetic data (5 seeds each; no
 * detector reached the targets, gradient signals did not beat it), flagged at robust z ≥ 2,
 * which flagged 2.5 % (hard) and 0.8 % (realistic) of clean training recordings pooled over 5
 * seeds (worst run 4.2 %).
 */
export const DEFAULT_AUDIT_DETECTOR: Readonly<AuditDetector> = Object.freeze({
  signals: ['misordered'] as AuditSignal[],
  threshold: 2,
  calibration:
    'robust z ≥ 2 (median/MAD): on clean synthetic data (bench:audit 2026-12-03, 5 seeds each, ResNet-10 width 0.25) 2.5 % (hard) and 0.8 % (realistic) of training recordings flagged, worst run 4.2 %; target ≤ 5 %',
});

export interface AuditedRecording {
  id: string;
  /** Mean oriented robust z over the detector's defined signals; larger = more suspicious. */
  score: number;
  /** 1 = most suspicious; ties share the order of input. */
  rank: number;
  flagged: boolean;
  /** Oriented robust z of every signal given (positive = suspicious), null when undefined. */
  z: Partial<Record<AuditSignal, number | null>>;
  /** The raw signal values given. */
  values: Partial<Record<AuditSignal, number | null>>;
}

export interface AuditScores {
  detector: AuditDetector;
  recordings: AuditedRecording[];
  flagged: number;
}

/**
 * Scores every recording with `detector`: each signal's values → robust z-scores (median/MAD,
 * `robustZScores`) over the recordings where it is defined, oriented so that positive is
 * suspicious; the score is the mean of the detector's oriented z's (a recording without any
 * defined detector signal scores 0, i.e. typical). Robust z's are used because the faults are a
 * minority that would inflate a mean and SD (Iglewicz & Hoaglin 1993). Output sorted by rank.
 */
export function scoreRecordings(
  ids: string[],
  signals: Partial<Record<AuditSignal, ArrayLike<number | null>>>,
  detector: AuditDetector = DEFAULT_AUDIT_DETECTOR,
): AuditScores {
  const problems: string[] = [];
  for (const s of detector.signals) {
    if (!AUDIT_SIGNALS.includes(s))
      problems.push(
        `detector signal '${s}' is unknown (expected one of ${AUDIT_SIGNALS.join(', ')})`,
      );
    else if (!signals[s]) problems.push(`detector signal '${s}' has no values`);
  }
  if (detector.signals.length === 0) problems.push('detector.signals is empty');
  if (!Number.isFinite(detector.threshold))
    problems.push(`detector.threshold is ${detector.threshold}`);
  for (const [name, values] of Object.entries(signals)) {
    if (values && values.length !== ids.length) {
      problems.push(
        `signal '${name}' has ${values.length} values, expected ${ids.length} (one per id)`,
      );
    }
  }
  if (problems.length > 0) {
    throw new GradAnalysisError('invalid-input', `scoreRecordings: ${problems.join('; ')}`);
  }
  const z: Partial<Record<AuditSignal, (number | null)[]>> = {};
  for (const name of Object.keys(signals) as AuditSignal[]) {
    z[name] = orientedZ(signals[name]!, AUDIT_SIGNAL_DIRECTION[name]);
  }
  const scored = ids.map((id, i) => {
    const parts = detector.signals.map((s) => z[s]![i]).filter((v): v is number => v !== null);
    const score = parts.length === 0 ? 0 : parts.reduce((a, b) => a + b, 0) / parts.length;
    const zi: AuditedRecording['z'] = {};
    const values: AuditedRecording['values'] = {};
    for (const name of Object.keys(z) as AuditSignal[]) {
      zi[name] = z[name]![i];
      values[name] = signals[name]![i];
    }
    return { id, score, rank: 0, flagged: score >= detector.threshold, z: zi, values };
  });
  const ranked = scored
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
    .map(({ r }, k) => ({ ...r, rank: k + 1 }));
  return {
    detector: { ...detector, signals: [...detector.signals] },
    recordings: ranked,
    flagged: ranked.filter((r) => r.flagged).length,
  };
}

function orientedZ(values: ArrayLike<number | null>, direction: 1 | -1): (number | null)[] {
  const defined: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) defined.push(v);
  }
  if (defined.length < 3) return Array.from(values, () => null);
  const z = robustZScores(defined);
  let next = 0;
  return Array.from(values, (v) =>
    v !== null && Number.isFinite(v) ? direction * z[next++] + 0 : null,
  );
}
