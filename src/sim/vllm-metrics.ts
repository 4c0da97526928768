/**
 * The simulator's /metrics in vLLM's own vocabulary (vLLM v0.11+): the names,
 * help texts, labels and buckets that PrometheusStatLogger registers in
 * vllm/v1/metrics/loggers.py, plus http_requests_total as
 * prometheus-fastapi-instrumentator exposes it for vLLM's OpenAI server
 * (vllm/entrypoints/openai/api_server.py). The adapter rules in src/promql
 * are written against exactly this shape, so the simulator can stand in for a
 * real vLLM fleet.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  VLLM_INTER_TOKEN_BUCKETS,
  VLLM_REQUEST_LATENCY_BUCKETS,
  VLLM_TTFT_BUCKETS,
} from '../promql/index.ts';
import type { EngineStats, FinishedRequest, FinishReason } from './engine-types.ts';

/** Every vLLM engine metric carries these (make_per_engine in loggers.py). */
type EngineLabel = 'model_name' | 'engine';
const ENGINE_LABELS: EngineLabel[] = ['model_name', 'engine'];

/** vllm/v1/engine/__init__.py FinishReason; loggers.py pre-creates a series for each. */
const FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'abort', 'error'];

export interface VllmMetricsOptions {
  /** vLLM's served_model_name, the model_name label. */
  modelName: string;
  /** The engine label: the engine core's index, "0" unless data-parallel. */
  engine?: string;
  /** The engine's current state, read at every scrape. */
  stats: () => EngineStats;
}

/** One simulated vLLM server's metrics, in a registry of its own (one per pod). */
export class VllmMetrics {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  private readonly labels: Record<EngineLabel, string>;
  private readonly promptTokens: Counter<EngineLabel>;
  private readonly generationTokens: Counter<EngineLabel>;
  private readonly requestSuccess: Counter<EngineLabel | 'finished_reason'>;
  private readonly e2e: Histogram<EngineLabel>;
  private readonly ttft: Histogram<EngineLabel>;
  private readonly interToken: Histogram<EngineLabel>;
  private readonly queue: Histogram<EngineLabel>;
  private readonly prefill: Histogram<EngineLabel>;
  private readonly decode: Histogram<EngineLabel>;
  private readonly http: Counter<'handler' | 'method' | 'status'>;
  /** stats().preemptions at the previous scrape; the counter grows by the difference. */
  private preemptionsSeen = 0;
  /**
   * When each http_requests_total series was created (seconds), written as
   * Python's prometheus_client writes `http_requests_created`: the series
   * appear at their first request, and a collector tells them from old
   * series by this (a series it has not seen is counted from zero only when
   * known to be new).
   */
  private readonly httpCreated = new Map<string, number>();

  constructor(opts: VllmMetricsOptions) {
    const labels = { model_name: opts.modelName, engine: opts.engine ?? '0' };
    this.labels = labels;
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: (s: EngineStats) => number) =>
      new Gauge<EngineLabel>({
        name,
        help,
        labelNames: ENGINE_LABELS,
        registers,
        collect() {
          this.set(labels, read(opts.stats()));
        },
      });
    const counter = (name: string, help: string) =>
      new Counter<EngineLabel>({ name, help, labelNames: ENGINE_LABELS, registers });
    const histogram = (name: string, help: string, buckets: readonly number[]) =>
      new Histogram<EngineLabel>({ name, help, labelNames: ENGINE_LABELS, buckets: [...buckets], registers });

    gauge('vllm:num_requests_running', 'Number of requests in model execution batches.', (s) => s.running);
    gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', (s) => s.waiting);
    // A fraction in [0, 1], not a percentage, despite the name (as vLLM does).
    gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', (s) => s.kvCacheUsage);

    // Python's prometheus_client appends _total to counter names; prom-client keeps
    // the name it is given, so the exposed names are spelled out in full here.
    const preemptionDelta = () => this.preemptionDelta(opts.stats().preemptions);
    new Counter<EngineLabel>({
      name: 'vllm:num_preemptions_total',
      help: 'Cumulative number of preemption from the engine.',
      labelNames: ENGINE_LABELS,
      registers,
      collect() {
        this.inc(labels, preemptionDelta());
      },
    }).inc(labels, 0);
    this.promptTokens = counter('vllm:prompt_tokens_total', 'Number of prefill tokens processed.');
    this.generationTokens = counter('vllm:generation_tokens_total', 'Number of generation tokens processed.');
    this.requestSuccess = new Counter({
      name: 'vllm:request_success_total',
      help: 'Count of successfully processed requests.',
      labelNames: [...ENGINE_LABELS, 'finished_reason'],
      registers,
    });

