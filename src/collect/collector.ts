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
import { type CollectorTarget, type TargetState, targetRecord, targetStates } from './collector-target.ts';
import { type Exposition, parseExpositionLimited } from './exposition.ts';
import { spreadOverGap } from './gap-spread.ts';
import { dropDuplicates, rollupProblem } from './poison.ts';
import { fetchExposition, redactUrl } from './scrape.ts';
import { blankReport, MAX_REJECTIONS, type ScrapeReport } from './scrape-report.ts';
import type { CollectorDelta, CollectorSink } from './sink.ts';

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
  /**
   * Samples per scrape past which the scrape fails whole (Prometheus's
   * sample_limit); DEFAULT_SAMPLE_LIMIT by default, 0 for none.
   */
  sampleLimit?: number;
  /** Response bytes past which the scrape fails (Prometheus's body_size_limit); DEFAULT_BODY_LIMIT_BYTES. */
  bodyLimitBytes?: number;
}

/**
 * 50,000 samples: a gateway exports about 50 series per (model, pod) (its
 * counters, error types and two histograms of 15 buckets), so this admits
 * 1,000 model-pod pairs, and a vLLM server a few thousand series; 100,000
 * series of one bad target (issue 17) are refused. Prometheus has no
 * default (0, unlimited); its docs advise setting one.
 */
export const DEFAULT_SAMPLE_LIMIT = 50_000;
/** 16 MiB: 50,000 samples of up to 300 bytes each; a larger body is refused before parsing. */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

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
  private readonly sampleLimit: number;
  private readonly bodyLimitBytes: number;
  private readonly states: TargetState[];
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
    // 0 is no limit, as in Prometheus.
    this.sampleLimit =
      opts.sampleLimit === 0 ? Number.POSITIVE_INFINITY : (opts.sampleLimit ?? DEFAULT_SAMPLE_LIMIT);
    this.bodyLimitBytes = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
    this.states = targetStates(this.targets, this.sink);
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
            ...blankReport(t, redactUrl(t.url), this.now(), this.states[i]?.lastOkAt),
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

  private async scrape(target: CollectorTarget, index: number): Promise<ScrapeReport> {
    const at = this.now();
    const state = this.states[index];
    if (state === undefined) throw new Error(`no state for target ${index}`);
    const report = blankReport(target, redactUrl(target.url), at, state.lastOkAt);
    const sampleSeconds = this.intervalMs / 1000;
    const fetched = await fetchExposition(target.url, {
      dispatcher: this.dispatcher(),
      timeoutMs: this.timeoutMs,
      maxBytes: this.bodyLimitBytes,
    });
    let exposition: Exposition | undefined;
    let error = fetched.ok ? undefined : fetched.error;
    if (fetched.ok) {
      const parsed = await parseExpositionLimited(fetched.text, this.sampleLimit);
      if (parsed.ok) exposition = parsed.exposition;
      else
        error = `sample limit exceeded: more than ${parsed.limit} samples (sample_limit), scrape refused whole`;
    }
    if (exposition === undefined || exposition.samples.length === 0) {
      // An empty or unreadable body must not reach the counter state: every
      // series would be forgotten and then counted again from zero.
      report.error = error ?? 'no samples in the response';
      report.problems = exposition?.problems ?? [];
      if (state.up !== false) report.change = 'down';
      state.up = false;
      this.guard(report, () => {
        // A vLLM pod that cannot be scraped is down. A gateway that cannot be
        // scraped says nothing about its pods, so no health is recorded for them.
        if (target.kind === 'vllm')
          this.sink.recordPodHealth(target.environment, target.pod, at, false, sampleSeconds);
        this.sink.saveTarget?.(targetRecord(target, state, this.intervalMs, at, report.error));
      });
      return report;
    }
    report.ok = true;
    if (state.up === false) report.change = 'up';
    state.up = true;
    state.lastOkAt = at;
    report.lastOkAt = at;
    report.problems = exposition.problems;
    const { samples, duplicates } = dropDuplicates(exposition.samples);
    report.samples = samples.length;
    report.duplicates = duplicates.length;
    const counted = state.counters.observe(samples, exposition.types, at);
    report.baseline = counted.baseline;
    report.resets = counted.resets;
    report.baselined = counted.baselined;
    report.rejectedSamples = counted.rejected.length;
    const rejections = [...duplicates, ...counted.rejected];
    const adds: CollectorDelta[] = [];
    const slots = spreadOverGap(counted.deltas, counted.previousAt, at, this.intervalMs);
    report.slots = slots.length;
    for (const slot of slots) {
      const rollups =
        target.kind === 'gateway'
          ? adaptGateway(slot.deltas, this.thresholds)
          : adaptVllm(slot.deltas, target.pod, samples, this.thresholds);
      for (const r of rollups) {
        const problem = rollupProblem(r.rollup);
        if (problem === undefined) adds.push({ at: slot.at, environment: target.environment, ...r });
        else {
          report.rejectedRollups++;
          rejections.push(`${r.model}/${r.pod}: ${problem}, interval dropped`);
        }
      }
    }
    report.rejections = rejections.slice(0, MAX_REJECTIONS);
    const health = target.kind === 'gateway' ? gatewayPodHealth(samples) : [{ pod: target.pod, up: true }];
    report.rollups = adds.length;
    this.guard(report, () => {
      for (const a of adds) this.sink.add(a);
      for (const h of health) this.sink.recordPodHealth(target.environment, h.pod, at, h.up, sampleSeconds);
      // After the rollups: a durable sink writes both in one transaction.
      this.sink.saveTarget?.(targetRecord(target, state, this.intervalMs, at, undefined));
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
