/** Prometheus text-format parsing, scraping, and vLLM / gateway metric adapters feeding the embedded store. */
export { type AdaptedRollup, adaptGateway, adaptVllm, gatewayPodHealth, servedModel } from './adapters.ts';
export { addBucketDeltas, type BucketDelta, boundCounts, bucketRepresentative } from './bucket-sketch.ts';
export {
  Collector,
  type CollectorOptions,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_SAMPLE_LIMIT,
} from './collector.ts';
export type { CollectorTarget } from './collector-target.ts';
export {
  CounterDeltas,
  type CounterState,
  counterFamily,
  type DeltaResult,
  type SeriesDelta,
} from './deltas.ts';
export {
  type Exposition,
  type ExpositionSample,
  type LimitedExposition,
  parseExposition,
  parseExpositionLimited,
  parseSampleValue,
  seriesKey,
} from './exposition.ts';
export { type GapSlot, slotShare, spreadOverGap } from './gap-spread.ts';
export { counterValueProblem, dropDuplicates, rollupProblem } from './poison.ts';
export { type FetchOptions, type FetchResult, fetchExposition, redactUrl } from './scrape.ts';
export { blankReport, type ScrapeReport, scrapeLogLines } from './scrape-report.ts';
export type { CollectorDelta, CollectorSink } from './sink.ts';