    this.ttft = histogram(
      'vllm:time_to_first_token_seconds',
      'Histogram of time to first token in seconds.',
      VLLM_TTFT_BUCKETS,
    );
    this.interToken = histogram(
      'vllm:inter_token_latency_seconds',
      'Histogram of inter-token latency in seconds.',
      VLLM_INTER_TOKEN_BUCKETS,
    );
    this.e2e = histogram(
      'vllm:e2e_request_latency_seconds',
      'Histogram of e2e request latency in seconds.',
      VLLM_REQUEST_LATENCY_BUCKETS,
    );
    this.queue = histogram(
      'vllm:request_queue_time_seconds',
      'Histogram of time spent in WAITING phase for request.',
      VLLM_REQUEST_LATENCY_BUCKETS,
    );
    this.prefill = histogram(
      'vllm:request_prefill_time_seconds',
      'Histogram of time spent in PREFILL phase for request.',
      VLLM_REQUEST_LATENCY_BUCKETS,
    );
    this.decode = histogram(
      'vllm:request_decode_time_seconds',
      'Histogram of time spent in DECODE phase for request.',
      VLLM_REQUEST_LATENCY_BUCKETS,
    );

    // prometheus-fastapi-instrumentator's default metric: no model or engine label.
    this.http = new Counter({
      name: 'http_requests_total',
      help: 'Total number of requests by method, status and handler.',
      labelNames: ['handler', 'method', 'status'],
      registers,
    });

    // vLLM binds every labelled child at start-up, so all series exist (at 0) before the first request.
    for (const c of [this.promptTokens, this.generationTokens]) c.inc(labels, 0);
    for (const reason of FINISH_REASONS) this.requestSuccess.inc({ ...labels, finished_reason: reason }, 0);
    for (const h of [this.ttft, this.interToken, this.e2e, this.queue, this.prefill, this.decode])
      h.zero(labels);
  }

  /** Preemptions since the previous scrape; a smaller total means a new engine, counted afresh. */
  private preemptionDelta(total: number): number {
    const delta = total >= this.preemptionsSeen ? total - this.preemptionsSeen : total;
    this.preemptionsSeen = total;
    return delta;
  }

  /**
   * Records a finished request (stop, length, abort or error): the success counter by
   * finished_reason, its tokens and its latency histograms, milliseconds
   * converted to seconds. Phases whose timestamps are undefined (a request
   * aborted while waiting has no queue, prefill, decode or TTFT) are skipped.
   */
  observeFinished(r: FinishedRequest): void {
    const labels = this.labels;
    const seconds = (ms: number) => ms / 1000;
    this.requestSuccess.inc({ ...labels, finished_reason: r.reason });
    // vLLM adds a request's prompt tokens when its prefill completes, i.e. with its
    // first output token (IterationStats.update_from_output in vllm/v1/metrics/stats.py),
    // so an abort before the first token (waiting, or mid chunked prefill) adds none.
    if (r.firstToken !== undefined) this.promptTokens.inc(labels, r.promptTokens);
    this.generationTokens.inc(labels, r.generatedTokens);
    this.e2e.observe(labels, seconds(r.finished - r.arrival));
    if (r.scheduled !== undefined) this.queue.observe(labels, seconds(r.scheduled - r.arrival));
    if (r.firstToken !== undefined) {
      this.ttft.observe(labels, seconds(r.firstToken - r.arrival));
      this.decode.observe(labels, seconds(r.finished - r.firstToken));
      if (r.scheduled !== undefined) this.prefill.observe(labels, seconds(r.firstToken - r.scheduled));
    }
    for (const gap of r.interTokenMs) this.interToken.observe(labels, seconds(gap));
  }

  /** One HTTP response of the API server; `status` is the numeric code, exported grouped as 2xx/4xx/5xx. */
  countHttp(handler: string, method: string, status: number): void {
    // should_group_status_codes=True, the instrumentator's default: 404 -> "4xx".
    const labels = { handler, method, status: `${Math.floor(status / 100)}xx` };
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const key = `handler="${esc(handler)}",method="${esc(method)}",status="${labels.status}"`;
    if (!this.httpCreated.has(key)) this.httpCreated.set(key, Date.now() / 1000);
    this.http.inc(labels);
  }

  /**
   * The exposition text. Gauges and the preemption counter are read from
   * stats() now. Integral bucket bounds are written as Python's client
   * writes them (le="5.0"), so PromQL written against real vLLM matches.
   */
  async text(): Promise<string> {
    const text = await this.registry.metrics();
    const created = [...this.httpCreated].map(([labels, at]) => `http_requests_created{${labels}} ${at}\n`);
    const createdFamily =
      created.length === 0
        ? ''
        : `# HELP http_requests_created Total number of requests by method, status and handler.\n# TYPE http_requests_created gauge\n${created.join('')}`;
    // prom-client writes le first in a bucket's label set.
    return text.replace(/^(vllm:[^{\s]+_bucket\{le=")(\d+)(")/gm, '$1$2.0$3') + createdFamily;
  }
}
