/** Every PromQL expression and recording-rule name of vllm-slo, in one place. */
export { heldThroughout, requestsAbsent } from './absence.ts';
export { gpuHeadroom, gpuUtilizationAbove, gpuUtilizationByPod, requestsPerGpu } from './capacity.ts';
export {
  availabilityBelow,
  budgetRemainingBelow,
  burnRateAbove,
  burnRatePair,
  errorRatioAbove,
  quantileAbove,
  recordedSli,
  regressionAbove,
  throughputLowWhileQueued,
  withTrafficGuard,
} from './conditions.ts';
export {
  constant,
  constantForSelectedEnvironment,
  type EnvironmentTerm,
  forSelectedEnvironment,
  grafanaVariable,
  histogramQuantile,
  type LabelMatch,
  rateSum,
  stateCode,
  vectorSelector,
  withLabel,
} from './dashboard-queries.ts';
export {
  errorRateRecord,
  GPU_HEADROOM_RECORD,
  GPU_UTILIZATION_RECORD,
  type Level,
  levelLabels,
  REQUESTS_PER_GPU_RECORD,
  requestIncreaseRecord,
  requestRateRecord,
  SLI_WINDOWS,
  sliErrorRecord,
  sloBadIncreaseRecord,
  sloTotalIncreaseRecord,
  timesliceBadRecord,
} from './names.ts';
export {
  hasOwnTotal,
  INCREASE_INTERVAL,
  INCREASE_WINDOW,
  increaseRatio,
  increaseRequestRate,
} from './recorded-windows.ts';
export {
  displayNumber,
  formatNumber,
  leMatcher,
  type Matcher,
  type Matchers,
  quote,
  rangeSelector,
  selector,
  sumBy,
} from './selector.ts';
export {
  allPodsDown,
  badIncrease,
  badRatio,
  envMatchers,
  errorRate,
  errorRatio,
  failureMatchers,
  failureRate,
  type QueryContext,
  quantile,
  requestIncrease,
  requestRate,
  slowRatio,
  timesliceBad,
  totalIncrease,
} from './sli.ts';
export {
  ADAPTER_SOURCE,
  ADAPTER_SOURCE_LABEL,
  adaptedErrors,
  adaptedPodUp,
  adaptedRequests,
  adaptedSeries,
  boundBucket,
  unlessGateway,
  VLLM_INFERENCE_HANDLERS,
} from './vllm-adapter.ts';
export { VLLM_INTER_TOKEN_BUCKETS, VLLM_REQUEST_LATENCY_BUCKETS, VLLM_TTFT_BUCKETS } from './vllm-buckets.ts';
