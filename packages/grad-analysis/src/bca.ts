/**
 * Bias-corrected and accelerated (BCa) bootstrap intervals (Efron 1987, "Better bootstrap
 * confidence intervals"; Efron & Tibshirani 1993, §14.3). The interval is read from the bootstrap
 * replicates at adjusted probabilities instead of (1 ∓ level)/2:
 *   α_lo,hi = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))), z_α = Φ⁻¹((1 ∓ level)/2),
 * with the bias correction z₀ = Φ⁻¹(share of replicates below the estimate, ties counted half) and
 * the acceleration from the jackknife values θ₍ᵢ₎ (mean θ₍·₎):
 *   a = Σ(θ₍·₎ − θ₍ᵢ₎)³ / (6 [Σ(θ₍·₎ − θ₍ᵢ₎)²]^{3/2}).
 * With z₀ = a = 0 it is the percentile interval.
 */
export interface BcaAdjustment {
  biasCorrection: number; // z₀
  acceleration: number; // a
  lowProbability: number; // α_lo
  highProbability: number; // α_hi
}

export function bcaAdjustment(
  sortedReplicates: number[],
  estimate: number,
  jackknife: number[],
  level: number,
): BcaAdjustment {
  let below = 0;
  for (const v of sortedReplicates) below += v < estimate ? 1 : v === estimate ? 0.5 : 0;
  // A share of 0 or 1 would give z₀ = ∓∞: clamp to half a replicate from the ends.
  const b = sortedReplicates.length;
  const share = Math.min(Math.max(below, 0.5), b - 0.5) / b;
  const z0 = normalQuantile(share);
  const mean = jackknife.reduce((s, v) => s + v, 0) / jackknife.length;
  let cubes = 0;
  let squares = 0;
  for (const v of jackknife) {
    const d = mean - v;
    cubes += d * d * d;
    squares += d * d;
  }
  const a = squares > 0 ? cubes / (6 * squares ** 1.5) : 0;
  const adjusted = (p: number) => {
    const z = z0 + normalQuantile(p);
    return normalCdf(z0 + z / (1 - a * z));
  };
  return {
    biasCorrection: z0,
    acceleration: a,
    lowProbability: adjusted((1 - level) / 2),
    highProbability: adjusted(1 - (1 - level) / 2),
  };
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * erfc by the Numerical Recipes (3rd ed., §6.2.2) Chebyshev fit `erfccheb`, fractional error
 * < 1.2e-16 for x ≥ 0; erfc(−x) = 2 − erfc(x).
 */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COEFFICIENTS.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + ERFC_COEFFICIENTS[j];
    dd = tmp;
  }
  return t * Math.exp(-x * x + 0.5 * (ERFC_COEFFICIENTS[0] + ty * d) - dd);
}

const ERFC_COEFFICIENTS = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
  8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
  -2.8e-17,
];

/**
 * Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.15e-9) refined with one Halley
 * step on Φ, which brings it to near machine precision.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? Number.NEGATIVE_INFINITY : p === 1 ? Infinity : NaN;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
