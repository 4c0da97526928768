/**
 * Random counts and latency samples for the backfill, drawn in bulk so a
 * month of history costs a few million arithmetic operations, not one draw
 * per simulated request.
 */
import type { Sketch } from '../engine/index.ts';
import type { Rng } from '../sim/index.ts';

/**
 * Inverse of the standard normal CDF, by Acklam's rational approximation
 * (relative error below 1.15e-9; P. J. Acklam, "An algorithm for computing
 * the inverse normal cumulative distribution function", 2003).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < P_LOW) return acklamTail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -acklamTail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  const num =
    ((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.357751867269) * r -
      30.66479806614716) *
      r +
    2.506628277459239;
  const den =
    ((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r -
      13.28068155288572) *
      r +
    1;
  return (num * q) / den;
}

/** Below this probability (and above 1 minus it) Acklam's tail formula applies. */
const P_LOW = 0.02425;

/** Acklam's lower-tail formula in q = sqrt(-2 ln p). */
function acklamTail(q: number): number {
  const num =
    ((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) *
      q +
      4.374664141464968) *
      q +
    2.938163982698783;
  const den =
    (((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q +
    1;
  return num / den;
}

/** A Poisson count with the given mean: exact (Knuth) below 30, else the normal approximation. */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
}

/** A binomial count of n trials: exact below 40 trials, Poisson for rare events, else normal. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  if (n * p < 30 && p < 0.05) return Math.min(n, poisson(rng, n * p));
  const mean = n * p;
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * rng.normal())));
}

/** Most strata one call draws: enough to place a 1 % tail within a percent or so. */
const MAX_STRATA = 64;

/**
 * Adds `n` log-normal observations (median, sigma) to a sketch by stratified
 * sampling: K = min(n, 64) draws, one in each of K equal-probability strata,
 * each standing for n / K observations (Sketch.add with a count; `count`
 * sees each draw with its weight, for exact threshold counts). Tails are
 * represented in proportion, unlike K plain draws, so the share above an SLO
 * threshold is right on average and varies little.
 */
export function addLognormal(
  sketch: Sketch,
  rng: Rng,
  n: number,
  median: number,
  sigma: number,
  count?: (value: number, weight: number) => void,
): void {
  if (n <= 0) return;
  const k = Math.min(n, MAX_STRATA);
  const each = Math.floor(n / k);
  const extra = n - each * k;
  // The strata that carry one observation more start at a random one, so no end of the curve is favoured.
  const first = Math.floor(rng.next() * k);
  for (let i = 0; i < k; i++) {
    const u = (i + rng.next()) / k;
    const weight = each + ((i - first + k) % k < extra ? 1 : 0);
    if (weight <= 0) continue;
    const value = median * Math.exp(sigma * normalQuantile(u));
    sketch.add(value, weight);
    count?.(value, weight);
  }
}
