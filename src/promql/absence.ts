/**
 * The absence condition of an environment's SLI data (Pyrra's
 * SLOMetricAbsent, slo/rules.go: `absent(<total metric>) == 1`).
 */
import type { MetricsConfig } from '../spec/index.ts';
import { selector } from './selector.ts';

/**
 * 1 while no series of the requests metric carries the environment's label.
 * Every SLI of the environment (availability, error rate, latency and TTFT
 * ratios) divides by this counter, so when it is gone every SLO rule is
 * silent. A target that stops answering gets its series marked stale on
 * the first failed scrape, so `absent()` covers a lost scrape target (`up ==
 * 0`) as well as a gateway that is gone or a renamed metric; `up` itself
 * has no environment label in a generic scrape config. `absent()` keeps the
 * equality matcher as a label, so the result carries `environment`.
 */
export function requestsAbsent(m: MetricsConfig, environment: string): string {
  return `absent(${selector(m.requests, { [m.labels.environment]: environment })}) == 1`;
}

/**
 * 1 when `condition` (an alerting rule's expression) has a result now and
 * had one at every rule evaluation of the last `window`; 0 or nothing
 * otherwise: what the rule's `for: <window>` waits for, asked of Prometheus
 * at one instant. The subquery leaves out its resolution, so Prometheus
 * steps it at its global evaluation_interval, the cadence of rule
 * evaluations (Prometheus docs, "Subquery"); its last step can precede the
 * instant, so the condition is asked at the instant too (an alert whose
 * expression has no result is not firing). Moments before Prometheus's
 * first sample count as holding, as `absent()` itself answers for them.
 */
export function heldThroughout(condition: string, window: string): string {
  const now = `max(${condition})`;
  return `min_over_time((${now} or vector(0))[${window}:]) and ${now}`;
}
