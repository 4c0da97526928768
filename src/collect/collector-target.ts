/**
 * A collector target and what the collector keeps of it: its counter values
 * and last scrape between rounds, and in the sink's record across restarts
 * (a kill -9 included), so a restart continues from the stored counters
 * instead of taking a new baseline.
 */
import type { ScrapeTargetRecord } from '../engine/index.ts';
import { CounterDeltas, type CounterState } from './deltas.ts';
import { redactUrl } from './scrape.ts';
import type { CollectorSink } from './sink.ts';

/** One /metrics endpoint. */
export interface CollectorTarget {
  /** The full /metrics URL; credentials in it are sent as Basic auth and never reported. */
  url: string;
  environment: string;
  /**
   * For `vllm`, the pod the target is (vLLM's metrics do not name it). For
   * `gateway`, a name for the gateway itself, used in reports only: the
   * pods come from the gateway's `pod` labels.
   */
  pod: string;
  /** `gateway`: the metric contract of DESIGN.md; `vllm`: vLLM's native metrics. */
  kind: 'gateway' | 'vllm';
}

/** What the collector keeps per target between scrapes. */
export interface TargetState {
  key: string;
  /** Counter values; survive failed scrapes so the next delta covers the gap. */
  counters: CounterDeltas;
  lastOkAt: number | undefined;
  /** Up at the last attempt; undefined before the first. */
  up: boolean | undefined;
}

/** The key of a target's stored record. */
function targetKey(t: CollectorTarget): string {
  return `${t.kind} ${t.environment} ${redactUrl(t.url)}`;
}

/** The stored states by key; none when the sink keeps none or cannot read them. */
function storedTargets(sink: CollectorSink): Map<string, ScrapeTargetRecord> {
  try {
    return new Map((sink.loadTargets?.() ?? []).map((r) => [r.target, r]));
  } catch {
    // An unreadable record costs one baseline scrape, not the collector.
    return new Map();
  }
}

function counterState(json: string | undefined): CounterState | undefined {
  if (json === undefined) return undefined;
  try {
    const s = JSON.parse(json) as CounterState;
    return Array.isArray(s.values) ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each target's state, continued from the sink's stored record where there
 * is one: a restart continues from the stored counter values (kill -9 included).
 */
export function targetStates(targets: readonly CollectorTarget[], sink: CollectorSink): TargetState[] {
  const stored = storedTargets(sink);
  return targets.map((t) => {
    const key = targetKey(t);
    const record = stored.get(key);
    return {
      key,
      counters: new CounterDeltas(counterState(record?.counters)),
      lastOkAt: record?.lastOkAt,
      up: record === undefined ? undefined : record.lastError === undefined,
    };
  });
}

/** The record of a target after a scrape at `at`, for the sink to store; `error` when it failed. */
export function targetRecord(
  target: CollectorTarget,
  state: TargetState,
  intervalMs: number,
  at: number,
  error: string | undefined,
): ScrapeTargetRecord {
  const counters = state.counters.state();
  return {
    target: state.key,
    environment: target.environment,
    url: redactUrl(target.url),
    kind: target.kind,
    intervalMs,
    lastAttemptAt: at,
    lastOkAt: state.lastOkAt,
    lastError: error,
    counters: counters === undefined ? undefined : JSON.stringify(counters),
  };
}
