/**
 * The collector's targets in the store (issue 17: a kill -9 lost 13 to 22 s
 * of counts because each target's last counter values lived in memory
 * only): one row per target with its last scrape and the counter values the
 * next scrape is differenced against, written in the same transaction as
 * the rollups those values produced, so a restart continues from exactly
 * what is stored. Status reads the last good scrape to tell stale data.
 */
import type Database from 'better-sqlite3';
import type { ScrapeTargetRecord } from '../engine/index.ts';

/** Migration 3's table. */
export const TARGET_TABLE = `
  CREATE TABLE scrape_targets (
    target TEXT PRIMARY KEY,
    environment TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    interval_ms INTEGER NOT NULL,
    last_attempt_ms INTEGER NOT NULL,
    last_ok_ms INTEGER,
    last_error TEXT,
    counters TEXT
  ) WITHOUT ROWID;`;

interface Row {
  target: string;
  environment: string;
  url: string;
  kind: string;
  interval_ms: number;
  last_attempt_ms: number;
  last_ok_ms: number | null;
  last_error: string | null;
  counters: string | null;
}

export class TargetTable {
  private readonly put: Database.Statement;
  private readonly all: Database.Statement;

  constructor(db: Database.Database) {
    this.put = db.prepare(
      `INSERT OR REPLACE INTO scrape_targets
        (target, environment, url, kind, interval_ms, last_attempt_ms, last_ok_ms, last_error, counters)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.all = db.prepare('SELECT * FROM scrape_targets ORDER BY target');
  }

  /** Inside the flush's transaction. */
  write(r: ScrapeTargetRecord): void {
    this.put.run(
      r.target,
      r.environment,
      r.url,
      r.kind,
      Math.round(r.intervalMs),
      r.lastAttemptAt,
      r.lastOkAt ?? null,
      r.lastError ?? null,
      r.counters ?? null,
    );
  }

  read(): ScrapeTargetRecord[] {
    return (this.all.all() as Row[]).map((r) => ({
      target: r.target,
      environment: r.environment,
      url: r.url,
      kind: r.kind === 'vllm' ? 'vllm' : 'gateway',
      intervalMs: r.interval_ms,
      lastAttemptAt: r.last_attempt_ms,
      lastOkAt: r.last_ok_ms ?? undefined,
      lastError: r.last_error ?? undefined,
      counters: r.counters ?? undefined,
    }));
  }
}
