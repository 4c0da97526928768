/** Where numbers come from: the embedded store or a Prometheus-compatible API, behind one interface. */
export { EmbeddedSource } from './embedded-source.ts';
export { BURN_WINDOWS, environmentStatus, evaluate } from './evaluate.ts';
export { type OpenedSource, OpenSourceError, type OpenSourceOptions, openSource } from './open-source.ts';
export {
  type MatrixSeries,
  type PrometheusAuth,
  PrometheusClient,
  type PrometheusClientOptions,
  type VectorSample,
} from './prometheus-client.ts';
export { PrometheusSource } from './prometheus-source.ts';
export { rollupCounts } from './rollup-counts.ts';
export { type PodHealth, type RateSeries, type SloSource, SourceError } from './source.ts';
