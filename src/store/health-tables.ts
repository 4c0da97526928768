/**
 * Pod health rows: up-seconds and observed-seconds per (minute, environment,
 * pod), rolled into hours and days; and per hour and day, how many minutes
 * were observed and in how many some pod was up, the time-based
 * availability that cannot be recomputed from per-pod sums. Rolling
 * recomputes from the finer rows (INSERT OR REPLACE ... SELECT), so it can
 * run again over a period after a late sample.
 */
import type Database from 'better-sqlite3';
import { DAY_MS, HOUR_MS, type Tier } from './time-tiers.ts';

type Statement = Database.Statement;

/** Up and observed seconds of each pod, and the minute counts. */
export interface UptimeTotals {
  byPod: Map<string, { up: number; observed: number }>;
  minutesObserved: number;
  minutesAnyUp: number;
}

const RANGE = 'environment = @environment AND start_ms >= @from AND start_ms < @to';

export class HealthTables {
  private readonly add: Statement;
  private readonly podSums: Record<Tier, Statement>;
  private readonly uptimeSums: Record<'hours' | 'days', Statement>;
  private readonly minuteAnyUp: Statement;
  private readonly rollPods: Record<'hours' | 'days', Statement>;
  private readonly rollUptime: Record<'hours' | 'days', Statement>;
  private readonly deletes: Statement[];

  constructor(db: Database.Database) {
    this.add = db.prepare(
      `INSERT INTO pod_minutes (environment, start_ms, pod, up_seconds, observed_seconds) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET up_seconds = up_seconds + excluded.up_seconds,
         observed_seconds = observed_seconds + excluded.observed_seconds`,
    );
    const podSums = (t: string) =>
      db
        .prepare(`SELECT pod, SUM(up_seconds), SUM(observed_seconds) FROM ${t} WHERE ${RANGE} GROUP BY pod`)
        .raw();
    this.podSums = {
      minutes: podSums('pod_minutes'),
      hours: podSums('pod_hours'),
      days: podSums('pod_days'),
    };
    const uptimeSums = (t: string) =>
      db
        .prepare(`SELECT COUNT(*), SUM(minutes_observed), SUM(minutes_any_up) FROM ${t} WHERE ${RANGE}`)
        .raw();
    this.uptimeSums = { hours: uptimeSums('uptime_hours'), days: uptimeSums('uptime_days') };
    this.minuteAnyUp = db
      .prepare(`SELECT start_ms, MAX(up_seconds > 0) FROM pod_minutes WHERE ${RANGE} GROUP BY start_ms`)
      .raw();
    const rollPods = (from: string, into: string, size: number) =>
      db.prepare(
        `INSERT OR REPLACE INTO ${into} (environment, start_ms, pod, up_seconds, observed_seconds)
         SELECT environment, (start_ms / ${size}) * ${size}, pod, SUM(up_seconds), SUM(observed_seconds)
         FROM ${from} WHERE ${RANGE} GROUP BY start_ms / ${size}, pod`,
      );
    this.rollPods = {
      hours: rollPods('pod_minutes', 'pod_hours', HOUR_MS),
      days: rollPods('pod_hours', 'pod_days', DAY_MS),
    };
    this.rollUptime = {
      hours: db.prepare(
        `INSERT OR REPLACE INTO uptime_hours (environment, start_ms, minutes_observed, minutes_any_up)
         SELECT environment, (start_ms / ${HOUR_MS}) * ${HOUR_MS}, COUNT(*), SUM(any_up) FROM (
           SELECT environment, start_ms, MAX(up_seconds > 0) AS any_up FROM pod_minutes
           WHERE ${RANGE} GROUP BY start_ms)
         GROUP BY start_ms / ${HOUR_MS}`,
      ),
      days: db.prepare(
        `INSERT OR REPLACE INTO uptime_days (environment, start_ms, minutes_observed, minutes_any_up)
         SELECT environment, (start_ms / ${DAY_MS}) * ${DAY_MS}, SUM(minutes_observed), SUM(minutes_any_up)
         FROM uptime_hours WHERE ${RANGE} GROUP BY start_ms / ${DAY_MS}`,
      ),
    };
    this.deletes = ['pod_minutes', 'pod_hours', 'pod_days', 'uptime_hours', 'uptime_days'].map((t) =>
      db.prepare(`DELETE FROM ${t} WHERE environment = ? AND start_ms < ?`),
    );
  }

  addMinute(environment: string, minute: number, pod: string, up: number, observed: number): void {
    this.add.run(environment, minute, pod, up, observed);
  }

  /** Recomputes hour (or day) rows of [from, to) from the finer rows. */
  roll(into: 'hours' | 'days', environment: string, from: number, to: number): void {
    this.rollPods[into].run({ environment, from, to });
    this.rollUptime[into].run({ environment, from, to });
  }

  /** Adds per-pod seconds of [from, to) into `out`; for hours and days also the minute counts. */
  read(tier: Tier, environment: string, from: number, to: number, out: UptimeTotals): number {
    const params = { environment, from, to };
    const pods = this.podSums[tier].all(params) as [string, number, number][];
    for (const [pod, up, observed] of pods) {
      const p = out.byPod.get(pod) ?? { up: 0, observed: 0 };
      p.up += up;
      p.observed += observed;
      out.byPod.set(pod, p);
    }
    if (tier === 'minutes') return pods.length;
    const [rows, observed, anyUp] = this.uptimeSums[tier].get(params) as [
      number,
      number | null,
      number | null,
    ];
    out.minutesObserved += observed ?? 0;
    out.minutesAnyUp += anyUp ?? 0;
    return pods.length + rows;
  }

  /** Whether some pod was up, per observed minute of [from, to). */
  minutes(environment: string, from: number, to: number, out: Map<number, boolean>): void {
    for (const [minute, anyUp] of this.minuteAnyUp.all({ environment, from, to }) as [number, number][])
      out.set(minute, (out.get(minute) ?? false) || anyUp === 1);
  }

  /** Deletes minute rows before `minutesCut` and hour and day rows before `retentionCut`. */
  deleteBefore(environment: string, minutesCut: number, retentionCut: number): void {
    for (const [k, stmt] of this.deletes.entries())
      stmt.run(environment, k === 0 ? minutesCut : retentionCut);
  }
}
