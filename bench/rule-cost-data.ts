/**
 * Synthetic gateway metrics for the rule-cost benchmark: the gateway's metric
 * contract (src/gateway/gateway-metrics.ts: vllm_requests_total,
 * vllm_errors_total{error_class,error_type}, the duration and TTFT histograms
 * with the gateway's buckets plus the spec's thresholds, vllm_pod_up) for a
 * fleet of pods, scraped every 30 s, written as OpenMetrics text in one file
 * per aligned 2-hour block. promtool's `create-blocks-from openmetrics`
 * re-reads its whole input once per 2-hour block, so one file per block keeps
 * the backfill linear in the data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DURATION_BUCKETS, TTFT_BUCKETS, withThresholds } from '../src/gateway/gateway-metrics.ts';
import { environmentThresholds, type SloSpec } from '../src/spec/index.ts';

export const SCRAPE_SECONDS = 30;
export const BLOCK_MS = 2 * 3600_000;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

/** One environment of the fleet: its pods and the request rate each serves. */
export interface FleetEnvironment {
  name: string;
  pods: number;
  requestsPerPodPerSecond: number;
}

/** The contract's error types by class, with the share of requests each takes in normal operation. */
const ERRORS: ReadonlyArray<{ cls: string; type: string; share: number }> = [
  { cls: 'client', type: 'invalid_request', share: 0.003 },
  { cls: 'client', type: 'auth', share: 0.0005 },
  { cls: 'client', type: 'not_found', share: 0.0005 },
  { cls: 'client', type: 'rate_limited', share: 0.001 },
  { cls: 'server', type: 'internal', share: 0.0003 },
  { cls: 'server', type: 'unavailable', share: 0.0001 },
  { cls: 'server', type: 'timeout', share: 0.0001 },
  { cls: 'server', type: 'stream_aborted', share: 0.0001 },
];

/** mulberry32: a small seeded PRNG, so every run writes the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Abramowitz and Stegun 7.1.26 (error below 1.5e-7): enough for bucket shares. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Share of a log-normal distribution (median, sigma) at or below each bound. */
function lognormalCdf(bounds: readonly number[], median: number, sigma: number): number[] {
  return bounds.map((b) => 0.5 * (1 + erf(Math.log(b / median) / (sigma * Math.SQRT2))));
}

interface Histogram {
  bounds: number[];
  normal: number[];
  slow: number[];
  mean: number;
}

function histogram(bounds: number[], median: number, sigma: number): Histogram {
  return {
    bounds,
    normal: lognormalCdf(bounds, median, sigma),
    slow: lognormalCdf(bounds, median * 3, sigma),
    mean: median * Math.exp((sigma * sigma) / 2),
  };
}

/** One pod's series, in output order, and the running counter values. */
interface Pod {
  labels: string;
  names: string[];
  values: Float64Array;
  rand: () => number;
}

function podSeries(env: string, pod: string, duration: Histogram, ttft: Histogram): Pod {
  const base = `environment="${env}",model="${MODEL}",pod="${pod}"`;
  const hist = (name: string, h: Histogram) => [
    ...h.bounds.map((b) => `${name}_bucket{${base},le="${b}"}`),
    `${name}_bucket{${base},le="+Inf"}`,
    `${name}_count{${base}}`,
    `${name}_sum{${base}}`,
  ];
  const names = [
    `vllm_requests_total{${base}}`,
    ...ERRORS.map((e) => `vllm_errors_total{${base},error_class="${e.cls}",error_type="${e.type}"}`),
    ...hist('vllm_request_duration_seconds', duration),
    ...hist('vllm_time_to_first_token_seconds', ttft),
    `vllm_pod_up{environment="${env}",pod="${pod}"}`,
  ];
  let seed = 0;
  for (const c of base) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
  return { labels: base, names, values: new Float64Array(names.length), rand: random(seed) };
}

/** Incidents, as offsets from the data's start: a server-error burst and a slow hour. */
function incident(t: number, start: number): { errors: number; slow: boolean } {
  const day = (t - start) / 86_400_000;
  if (day >= 10 && day < 10 + 30 / 1440) return { errors: 200, slow: false };
  if (day >= 20 && day < 20 + 1 / 24) return { errors: 1, slow: true };
  return { errors: 1, slow: false };
}

