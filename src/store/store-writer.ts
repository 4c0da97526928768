/**
 * Every write of the store, each in one IMMEDIATE transaction (taking the
 * write lock up front, so two processes sharing a file wait for each other
 * instead of failing mid-way): flushing the buffer, and compaction.
 *
 * Invariant: hour rows hold all data before hoursUntil, day rows all data
 * before daysUntil, minute rows all data from minutesFrom on. A flush that
 * brings data for an already rolled period (a late collector delta) merges
 * it into the hour and day rows too, so the invariant holds without ever
 * re-reading minutes.
 */
import type Database from 'better-sqlite3';
import { emptyRollup, mergeInto } from '../engine/index.ts';
import type { HealthTables } from './health-tables.ts';
import type { RollupTables } from './rollup-tables.ts';
import type { Meta } from './schema.ts';
import type { TargetTable } from './target-table.ts';
import { DAY_MS, floorTo, HOUR_MS, type Tier, type Watermarks } from './time-tiers.ts';
import type { Pending, PendingRollup } from './write-buffer.ts';

export interface CompactionSettings {
  /** Hour and day rows older than this are deleted. */
  retentionMs: number;
  /** Minute rows older than this (and already rolled into hours) are deleted. */
  keepMinutesMs: number;
}

const DATA_TABLES = ['minutes', 'hours', 'days', 'pod_minutes', 'pod_hours', 'pod_days'];

