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
