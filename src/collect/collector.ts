/**
 * The collector: scrapes every target's /metrics on an interval, turns the
 * cumulative counters into per-interval rollups and hands them, with pod
 * health, to a sink (the embedded store). It runs unattended next to
 * production, so nothing a target does (refuse, hang, restart, serve
 * garbage) makes it throw or stop.
 */
import { Agent } from 'undici';
import type { ThresholdSet } from '../engine/index.ts';
import { adaptGateway, adaptVllm, gatewayPodHealth } from './adapters.ts';
import { CounterDeltas } from './deltas.ts';
import { parseExposition } from './exposition.ts';
import { fetchExposition, redactUrl } from './scrape.ts';
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

export interface CollectorOptions {
  targets: CollectorTarget[];
  sink: CollectorSink;
  /** Between scrapes; 15000 (Prometheus's usual scrape interval) by default. */
  intervalMs?: number;
  /** Per scrape; 10000 (Prometheus's default scrape_timeout) or the interval if shorter. */
  timeoutMs?: number;
  /** The clock (ms since the epoch); `at` of every rollup and health sample. */
  now?: () => number;
  /** Receives every round's reports while started (scrapeOnce returns them instead). */
  onReport?: (reports: ScrapeReport[]) => void;
  /**
   * Latency and TTFT thresholds (seconds; the spec's, see specThresholds)
   * to count exactly where a histogram has a bound at them, as the store
   * counts the requests it records, so windows mixing both stay exact.
   */
  thresholds?: ThresholdSet;
}

/** What happened to one target in one round. */
export interface ScrapeReport {
  /** The target URL without credentials or query. */
  url: string;
  environment: string;
  pod: string;
  kind: 'gateway' | 'vllm';
  at: number;
  /** The scrape succeeded (a 2xx response with at least one sample). */
  ok: boolean;
  /** Why the scrape failed; never contains credentials. */
  error?: string;
  /** The sink threw; the round's numbers for this target are lost. */
  sinkError?: string;
  samples: number;
  /** Lines of the exposition that were skipped ("line N: ..."). */
  problems: string[];
  /** First good scrape of the target: counters recorded, no deltas yet. */
  baseline: boolean;
  resets: number;
  /** Rollups handed to the sink. */
  rollups: number;
}

const DEFAULT_INTERVAL_MS = 15_000;
const DEFAULT_TIMEOUT_MS = 10_000;

export class Collector {
  private readonly targets: CollectorTarget[];
  private readonly sink: CollectorSink;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly onReport: ((reports: ScrapeReport[]) => void) | undefined;
  private readonly thresholds: ThresholdSet;
  /** Counter state per target; survives failed scrapes so the next delta covers the gap. */
  private readonly counters: CounterDeltas[];
  private agent: Agent | undefined;
  /** The current round; rounds never overlap, as they share the counter state. */
  private round: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(opts: CollectorOptions) {
    this.targets = [...opts.targets];
    this.sink = opts.sink;
    this.intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.timeoutMs = opts.timeoutMs ?? Math.min(DEFAULT_TIMEOUT_MS, this.intervalMs);
    this.now = opts.now ?? Date.now;
    this.onReport = opts.onReport;
    this.thresholds = opts.thresholds ?? {};
    this.counters = this.targets.map(() => new CounterDeltas());
  }

  /** Scrapes now and then every interval, until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  /** Stops scraping; resolves when the round in progress has finished and connections are closed. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
    const agent = this.agent;
    this.agent = undefined;
    await agent?.close();
  }

  /** One round over all targets, concurrently. Never rejects. */
  scrapeOnce(): Promise<ScrapeReport[]> {
    const next = this.round.then(() =>
      Promise.all(
        this.targets.map((t, i) =>
          // A bug of ours must not stop the other targets or the loop; it shows in the report.
          this.scrape(t, i).catch((err: unknown) => ({
            ...this.blankReport(t, this.now()),
            error: `collector error: ${err instanceof Error ? err.message : String(err)}`,
          })),
        ),
      ),
    );
    this.round = next;
    return next;
  }

  private tick(): void {
    const started = this.now();
    void this.scrapeOnce().then((reports) => {
      try {
        this.onReport?.(reports);
      } catch {
        // The listener's failure is its own; the collector keeps its cadence.
      }
      if (!this.running) return;
      // Keep the cadence: a slow round shortens the wait instead of drifting.
      const wait = Math.max(0, this.intervalMs - (this.now() - started));
      this.timer = setTimeout(() => this.tick(), wait);
    });
  }

  private dispatcher(): Agent {
    this.agent ??= new Agent({ connections: 4 });
    return this.agent;
  }

  private blankReport(target: CollectorTarget, at: number): ScrapeReport {
    return {
      url: redactUrl(target.url),
      environment: target.environment,
      pod: target.pod,
      kind: target.kind,
      at,
      ok: false,
      samples: 0,
      problems: [],
      baseline: false,
      resets: 0,
      rollups: 0,
    };
  }

  private async scrape(target: CollectorTarget, index: number): Promise<ScrapeReport> {
    const at = this.now();
    const report = this.blankReport(target, at);
    const sampleSeconds = this.intervalMs / 1000;
    const fetched = await fetchExposition(target.url, {
      dispatcher: this.dispatcher(),
      timeoutMs: this.timeoutMs,
    });
    const exposition = fetched.ok ? parseExposition(fetched.text) : undefined;
    if (exposition === undefined || exposition.samples.length === 0) {
      // An empty or unreadable body must not reach the counter state: every
      // series would be forgotten and then counted again from zero.
      report.error = fetched.ok ? 'no samples in the response' : fetched.error;
      report.problems = exposition?.problems ?? [];
      // A vLLM pod that cannot be scraped is down. A gateway that cannot be
      // scraped says nothing about its pods, so no health is recorded for them.
      if (target.kind === 'vllm')
        this.guard(report, () =>
          this.sink.recordPodHealth(target.environment, target.pod, at, false, sampleSeconds),
        );
      return report;
    }
    report.ok = true;
    report.samples = exposition.samples.length;
    report.problems = exposition.problems;
    const counted = this.counters[index]?.observe(exposition.samples, exposition.types);
    if (counted === undefined) return report;
    report.baseline = counted.baseline;
    report.resets = counted.resets;
    const rollups =
      target.kind === 'gateway'
        ? adaptGateway(counted.deltas, this.thresholds)
        : adaptVllm(counted.deltas, target.pod, exposition.samples, this.thresholds);
    const health =
      target.kind === 'gateway' ? gatewayPodHealth(exposition.samples) : [{ pod: target.pod, up: true }];
    report.rollups = rollups.length;
    this.guard(report, () => {
      for (const r of rollups) this.sink.add({ at, environment: target.environment, ...r });
      for (const h of health) this.sink.recordPodHealth(target.environment, h.pod, at, h.up, sampleSeconds);
    });
    return report;
  }

  /** Calls the sink; a sink that throws (a full disk) is reported, and the round goes on. */
  private guard(report: ScrapeReport, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      report.sinkError = err instanceof Error ? err.message : String(err);
    }
  }
}