/** Adds one scrape interval of traffic to a histogram's running values at `offset`. */
function observe(pod: Pod, offset: number, h: Histogram, count: number, slow: boolean): void {
  const cdf = slow ? h.slow : h.normal;
  let cumulative = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    // Dithered rounding keeps the long-run share exact; the max keeps buckets cumulative.
    cumulative = Math.min(count, Math.max(cumulative, Math.floor(count * (cdf[i] ?? 1) + pod.rand())));
    pod.values[offset + i] = (pod.values[offset + i] ?? 0) + cumulative;
  }
  const n = h.bounds.length;
  pod.values[offset + n] = (pod.values[offset + n] ?? 0) + count;
  pod.values[offset + n + 1] = (pod.values[offset + n + 1] ?? 0) + count;
  pod.values[offset + n + 2] = (pod.values[offset + n + 2] ?? 0) + count * h.mean * (slow ? 3 : 1);
}

/** Writes the fleet's data for [start, end) as one OpenMetrics file per 2-hour block; returns the files. */
export function writeFleetData(
  spec: SloSpec,
  fleet: readonly FleetEnvironment[],
  start: number,
  end: number,
  dir: string,
): { files: string[]; series: number; samples: number } {
  const pods: Array<{ pod: Pod; env: FleetEnvironment; duration: Histogram; ttft: Histogram }> = [];
  for (const env of fleet) {
    const specEnv = spec.environments.find((e) => e.name === env.name);
    const t = specEnv ? environmentThresholds(specEnv) : { duration: [], ttft: [] };
    const duration = histogram(withThresholds(DURATION_BUCKETS, t.duration), 1.2, 0.6);
    const ttft = histogram(withThresholds(TTFT_BUCKETS, t.ttft), 0.15, 0.7);
    for (let i = 0; i < env.pods; i++) {
      pods.push({ pod: podSeries(env.name, `vllm-${env.name}-${i}`, duration, ttft), env, duration, ttft });
    }
  }
  const files: string[] = [];
  let samples = 0;
  const step = SCRAPE_SECONDS * 1000;
  for (let block = start; block < end; block += BLOCK_MS) {
    const steps = Math.min(BLOCK_MS, end - block) / step;
    const chunks = pods.map((p) => p.pod.names.map(() => [] as string[]));
    for (let s = 0; s < steps; s++) {
      const t = block + s * step;
      const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000);
      const now = incident(t, start);
      pods.forEach(({ pod, env, duration, ttft }, p) => {
        const v = pod.values;
        const requests = Math.round(
          env.requestsPerPodPerSecond * SCRAPE_SECONDS * diurnal * (0.9 + 0.2 * pod.rand()),
        );
        let failed = 0;
        ERRORS.forEach((e, i) => {
          const share = e.cls === 'server' ? e.share * now.errors : e.share;
          const n = Math.min(requests - failed, Math.floor(requests * share + pod.rand()));
          failed += n;
          v[1 + i] = (v[1 + i] ?? 0) + n;
        });
        v[0] = (v[0] ?? 0) + requests;
        const ok = requests - failed;
        const d = 1 + ERRORS.length;
        observe(pod, d, duration, ok, now.slow);
        observe(pod, d + duration.bounds.length + 3, ttft, ok, now.slow);
        v[v.length - 1] = 1;
        const ts = (t / 1000).toFixed(0);
        const lines = chunks[p] ?? [];
        pod.names.forEach((name, i) => {
          lines[i]?.push(`${name} ${Number((v[i] ?? 0).toFixed(3))} ${ts}`);
        });
      });
      samples += pods.reduce((n, p) => n + p.pod.names.length, 0);
    }
    const file = join(dir, `block-${block}.om`);
    writeFileSync(file, `${chunks.flatMap((c) => c.map((lines) => lines.join('\n'))).join('\n')}\n# EOF\n`);
    files.push(file);
  }
  return { files, series: pods.reduce((n, p) => n + p.pod.names.length, 0), samples };
}
