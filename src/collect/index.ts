/** Prometheus text-format parsing, scraping, and vLLM / gateway metric adapters feeding the embedded store. */
export { type AdaptedRollup, adaptGateway, adaptVllm, gatewayPodHealth, servedModel } from './adapters.ts';
export { addBucketDeltas, type BucketDelta, boundCounts, bucketRepresentative } from './bucket-sketch.ts';
export {
  Collector,
  type CollectorOptions,
  type CollectorTarget,
  type ScrapeReport,
} from './collector.ts';
export { CounterDeltas, counterFamily, type DeltaResult, type SeriesDelta, seriesKey } from './deltas.ts';
export { type Exposition, type ExpositionSample, parseExposition, parseSampleValue } from './exposition.ts';
export { type FetchOptions, type FetchResult, fetchExposition, redactUrl } from './scrape.ts';
export type { CollectorDelta, CollectorSink } from './sink.ts';
