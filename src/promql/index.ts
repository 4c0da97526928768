/** Every PromQL expression and recording-rule name of vllm-slo, in one place. */
export { heldThroughout, requestsAbsent } from './absence.ts';
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
  quantileRecord,
  REQUESTS_PER_GPU_RECORD,
  requestRateRecord,
  SLI_WINDOWS,
  sliErrorRecord,
  timesliceBadRecord,
} from './names.ts';
export {
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
  type QueryContext,
  quantile,
  requestIncrease,
  requestRate,
  slowRatio,
  timesliceBad,
  totalIncrease,
} from './sli.ts';
