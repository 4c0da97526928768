/**
 * Seeded randomness, so a simulation run with `--seed` repeats exactly:
 * mulberry32 (a small, fast 32-bit generator; plenty for simulated traffic)
 * and the distributions the latency model draws from.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Log-normal with the given median and shape sigma. */
  lognormal(median: number, sigma: number): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** A new generator derived from this one (independent stream). */
  fork(): Rng;
}

/** mulberry32 seeded with a 32-bit integer. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    normal() {
      const u = Math.max(next(), Number.MIN_VALUE);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    lognormal(median, sigma) {
      return median * Math.exp(sigma * rng.normal());
    },
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    fork() {
      return seededRng(Math.floor(next() * 4294967296));
    },
  };
  return rng;
}
