/**
 * One scrape's series deltas into rollups per (model, pod), from either
 * vocabulary: the gateway's metric contract (DESIGN.md) or vLLM's native
 * metrics (the names src/sim/vllm-metrics.ts exports, as vLLM v0.11+ does).
 */
import {
  addError,
  addThresholdCounts,
  classifyStatus,
  emptyRollup,
  isEmptyRollup,
  type Rollup,
  type ThresholdSet,
  thresholdKey,
} from '../engine/index.ts';
import { VLLM_INFERENCE_HANDLERS } from '../promql/index.ts';
import { addBucketDeltas, type BucketDelta, boundCounts } from './bucket-sketch.ts';
import type { SeriesDelta } from './deltas.ts';
import { type ExpositionSample, parseSampleValue, seriesKey } from './exposition.ts';

/** A rollup with the model and pod it belongs to. */
export interface AdaptedRollup {
  model: string;
  pod: string;
  rollup: Rollup;
}

/** What the contract's `model` label says when the model is not known. */
const UNKNOWN_MODEL = 'other';
const INFERENCE_HANDLER = new RegExp(`^${VLLM_INFERENCE_HANDLERS}$`);

type SketchField = 'duration' | 'ttft';

interface HistogramParts {
  rollup: Rollup;
  field: SketchField;
  buckets: BucketDelta[];
  sum: number | undefined;
}

/** Collects counters and histogram parts per (model, pod); histograms are built at the end. */
class RollupBuilder {
  private readonly rollups = new Map<string, AdaptedRollup>();
  private readonly histograms = new Map<string, HistogramParts>();

  /** `thresholds`: counted at the largest bucket bound at or below each (see boundCounts). */
  constructor(private readonly thresholds: ThresholdSet) {}

  get(model: string, pod: string): Rollup {
    const key = JSON.stringify([model, pod]);
    let entry = this.rollups.get(key);
    if (entry === undefined) {
      entry = { model, pod, rollup: emptyRollup() };
      this.rollups.set(key, entry);
    }
    return entry.rollup;
  }

  /**
   * A `_bucket` or `_sum` delta of a histogram series feeding `field`. Every
   * bucket series must come here, those that did not move too: `_bucket`
   * deltas are cumulative, and a missing lower bound makes the first bound
   * that moved look like (0, le], which puts its observations too low.
   */
  histogram(model: string, pod: string, field: SketchField, d: SeriesDelta): void {
    const { le, ...series } = d.labels;
    const key = seriesKey(field, series);
    let parts = this.histograms.get(key);
    if (parts === undefined) {
      parts = { rollup: this.get(model, pod), field, buckets: [], sum: undefined };
      this.histograms.set(key, parts);
    }
    if (d.name.endsWith('_sum')) {
      parts.sum = d.delta;
      return;
    }
    // Python's client writes integral bounds as "5.0", prom-client as "5"; both parse to 5.
    const bound = le === undefined ? undefined : parseSampleValue(le);
    if (bound !== undefined) parts.buckets.push({ le: bound, count: d.delta });
  }

  /** The rollups that add something; idle intervals are left out. */
  finish(): AdaptedRollup[] {
    for (const p of this.histograms.values()) {
      const added = addBucketDeltas(p.rollup[p.field], p.buckets, p.sum);
      const counts = boundCounts(p.buckets, this.thresholds[p.field] ?? [], added);
      addThresholdCounts(
        p.rollup.above,
        [...counts].map(([t, c]) => [thresholdKey(p.field, t), c] as const),
      );
    }
    return [...this.rollups.values()].filter((r) => !isEmptyRollup(r.rollup));
  }
}

const GATEWAY_HISTOGRAMS: Record<string, SketchField> = {
  vllm_request_duration_seconds: 'duration',
  vllm_time_to_first_token_seconds: 'ttft',
};

/**
 * Rollups from the gateway's contract metrics. Model and pod come from the
 * series' labels (the gateway labels every request with the pod that served
 * it, "" when none was reached); the environment is the target's. The
 * gateway has a bucket bound at every threshold of the spec, so counts
 * above `thresholds` are exact (Rollup.above), as Prometheus's are.
 */
