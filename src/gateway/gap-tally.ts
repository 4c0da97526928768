/**
 * Inter-token gaps of one stream, held until the request's outcome is known:
 * the inter-token histogram, like duration and TTFT, observes successful
 * requests only (src/engine/outcome.ts, countsForLatency). A count and a sum
 * per histogram bucket rather than a list of gaps, so an open stream holds a
 * fixed few bytes however many tokens it sends.
 */

/** Where the tally goes: prom-client's Histogram child has this shape. */
export interface Observer {
  observe(value: number): void;
}

export class GapTally {
  private readonly counts: Uint32Array;
  private readonly sums: Float64Array;
  private any = false;

  /** `bounds`: the histogram's upper bucket bounds, ascending (+Inf is implied). */
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Uint32Array(bounds.length + 1);
    this.sums = new Float64Array(bounds.length + 1);
  }

  add(seconds: number): void {
    let i = 0;
    // `le` buckets hold their bound; a dozen bounds make a linear scan the fast choice.
    while (i < this.bounds.length && seconds > (this.bounds[i] ?? 0)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sums[i] = (this.sums[i] ?? 0) + seconds;
    this.any = true;
  }

  /**
   * Observes every gap into `h`: each bucket's gaps as their mean, which lies
   * in the same bucket, so the histogram's bucket counts, count and sum come
   * out as if each gap had been observed itself.
   */
  flush(h: Observer): void {
    if (!this.any) return;
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i] ?? 0;
      if (n === 0) continue;
      const upper = this.bounds[i] ?? Number.POSITIVE_INFINITY;
      // Rounding must not push the mean of gaps all at a bound into the next bucket.
      const mean = Math.min(upper, (this.sums[i] ?? 0) / n);
      for (let k = 0; k < n; k++) h.observe(mean);
    }
  }
}
