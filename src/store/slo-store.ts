/**
 * The embedded store (issue 5): per-minute rollups per (environment, model,
 * pod) in SQLite, rolled into hours and days so a 30-day window reads a few
 * hundred rows. Records are buffered in memory and written in one
 * transaction per flush interval, so a kill -9 loses at most that interval;
 * the collector's counter values are written with the rollups they
 * produced, so a restarted collector counts that interval again.
 */
import type Database from 'better-sqlite3';
import {
  mergeInto,
  type RequestMeasurement,
  type Rollup,
  type RollupDelta,
  type ScrapeTargetRecord,
} from '../engine/index.ts';
import {
  addMeasurement,
  type StoreThresholds,
  type ThresholdPlan,
  thresholdPlan,
} from './add-measurement.ts';
import { HealthTables } from './health-tables.ts';
import { RollupTables } from './rollup-tables.ts';
import { Meta, openDatabase } from './schema.ts';
import { toStoreError } from './store-error.ts';
import { type PodUptime, type ReadRows, StoreReader } from './store-reader.ts';
import { StoreWriter } from './store-writer.ts';
import { TargetTable } from './target-table.ts';
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from './time-tiers.ts';
import { WriteBuffer } from './write-buffer.ts';

export interface StoreOptions {
  /** Days of hour and day rows kept (default 35). */
  retentionDays?: number;
  /** Days of minute rows kept (default 2); older windows read hours at their edges. */
  keepMinutesDays?: number;
  /** How often buffered records are written (default 1000 ms); a kill -9 loses at most this. */
  flushIntervalMs?: number;
  /** Compact from flush() whenever an hour has completed since the last compaction (default true). */
  autoCompact?: boolean;
  /** How long to wait for another process's write lock before failing with 'locked' (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Receives errors of the background flush; the data stays buffered and is retried. */
  onError?: (err: unknown) => void;
  /** The clock (ms since the epoch), for compaction and retention; tests replace it. */
  now?: () => number;
  /**
   * Thresholds (seconds) every recorded request's duration and TTFT are
   * counted against exactly (the spec's, see specThresholds), so latency
   * SLOs at them are as exact as Prometheus's buckets; elsewhere the
   * sketch answers, within its 0.5 %.
   */
  thresholds?: StoreThresholds;
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be positive, got ${value}`);
  return value;
}

export class SloStore {
  private readonly buffer = new WriteBuffer();
  private readonly reader: StoreReader;
  private readonly writer: StoreWriter;
  private readonly meta: Meta;
  private readonly targets: TargetTable;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly thresholds: ThresholdPlan;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The file this store was opened from (named in every StoreError). */
    readonly file: string,
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.thresholds = thresholdPlan(options.thresholds);
    this.meta = new Meta(db);
    const series = new RollupTables(db, '');
    const totals = new RollupTables(db, 'env_');
    const health = new HealthTables(db);
    this.reader = new StoreReader(this.meta, series, totals, health, this.buffer);
    this.targets = new TargetTable(db);
    this.writer = new StoreWriter(db, this.meta, series, totals, health, this.targets);
    const interval = positive('flushIntervalMs', options.flushIntervalMs ?? 1000);
    this.timer = setInterval(() => this.backgroundFlush(), interval);
    // The store must never keep a finished process alive.
    this.timer.unref();
  }

  /**
   * Opens a store file, creating it when missing (':memory:' for a private
   * in-memory store): WAL journal, pending migrations applied. Throws a
   * StoreError naming the file when it is unreadable, corrupt, another
   * program's database, of a newer schema, or locked.
   */
  static open(file: string, options: StoreOptions = {}): SloStore {
    positive('retentionDays', options.retentionDays ?? 35);
    positive('keepMinutesDays', options.keepMinutesDays ?? 2);
    const db = openDatabase(file, options.busyTimeoutMs ?? 5000);
    try {
      return new SloStore(db, file, options);
    } catch (err) {
      db.close();
      throw toStoreError(err, file);
    }
  }

  /**
   * Buffers one finished request in the minute it finished (as Prometheus
   * counts it, and never in a minute already written and rolled); written
   * in one transaction every flushIntervalMs (unref'd timer) or on
   * flush()/close(). Cancelled requests count only as cancellations. Never
   * throws; ignored after close().
   */
  record(m: RequestMeasurement): void {
    if (this.closed) return;
    const minute = floorTo(m.receivedAt + (Number.isFinite(m.durationMs) ? m.durationMs : 0), MINUTE_MS);
    addMeasurement(this.buffer.rollup(minute, m.environment, m.model, m.pod), m, this.thresholds);
  }

  /** A RequestSink for the gateway (record bound). */
  sink(): { record(m: RequestMeasurement): void } {
    return { record: (m) => this.record(m) };
  }

  /** Adds counts from the collector (a delta for the minute holding `at`), buffered like record(). */
  add(delta: RollupDelta): void {
    if (this.closed) return;
    const r = this.buffer.rollup(floorTo(delta.at, MINUTE_MS), delta.environment, delta.model, delta.pod);
    mergeInto(r, delta.rollup);
  }

  /**
   * Pod health observed at `at`: up or not, standing for `sampleSeconds` of
   * time; stored per minute as up-seconds and observed-seconds.
   */
  recordPodHealth(environment: string, pod: string, at: number, up: boolean, sampleSeconds: number): void {
    if (this.closed || !(sampleSeconds > 0)) return;
    this.buffer.addHealth(floorTo(at, MINUTE_MS), environment, pod, up ? sampleSeconds : 0, sampleSeconds);
  }

  /**
   * Writes the buffer in one transaction (kept buffered if that fails), then
   * compacts when autoCompact is on and an hour has completed since the last
   * compaction. Throws StoreError.
   */
  flush(): void {
    if (this.closed) return;
    this.guard(() => {
      if (!this.buffer.empty) {
        const pending = this.buffer.take();
        try {
          this.writer.write(pending);
        } catch (err) {
          this.buffer.restore(pending);
          throw err;
        }
      }
      if (this.options.autoCompact !== false && floorTo(this.now(), HOUR_MS) > this.meta.read().hoursUntil)
        this.compactNow();
    });
  }

  /**
   * Flushes, then rolls complete minutes into hours and complete hours into
   * days, deletes minute rows older than keepMinutesDays and all rows older
   * than retentionDays. Idempotent; flush() calls it once an hour by default.
   */
  compact(): void {
    this.flush();
    this.guard(() => this.compactNow());
  }

  /**
   * Merged rollup of [from, to) (ms; edges snap to the nearest minute) for
   * an environment, optionally one model and/or pod, reading the coarsest
   * rows that fit: days, then hours, then minutes at the edges. Unflushed
   * records are included.
   */
  window(environment: string, from: number, to: number, filter?: { model?: string; pod?: string }): Rollup {
    return this.guard(() => this.reader.window(environment, from, to, filter));
  }

  /** Per-step rollups over [from, to) (step a multiple of 60 s), for charts and timeslices. */
  series(environment: string, from: number, to: number, stepMs: number): Rollup[] {
    return this.guard(() => this.reader.series(environment, from, to, stepMs));
  }

  /** Requests per pod over [from, to) (throughput per pod). */
  requestsByPod(environment: string, from: number, to: number): Map<string, number> {
    return this.guard(() => this.reader.requestsBy('pod', environment, from, to));
  }

  /** Requests per model over [from, to) (which models served traffic, e.g. for per-model alerts). */
  requestsByModel(environment: string, from: number, to: number): Map<string, number> {
    return this.guard(() => this.reader.requestsBy('model', environment, from, to));
  }

  /**
   * Share of observed seconds each pod was up over [from, to); and per
   * minute whether any pod was seen up, for time-based availability.
   */
  podUptime(environment: string, from: number, to: number): PodUptime {
    return this.guard(() => this.reader.podUptime(environment, from, to));
  }

  /** Environments with stored or buffered data, sorted. */
  environments(): string[] {
    return this.guard(() =>
      [...new Set([...this.writer.environments(), ...this.buffer.environments()])].sort(),
    );
  }

  /** Rows each tier contributed to the last read (window, series, requestsByPod, podUptime). */
  get lastReadRows(): ReadRows {
    return { ...this.reader.lastReadRows };
  }

  /**
   * Records a collector target's state (CollectorSink.saveTarget), buffered
   * and written in the same transaction as the rollups added before it.
   */
  saveTarget(record: ScrapeTargetRecord): void {
    if (this.closed) return;
    this.buffer.setTarget(record);
  }

  /** The collector targets' states, buffered ones included (CollectorSink.loadTargets; status reads them). */
  loadTargets(): ScrapeTargetRecord[] {
    return this.guard(() => {
      const byKey = new Map(this.targets.read().map((t) => [t.target, t]));
      for (const t of this.buffer.pendingTargets()) byKey.set(t.target, t);
      return [...byKey.values()];
    });
  }

  /** Flushes and closes the file; later records are ignored. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.db.close();
    }
  }

  private compactNow(): void {
    this.writer.compact(this.now(), {
      retentionMs: (this.options.retentionDays ?? 35) * DAY_MS,
      keepMinutesMs: (this.options.keepMinutesDays ?? 2) * DAY_MS,
    });
  }

  private backgroundFlush(): void {
    try {
      this.flush();
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err, this.file);
    }
  }
}