export function adaptGateway(deltas: readonly SeriesDelta[], thresholds: ThresholdSet = {}): AdaptedRollup[] {
  const out = new RollupBuilder(thresholds);
  for (const d of deltas) {
    const { model, pod } = d.labels;
    // A bucket that did not move still carries its cumulative count: keep it (see RollupBuilder.histogram).
    if (model === undefined || pod === undefined || (d.delta === 0 && !d.name.endsWith('_bucket'))) continue;
    const histogram = GATEWAY_HISTOGRAMS[d.name.replace(/_(bucket|sum)$/, '')];
    if (histogram !== undefined && d.name !== d.name.replace(/_(bucket|sum)$/, '')) {
      out.histogram(model, pod, histogram, d);
      continue;
    }
    const r = out.get(model, pod);
    if (d.name === 'vllm_requests_total') r.requests += d.delta;
    else if (d.name === 'vllm_errors_total')
      addError(r, d.labels.error_class ?? 'unknown', d.labels.error_type ?? 'unknown', d.delta);
    else if (d.name === 'vllm_client_cancellations_total') r.cancellations += d.delta;
    else if (d.name === 'vllm_prompt_tokens_total') r.promptTokens += d.delta;
    else if (d.name === 'vllm_generation_tokens_total') r.generationTokens += d.delta;
  }
  return out.finish();
}

const VLLM_HISTOGRAMS: Record<string, SketchField> = {
  'vllm:e2e_request_latency_seconds': 'duration',
  'vllm:time_to_first_token_seconds': 'ttft',
};

/**
 * The model a vLLM server serves: the model_name label of its own metrics.
 * http_requests_total has no model label; one vLLM server serves one model,
 * as the PromQL adapter (src/promql/vllm-adapter.ts) also assumes.
 */
export function servedModel(samples: readonly ExpositionSample[]): string {
  for (const s of samples) if (s.name.startsWith('vllm:') && s.labels.model_name) return s.labels.model_name;
  return UNKNOWN_MODEL;
}

/**
 * Rollups from vLLM's native metrics; the pod is the target's. Its buckets
 * mostly lack the spec's thresholds (no 3 s or 6 s): those are counted at
 * the largest bound below them (2.5 s for 3 s), so requests between the two
 * count as slow; bounds among `thresholds` are exact. Decisions:
 * - requests: vllm:request_success_total for finish reasons other than
 *   `abort`, plus the inference routes' 4xx and 5xx responses (rejected
 *   before the engine, so never in request_success);
 * - `abort` is a client cancellation (vLLM aborts a request when its client
 *   disconnects), counted as in the gateway's contract: not a request, not an
 *   error; a finish reason of `error` (where vLLM reports one) ends in a 5xx,
 *   already counted from http_requests_total;
 * - errors: classified as the gateway does (src/engine/outcome.ts); the
 *   instrumentator groups statuses ("4xx"), read as 400 (client
 *   invalid_request) and 500 (server internal), so 429 or 404 cannot be told
 *   apart there;
 * - duration: vLLM's e2e histogram, which includes aborted requests and not
 *   the ones rejected before the engine; the engine label is summed away.
 */
export function adaptVllm(
  deltas: readonly SeriesDelta[],
  pod: string,
  samples: readonly ExpositionSample[],
  thresholds: ThresholdSet = {},
): AdaptedRollup[] {
  const out = new RollupBuilder(thresholds);
  const serverModel = servedModel(samples);
  for (const d of deltas) {
    if (d.delta === 0 && !d.name.endsWith('_bucket')) continue;
    if (d.name === 'http_requests_total') {
      const status = d.labels.status ?? '';
      if (!INFERENCE_HANDLER.test(d.labels.handler ?? '')) continue;
      if (!status.startsWith('4') && !status.startsWith('5')) continue;
      const r = out.get(serverModel, pod);
      r.requests += d.delta;
      const kind = classifyStatus(Number(status.replace(/xx$/, '00')));
      if (kind) addError(r, kind.errorClass, kind.errorType, d.delta);
      continue;
    }
    const model = d.labels.model_name ?? serverModel;
    const base = d.name.replace(/_(bucket|sum)$/, '');
    const histogram = VLLM_HISTOGRAMS[base];
    if (histogram !== undefined && base !== d.name) {
      out.histogram(model, pod, histogram, d);
      continue;
    }
    const r = out.get(model, pod);
    if (d.name === 'vllm:request_success_total') {
      const reason = d.labels.finished_reason;
      if (reason === 'abort') r.cancellations += d.delta;
      else if (reason !== 'error') r.requests += d.delta;
    } else if (d.name === 'vllm:prompt_tokens_total') r.promptTokens += d.delta;
    else if (d.name === 'vllm:generation_tokens_total') r.generationTokens += d.delta;
  }
  return out.finish();
}

/** Pod health from a gateway's vllm_pod_up gauges: one entry per pod (the last sample wins). */
export function gatewayPodHealth(samples: readonly ExpositionSample[]): Array<{ pod: string; up: boolean }> {
  const pods = new Map<string, boolean>();
  for (const s of samples) {
    const pod = s.labels.pod;
    if (s.name !== 'vllm_pod_up' || pod === undefined || Number.isNaN(s.value)) continue;
    pods.set(pod, s.value > 0);
  }
  return [...pods].map(([pod, up]) => ({ pod, up }));
}
