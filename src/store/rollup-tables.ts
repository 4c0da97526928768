/**
 * Rows of the minutes, hours and days tables (identical columns; the env_
 * tables hold each environment's totals the same way), through
 * statements prepared once: merge a rollup into a row (read-modify-write
 * inside the caller's transaction), read a range into an accumulator, roll a
 * finer tier into a coarser one, delete what is past retention.
 */
import type Database from 'better-sqlite3';
import type { Rollup } from '../engine/index.ts';
import { ROLLUP_COLUMNS, RollupAccumulator, type RollupRow } from './accumulator.ts';
import { floorTo, type Tier } from './time-tiers.ts';

type Statement = Database.Statement;

interface TierStatements {
  get: Statement;
  put: Statement;
  range: Statement;
  rollSource: Statement;
  byPod: Statement;
  byModel: Statement;
  deleteBefore: Statement;
}

/** Filter of a read: one model and/or one pod. */
export interface SeriesFilter {
  model?: string | undefined;
  pod?: string | undefined;
}

function prepare(db: Database.Database, table: string): TierStatements {
  const t = table;
  const where = 'environment = @environment AND start_ms >= @from AND start_ms < @to';
  return {
    get: db
      .prepare(
        `SELECT ${ROLLUP_COLUMNS} FROM ${t} WHERE environment = ? AND start_ms = ? AND model = ? AND pod = ?`,
      )
      .raw(),
    put: db.prepare(
      `INSERT OR REPLACE INTO ${t} (environment, start_ms, model, pod, ${ROLLUP_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    range: db
      .prepare(
        `SELECT ${ROLLUP_COLUMNS} FROM ${t} WHERE ${where}
         AND (@model IS NULL OR model = @model) AND (@pod IS NULL OR pod = @pod)`,
      )
      .raw(),
    rollSource: db
      .prepare(`SELECT start_ms, model, pod, ${ROLLUP_COLUMNS} FROM ${t} WHERE ${where} ORDER BY start_ms`)
      .raw(),
    byPod: db.prepare(`SELECT pod, SUM(requests) FROM ${t} WHERE ${where} GROUP BY pod`).raw(),
    byModel: db.prepare(`SELECT model, SUM(requests) FROM ${t} WHERE ${where} GROUP BY model`).raw(),
    deleteBefore: db.prepare(`DELETE FROM ${t} WHERE environment = ? AND start_ms < ?`),
  };
}

export class RollupTables {
  private readonly stmts: Record<Tier, TierStatements>;
  private readonly scratch = new RollupAccumulator();

  /** `prefix` picks the table set: '' for per-series rows, 'env_' for environment totals. */
  constructor(db: Database.Database, prefix: '' | 'env_') {
    this.stmts = {
      minutes: prepare(db, `${prefix}minutes`),
      hours: prepare(db, `${prefix}hours`),
      days: prepare(db, `${prefix}days`),
    };
  }

  /** Adds a rollup into the row of (tier, start, series), creating it if missing. */
  merge(tier: Tier, start: number, environment: string, model: string, pod: string, r: Rollup): void {
    this.scratch.addRollup(r);
    this.mergeAccumulated(tier, start, environment, model, pod, this.scratch);
  }

  /** Adds what `acc` holds into the row of (tier, start, series), emptying `acc`. */
  private mergeAccumulated(
    tier: Tier,
    start: number,
    environment: string,
    model: string,
    pod: string,
    acc: RollupAccumulator,
  ): void {
    const s = this.stmts[tier];
    const existing = s.get.get(environment, start, model, pod) as RollupRow | undefined;
    if (existing !== undefined) acc.addRow(existing);
    s.put.run(environment, start, model, pod, ...acc.takeRow());
  }

  /** Adds the rows of start_ms in [from, to) into `acc`; returns how many rows were read. */
  read(
    tier: Tier,
    environment: string,
    from: number,
    to: number,
    filter: SeriesFilter,
    acc: RollupAccumulator,
  ): number {
    let rows = 0;
    const params = { environment, from, to, model: filter.model ?? null, pod: filter.pod ?? null };
    for (const row of this.stmts[tier].range.iterate(params) as IterableIterator<RollupRow>) {
      acc.addRow(row);
      rows++;
    }
    return rows;
  }

  /** Rows of start_ms in [from, to) in time order, each prefixed by start_ms, model and pod. */
  withStart(
    tier: Tier,
    environment: string,
    from: number,
    to: number,
  ): [number, string, string, ...RollupRow][] {
    return this.stmts[tier].rollSource.all({ environment, from, to }) as [
      number,
      string,
      string,
      ...RollupRow,
    ][];
  }

  /** Adds requests per pod or per model of [from, to) into `out`; returns how many (grouped) rows were read. */
  requestsBy(
    by: 'pod' | 'model',
    tier: Tier,
    environment: string,
    from: number,
    to: number,
    out: Map<string, number>,
  ): number {
    const stmt = by === 'pod' ? this.stmts[tier].byPod : this.stmts[tier].byModel;
    const rows = stmt.all({ environment, from, to }) as [string, number][];
    for (const [key, n] of rows) out.set(key, (out.get(key) ?? 0) + n);
    return rows.length;
  }

  /**
   * Merges the `from` tier's rows of [start, end) into `into` rows of `size`
   * ms. Rows come in time order, so only one period's groups are held at
   * once; callers pass at most a day, so the rows fit in memory.
   */
  roll(from: Tier, into: Tier, size: number, environment: string, start: number, end: number): void {
    const groups = new Map<string, { model: string; pod: string; acc: RollupAccumulator }>();
    const pool: RollupAccumulator[] = [];
    let period = Number.NaN;
    const write = (): void => {
      for (const g of groups.values()) {
        this.mergeAccumulated(into, period, environment, g.model, g.pod, g.acc);
        pool.push(g.acc);
      }
      groups.clear();
    };
    for (const [startMs, model, pod, ...row] of this.withStart(from, environment, start, end)) {
      const p = floorTo(startMs, size);
      if (p !== period) {
        write();
        period = p;
      }
      const key = `${model}\u0000${pod}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { model, pod, acc: pool.pop() ?? new RollupAccumulator() };
        groups.set(key, g);
      }
      g.acc.addRow(row);
    }
    write();
  }

  deleteBefore(tier: Tier, environment: string, cut: number): void {
    this.stmts[tier].deleteBefore.run(environment, cut);
  }
}
