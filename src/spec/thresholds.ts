/**
 * The latency and TTFT thresholds a spec names: the gateway needs a
 * histogram bucket bound at each (so Prometheus counts bad events exactly),
 * the embedded store counts every request against each (for the same
 * reason), and the adapter rules interpolate vLLM's buckets at each.
 */
import { type Environment, isRatioObjective, type SloSpec } from './model.ts';
import { thresholdSeconds } from './normalize.ts';
import { thresholdHistogram } from './objective-kinds.ts';

/** Thresholds in seconds, each list distinct and ascending. */
export interface SpecThresholds {
  /** Request duration: latency objectives and latency-high alerts. */
  duration: number[];
  /** Time to first token: ttft objectives and ttft-high alerts. */
  ttft: number[];
}

const ascending = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** Every latency and TTFT threshold of one environment, from its objectives and its alerts. */
export function environmentThresholds(env: Environment): SpecThresholds {
  const duration: number[] = [];
  const ttft: number[] = [];
  for (const o of env.objectives.filter(isRatioObjective)) {
    const histogram = thresholdHistogram(o.kind);
    if (o.thresholdSeconds === undefined || histogram === undefined) continue;
    (histogram === 'duration' ? duration : ttft).push(o.thresholdSeconds);
  }
  for (const a of env.alerts) {
    if (a.type === 'latency-high') duration.push(thresholdSeconds(a.above));
    else if (a.type === 'ttft-high') ttft.push(thresholdSeconds(a.above));
  }
  return { duration: ascending(duration), ttft: ascending(ttft) };
}

/** Every latency and TTFT threshold of every environment (what one store shared by all needs). */
export function specThresholds(spec: SloSpec): SpecThresholds {
  const all = spec.environments.map(environmentThresholds);
  return {
    duration: ascending(all.flatMap((t) => t.duration)),
    ttft: ascending(all.flatMap((t) => t.ttft)),
  };
}