export class StoreWriter {
  private readonly putEnvironment: Database.Statement;
  private readonly pruneEnvironments: Database.Statement;
  private readonly listEnvironments: Database.Statement;
  private readonly earliest: Record<'minutes' | 'hours', Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    private readonly meta: Meta,
    private readonly series: RollupTables,
    private readonly totals: RollupTables,
    private readonly health: HealthTables,
    private readonly targets: TargetTable,
  ) {
    this.putEnvironment = db.prepare('INSERT OR IGNORE INTO environments (name) VALUES (?)');
    this.listEnvironments = db.prepare('SELECT name FROM environments ORDER BY name').pluck();
    const unused = DATA_TABLES.map((t) => `NOT EXISTS (SELECT 1 FROM ${t} WHERE environment = name)`);
    this.pruneEnvironments = db.prepare(`DELETE FROM environments WHERE ${unused.join(' AND ')}`);
    // Request rows and health rows may start at different times: the earlier of the two.
    const earliest = (t: string) =>
      db
        .prepare(
          `SELECT MIN(m) FROM (SELECT MIN(start_ms) AS m FROM ${t} WHERE environment = @env AND start_ms >= @start
           UNION ALL SELECT MIN(start_ms) FROM pod_${t} WHERE environment = @env AND start_ms >= @start)`,
        )
        .pluck();
    this.earliest = { minutes: earliest('minutes'), hours: earliest('hours') };
  }

  /** Environments with stored rows. */
  environments(): string[] {
    return this.listEnvironments.all() as string[];
  }

  /** Merges one pending rollup into its minute row and, where already rolled, its hour and day rows. */
  private writeRollup(tables: RollupTables, p: PendingRollup, wm: Watermarks): void {
    // Minute rows before minutesFrom are gone; the hours keep that period.
    if (p.minute >= wm.minutesFrom)
      tables.merge('minutes', p.minute, p.environment, p.model, p.pod, p.rollup);
    if (p.minute < wm.hoursUntil)
      tables.merge('hours', floorTo(p.minute, HOUR_MS), p.environment, p.model, p.pod, p.rollup);
    if (p.minute < wm.daysUntil)
      tables.merge('days', floorTo(p.minute, DAY_MS), p.environment, p.model, p.pod, p.rollup);
  }

  /**
   * Writes what the buffer held, in one transaction: each series' rows,
   * each environment's totals (model and pod ''), which unfiltered windows
   * read instead of merging a row per series, and the collector's targets.
   */
  write(pending: Pending): void {
    this.db
      .transaction(() => {
        const wm = this.meta.read();
        const envs = new Set<string>();
        const totals = new Map<string, PendingRollup>();
        for (const p of pending.rollups) {
          envs.add(p.environment);
          this.writeRollup(this.series, p, wm);
          const key = `${p.minute}\u0000${p.environment}`;
          let t = totals.get(key);
          if (t === undefined) {
            t = { minute: p.minute, environment: p.environment, model: '', pod: '', rollup: emptyRollup() };
            totals.set(key, t);
          }
          mergeInto(t.rollup, p.rollup);
        }
        for (const t of totals.values()) this.writeRollup(this.totals, t, wm);
        for (const h of pending.health) {
          // Health hours are recomputed from minutes, which no longer exist before minutesFrom.
          if (h.minute < wm.minutesFrom) continue;
          envs.add(h.environment);
          this.health.addMinute(h.environment, h.minute, h.pod, h.upSeconds, h.observedSeconds);
          const hour = floorTo(h.minute, HOUR_MS);
          const day = floorTo(h.minute, DAY_MS);
          if (h.minute < wm.hoursUntil) this.health.roll('hours', h.environment, hour, hour + HOUR_MS);
          if (h.minute < wm.daysUntil) this.health.roll('days', h.environment, day, day + DAY_MS);
        }
        for (const e of envs) this.putEnvironment.run(e);
        // With the rollups they produced: a restart continues from exactly what is stored.
        for (const t of pending.targets) this.targets.write(t);
      })
      .immediate();
  }

  /**
   * Rolls every complete hour into hour rows and every complete day into day
   * rows, deletes minute rows past keepMinutes and all rows past retention,
   * and advances the watermarks, in one transaction. Running it again does
   * nothing new, since the watermarks have moved.
   */
  compact(now: number, settings: CompactionSettings): void {
    this.db
      .transaction(() => {
        const wm = this.meta.read();
        const hourTarget = Math.max(wm.hoursUntil, floorTo(now, HOUR_MS));
        const dayTarget = Math.max(wm.daysUntil, floorTo(now, DAY_MS));
        const retentionCut = floorTo(now - settings.retentionMs, DAY_MS);
        const minutesCut = Math.min(
          Math.max(floorTo(now - settings.keepMinutesMs, HOUR_MS), retentionCut),
          hourTarget,
        );
        const minutesFrom = Math.max(wm.minutesFrom, minutesCut);
        for (const env of this.environments()) {
          this.rollTier('minutes', 'hours', HOUR_MS, env, Math.max(wm.hoursUntil, retentionCut), hourTarget);
          this.rollTier('hours', 'days', DAY_MS, env, Math.max(wm.daysUntil, retentionCut), dayTarget);
          for (const tables of [this.series, this.totals]) {
            tables.deleteBefore('minutes', env, minutesFrom);
            tables.deleteBefore('hours', env, retentionCut);
            tables.deleteBefore('days', env, retentionCut);
          }
          this.health.deleteBefore(env, minutesFrom, retentionCut);
        }
        this.pruneEnvironments.run();
        this.meta.write({ hoursUntil: hourTarget, daysUntil: dayTarget, minutesFrom });
      })
      .immediate();
  }

  /** Rolls [start, end) of `from` into `into`, a day of source rows at a time, from the first stored row. */
  private rollTier(
    from: 'minutes' | 'hours',
    into: Tier,
    size: number,
    env: string,
    start: number,
    end: number,
  ): void {
    const first = this.earliest[from].get({ env, start }) as number | null;
    if (first === null || first >= end) return;
    const healthInto = into === 'hours' ? 'hours' : 'days';
    for (let t = floorTo(Math.max(first, start), size); t < end; t += DAY_MS) {
      const stop = Math.min(t + DAY_MS, end);
      this.series.roll(from, into, size, env, t, stop);
      this.totals.roll(from, into, size, env, t, stop);
      this.health.roll(healthInto, env, t, stop);
    }
  }
}
