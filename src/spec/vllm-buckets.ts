/**
 * vLLM's own latency histogram buckets and how an SLO threshold is counted
 * against them. vLLM v0.11 registers these in vllm/v1/metrics/loggers.py
 * (PrometheusStatLogger); they have no bound at 3 s or 6 s. Users whose vLLM
 * exports other bounds (a patched build, or configurable buckets where their
 * vLLM has them) name them in `metrics.vllm.buckets`, so the count is exact.
 */
import { type Environment, isRatioObjective, type SloSpec } from './model.ts';
import { thresholdHistogram } from './objective-kinds.ts';
import type { PathSegment } from './problems.ts';

export { VLLM_REQUEST_LATENCY_BUCKETS, VLLM_TTFT_BUCKETS } from './schema-metrics.ts';

/**
 * The bound a threshold is counted at: the threshold itself when it is a
 * bound (exact), else the largest bound below it (conservative: requests
 * between `bound` and the threshold count as slow, so slow requests are
 * never under-reported), or none when the threshold is below every bound
 * (then every request counts as slow). Never an interpolation.
 */
export type CountingBound = { exact: true; bound: number } | { exact: false; bound: number | undefined };

/** Bounds are parsed from text and thresholds from "500ms": equal up to rounding. */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Where `threshold` (seconds) is counted in a histogram with `buckets` (ascending, seconds). */
export function countingBound(buckets: readonly number[], threshold: number): CountingBound {
  if (buckets.some((b) => same(b, threshold))) return { exact: true, bound: threshold };
  const below = buckets.filter((b) => b < threshold).at(-1);
  return { exact: false, bound: below };
}

/** "2.5 s", "500 ms": a bound as the messages say it. */
export function secondsText(s: number): string {
  return s < 1 ? `${Number((s * 1000).toPrecision(6))} ms` : `${Number(s.toPrecision(6))} s`;
}

/** What counting `threshold` at a bound means, in one sentence; undefined when it is exact. */
export function boundError(buckets: readonly number[], threshold: number, what: string): string | undefined {
  const c = countingBound(buckets, threshold);
  if (c.exact) return undefined;
  if (c.bound === undefined)
    return `${secondsText(threshold)} is below vLLM's first ${what} bucket (${secondsText(buckets[0] ?? 0)}): every request counts as slow`;
  return `${secondsText(threshold)} is no bound of vLLM's ${what} buckets: counted at ${secondsText(c.bound)}, so requests between ${secondsText(c.bound)} and ${secondsText(threshold)} count as slow`;
}

/** A warning about the spec: where, and what it means. Positions are added by the loader. */
export interface SpecWarning {
  path: PathSegment[];
  message: string;
}

function environmentWarnings(spec: SloSpec, env: Environment): SpecWarning[] {
  const b = spec.metrics.vllm.buckets;
  const out: SpecWarning[] = [];
  // The gateway's histograms have a bound at every threshold: only vLLM's own metrics are inexact.
  if (env.source !== 'vllm') return out;
  for (const o of env.objectives) {
    const histogram = thresholdHistogram(o.kind);
    if (histogram === undefined || !isRatioObjective(o) || o.thresholdSeconds === undefined) continue;
    const error =
      histogram === 'duration'
        ? boundError(b.e2eLatency, o.thresholdSeconds, 'e2e latency')
        : boundError(b.timeToFirstToken, o.thresholdSeconds, 'TTFT');
    if (error === undefined) continue;
    out.push({
      path: ['environments', env.name, 'objectives', o.name, 'threshold'],
      message: `warning: read from vLLM's own metrics (source: vllm), ${error}; set metrics.vllm.buckets to the bounds your vLLM exports, or let the gateway measure it (source: gateway: exact at every threshold)`,
    });
  }
  return out;
}

/**
 * Latency and TTFT objectives whose threshold is not a bound of vLLM's
 * buckets (`metrics.vllm.buckets`), in the environments whose source is
 * vllm: their SLI is a conservative bound, not exact. Warnings, not
 * problems. Environments measured by the gateway (the default) get none:
 * its histograms have a bound at every threshold.
 */
export function vllmBucketWarnings(spec: SloSpec): SpecWarning[] {
  return spec.environments.flatMap((e) => environmentWarnings(spec, e));
}
