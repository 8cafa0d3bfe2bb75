import { studentTQuantile } from '@ranker/grad-analysis';

/** Mean and sample standard deviation (n − 1) over seeds; sd is null for a single value. */
export interface SeedSummary {
  n: number;
  mean: number;
  sd: number | null;
}

export function summariseSeeds(values: readonly number[]): SeedSummary | null {
  const n = values.length;
  if (n === 0) return null;
  let mean = 0;
  for (const v of values) mean += v / n;
  if (n === 1) return { n, mean, sd: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { n, mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** Two-sided level of the difference tests. */
export const DIFFERENCE_LEVEL = 0.95;

export type DifferenceVerdict = 'a-higher' | 'b-higher' | 'cannot-tell';
export type CannotTellReason = 'too-few-seeds' | 'no-spread' | 'not-significant';

export interface WelchTest {
  verdict: DifferenceVerdict;
  /** Why no difference is called (null when one is). */
  reason: CannotTellReason | null;
  /** Null when the test could not be computed (too few seeds, no spread). */
  t: number | null;
  df: number | null;
  critical: number | null;
}

/**
 * Welch's unequal-variance t-test of mean(a) − mean(b) (Welch 1947; Satterthwaite df), two-sided
 * at DIFFERENCE_LEVEL: a difference is called only when |t| exceeds t_{0.975}(df). With fewer than
 * 2 seeds on a side, or no spread at all between seeds, there is no test: "cannot tell".
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchTest {
  const sa = summariseSeeds(a);
  const sb = summariseSeeds(b);
  const none = (reason: CannotTellReason): WelchTest => ({
    verdict: 'cannot-tell',
    reason,
    t: null,
    df: null,
    critical: null,
  });
  if (!sa || !sb || sa.sd === null || sb.sd === null) return none('too-few-seeds');
  const va = (sa.sd * sa.sd) / sa.n;
  const vb = (sb.sd * sb.sd) / sb.n;
  if (va + vb === 0) return none('no-spread');
  const t = (sa.mean - sb.mean) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  const critical = studentTQuantile((1 + DIFFERENCE_LEVEL) / 2, df);
  if (Math.abs(t) <= critical)
    return { verdict: 'cannot-tell', reason: 'not-significant', t, df, critical };
  return { verdict: t > 0 ? 'a-higher' : 'b-higher', reason: null, t, df, critical };
}
