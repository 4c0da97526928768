/**
 * The store's reads: each plans its window over the tiers (time-tiers.ts),
 * reads the segments, and adds what is still in the write buffer, which no
 * tier holds yet, so an answer never lags the last flush.
 */

import type { Rollup } from '../engine/index.ts';
import { RollupAccumulator } from './accumulator.ts';
import type { HealthTables, UptimeTotals } from './health-tables.ts';
import type { RollupTables, SeriesFilter } from './rollup-tables.ts';
import type { Meta } from './schema.ts';
import { readSeries } from './series-reader.ts';
import { MINUTE_MS, type Plan, planWindow } from './time-tiers.ts';
import type { WriteBuffer } from './write-buffer.ts';

/** Rows each tier contributed to the last read (a debugging and test aid). */
export interface ReadRows {
  minutes: number;
  hours: number;
  days: number;
}

/** Time-based availability inputs of a window. */
export interface PodUptime {
  /** Share (0..1) of its observed seconds each pod was up. */
  byPod: Map<string, number>;
  /** Minutes in which some pod's health was observed. */
  minutesObserved: number;
  /** Minutes in which some pod was seen up at least once. */
  minutesAnyUp: number;
}

export class StoreReader {
  lastReadRows: ReadRows = { minutes: 0, hours: 0, days: 0 };
  private readonly acc = new RollupAccumulator();

  constructor(
    private readonly meta: Meta,
    private readonly seriesTables: RollupTables,
    private readonly totalTables: RollupTables,
    private readonly health: HealthTables,
    private readonly buffer: WriteBuffer,
  ) {}

  private plan(from: number, to: number): Plan {
    this.lastReadRows = { minutes: 0, hours: 0, days: 0 };
    return planWindow(from, to, this.meta.read());
  }

  window(environment: string, from: number, to: number, filter: SeriesFilter = {}): Rollup {
    const plan = this.plan(from, to);
    // Unfiltered, one total row per period instead of one per series: 12 times fewer rows and buckets.
    if (filter.model === undefined && filter.pod === undefined)
      return this.merged(plan, environment, {}, this.totalTables);
    return this.merged(plan, environment, filter, this.seriesTables);
  }

  series(environment: string, from: number, to: number, stepMs: number): Rollup[] {
    if (!(stepMs > 0 && stepMs % MINUTE_MS === 0))
      throw new RangeError(`series step must be a positive multiple of 60000 ms, got ${stepMs}`);
    this.lastReadRows = { minutes: 0, hours: 0, days: 0 };
    const range = { from, to, stepMs };
    return readSeries(this.totalTables, this.buffer, this.meta.read(), environment, range, this.lastReadRows);
  }

  /** Requests per pod or per model over [from, to): the tiers' rows plus the write buffer's. */
  requestsBy(by: 'pod' | 'model', environment: string, from: number, to: number): Map<string, number> {
    const plan = this.plan(from, to);
    const out = new Map<string, number>();
    for (const s of plan.segments)
      this.lastReadRows[s.tier] += this.seriesTables.requestsBy(by, s.tier, environment, s.from, s.to, out);
    for (const p of this.buffer.rollupsIn(environment, plan.from, plan.to))
      out.set(p[by], (out.get(p[by]) ?? 0) + p.rollup.requests);
    return out;
  }

  podUptime(environment: string, from: number, to: number): PodUptime {
    const plan = this.plan(from, to);
    const totals: UptimeTotals = { byPod: new Map(), minutesObserved: 0, minutesAnyUp: 0 };
    // Per-minute "any pod up" of the minute segments, where buffered samples may share a minute with stored ones.
    const minutes = new Map<number, boolean>();
    for (const s of plan.segments) {
      this.lastReadRows[s.tier] += this.health.read(s.tier, environment, s.from, s.to, totals);
      if (s.tier === 'minutes') this.health.minutes(environment, s.from, s.to, minutes);
    }
    for (const h of this.buffer.healthIn(environment, plan.from, plan.to)) {
      const p = totals.byPod.get(h.pod) ?? { up: 0, observed: 0 };
      p.up += h.upSeconds;
      p.observed += h.observedSeconds;
      totals.byPod.set(h.pod, p);
      // A late sample for an hour already rolled counts in its pod's seconds only, until flushed.
      const inMinutes = plan.segments.some(
        (s) => s.tier === 'minutes' && h.minute >= s.from && h.minute < s.to,
      );
      if (inMinutes) minutes.set(h.minute, (minutes.get(h.minute) ?? false) || h.upSeconds > 0);
    }
    let anyUp = 0;
    for (const up of minutes.values()) if (up) anyUp++;
    const byPod = new Map<string, number>();
    for (const [pod, p] of totals.byPod) if (p.observed > 0) byPod.set(pod, p.up / p.observed);
    return {
      byPod,
      minutesObserved: totals.minutesObserved + minutes.size,
      minutesAnyUp: totals.minutesAnyUp + anyUp,
    };
  }

  private merged(plan: Plan, environment: string, filter: SeriesFilter, tables: RollupTables): Rollup {
    for (const s of plan.segments)
      this.lastReadRows[s.tier] += tables.read(s.tier, environment, s.from, s.to, filter, this.acc);
    for (const p of this.buffer.rollupsIn(environment, plan.from, plan.to, filter))
      this.acc.addRollup(p.rollup);
    return this.acc.take();
  }
}
