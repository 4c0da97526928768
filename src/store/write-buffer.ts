/**
 * What has been recorded but not yet written: one rollup per (minute,
 * environment, model, pod) and one health tally per (minute, environment,
 * pod). Recording is a Map lookup and a few additions, so the gateway's hot
 * path never waits for SQLite; a flush writes a few dozen rows however many
 * requests they hold.
 */
import { emptyRollup, mergeInto, type Rollup, type ScrapeTargetRecord } from '../engine/index.ts';

export interface PendingRollup {
  minute: number;
  environment: string;
  model: string;
  pod: string;
  rollup: Rollup;
}

export interface PendingHealth {
  minute: number;
  environment: string;
  pod: string;
  upSeconds: number;
  observedSeconds: number;
}

/** Everything a flush takes out of the buffer. */
export interface Pending {
  rollups: PendingRollup[];
  health: PendingHealth[];
  /** The latest record of each collector target, written after the rollups it follows. */
  targets: ScrapeTargetRecord[];
}

const SEP = '\u0000';

export class WriteBuffer {
  private rollups = new Map<string, PendingRollup>();
  private health = new Map<string, PendingHealth>();
  private targets = new Map<string, ScrapeTargetRecord>();
  // Consecutive requests mostly share minute, environment, model and pod:
  // comparing four fields is cheaper than building the key.
  private last: PendingRollup | undefined;

  /** The rollup a record for this minute and series goes into. */
  rollup(minute: number, environment: string, model: string, pod: string): Rollup {
    const l = this.last;
    if (
      l !== undefined &&
      l.minute === minute &&
      l.environment === environment &&
      l.model === model &&
      l.pod === pod
    )
      return l.rollup;
    const key = minute + SEP + environment + SEP + model + SEP + pod;
    let p = this.rollups.get(key);
    if (p === undefined) {
      p = { minute, environment, model, pod, rollup: emptyRollup() };
      this.rollups.set(key, p);
    }
    this.last = p;
    return p.rollup;
  }

  addHealth(minute: number, environment: string, pod: string, up: number, observed: number): void {
    const key = minute + SEP + environment + SEP + pod;
    let h = this.health.get(key);
    if (h === undefined) {
      h = { minute, environment, pod, upSeconds: 0, observedSeconds: 0 };
      this.health.set(key, h);
    }
    h.upSeconds += up;
    h.observedSeconds += observed;
  }

  /** A target's record; a later one replaces it (its counters include everything before). */
  setTarget(record: ScrapeTargetRecord): void {
    this.targets.set(record.target, record);
  }

  /** The buffered target records (newer than the stored ones). */
  pendingTargets(): Iterable<ScrapeTargetRecord> {
    return this.targets.values();
  }

  get empty(): boolean {
    return this.rollups.size === 0 && this.health.size === 0 && this.targets.size === 0;
  }

  /** Empties the buffer, handing its contents to a flush. */
  take(): Pending {
    const pending = {
      rollups: [...this.rollups.values()],
      health: [...this.health.values()],
      targets: [...this.targets.values()],
    };
    this.rollups = new Map();
    this.health = new Map();
    this.targets = new Map();
    this.last = undefined;
    return pending;
  }

  /** Puts back what a failed flush took, merged with anything recorded since. */
  restore(pending: Pending): void {
    for (const p of pending.rollups)
      mergeInto(this.rollup(p.minute, p.environment, p.model, p.pod), p.rollup);
    for (const h of pending.health)
      this.addHealth(h.minute, h.environment, h.pod, h.upSeconds, h.observedSeconds);
    // A record made since is newer: it wins.
    for (const t of pending.targets) if (!this.targets.has(t.target)) this.targets.set(t.target, t);
  }

  /** Pending rollups of an environment with minute in [from, to), optionally one model and pod. */
  *rollupsIn(
    environment: string,
    from: number,
    to: number,
    filter: { model?: string | undefined; pod?: string | undefined } = {},
  ): Iterable<PendingRollup> {
    for (const p of this.rollups.values()) {
      if (p.environment !== environment || p.minute < from || p.minute >= to) continue;
      if (filter.model !== undefined && p.model !== filter.model) continue;
      if (filter.pod !== undefined && p.pod !== filter.pod) continue;
      yield p;
    }
  }

  /** Pending health tallies of an environment with minute in [from, to). */
  *healthIn(environment: string, from: number, to: number): Iterable<PendingHealth> {
    for (const h of this.health.values())
      if (h.environment === environment && h.minute >= from && h.minute < to) yield h;
  }

  environments(): Set<string> {
    const out = new Set<string>();
    for (const p of this.rollups.values()) out.add(p.environment);
    for (const h of this.health.values()) out.add(h.environment);
    return out;
  }
}
