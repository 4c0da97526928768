/**
 * The daily shape of the demo's traffic: a trough in the small hours and a
 * broad afternoon peak, as interactive chat services see (peak-to-trough
 * about 3.3x). The same curve drives the live traffic (on a compressed day)
 * and the backfilled history (on real UTC days), so the charts line up.
 */

/** Share of the peak rate at the quietest moment of the day. */
export const TROUGH_SHARE = 0.3;
/** Hour of the day (UTC) with the least traffic; the peak is twelve hours later. */
export const TROUGH_HOUR = 4;

const DAY_MS = 86_400_000;

/**
 * Share of the peak rate (in [TROUGH_SHARE, 1]) at a point of the day given
 * as a fraction in [0, 1) (0 is midnight): a raised cosine, smooth at every
 * hour so the rate has no steps. Its mean over a day is (1 + TROUGH_SHARE) / 2.
 */
export function dailyShare(dayFraction: number): number {
  const x = dayFraction - TROUGH_HOUR / 24;
  return TROUGH_SHARE + (1 - TROUGH_SHARE) * 0.5 * (1 - Math.cos(2 * Math.PI * x));
}

/** Fraction of the UTC day (in [0, 1)) at `epochMs`. */
export function utcDayFraction(epochMs: number): number {
  return (((epochMs % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
}

/**
 * The point of a compressed day `elapsedMs` after a start at `startFraction`
 * of the day, when a whole day lasts `dayLengthMs`.
 */
export function compressedDayFraction(startFraction: number, elapsedMs: number, dayLengthMs: number): number {
  const f = startFraction + elapsedMs / dayLengthMs;
  return f - Math.floor(f);
}
