/** The SLO spec: schema, YAML loading with file:line errors, defaults from the guide. */
export { alertName, BURN_ALERT_NAME, percentileTag } from './alert-names.ts';
export {
  BURN_BASE_PERIOD,
  confirmationWindow,
  objectiveBurnWindows,
  type ScaledBurnWindow,
  scaledBurnWindows,
  thresholdMinRequests,
  workbookFactor,
} from './burn-windows.ts';
export { DEFAULT_SPEC_PATH, defaultSpecText, SpecWriteError, writeDefaultSpec } from './default-spec.ts';
export { DurationError, formatDuration, isDuration, parseDuration, secondsLiteral } from './duration.ts';
export {
  DEFAULT_FAILURE_TYPES,
  ERROR_TYPES,
  type ErrorClass,
  type ErrorType,
} from './failure-types.ts';
export { loadSpec, type ParseResult, parseSpec, readCapped, readSpec } from './load.ts';
export type {
  BudgetingMethod,
  BurnWindow,
  Environment,
  GatewayTimeoutsSpec,
  MetricSource,
  Objective,
  RatioObjective,
  SloSpec,
  ThresholdAlert,
  ThroughputObjective,
} from './model.ts';
export { isRatioObjective, METRIC_SOURCES } from './model.ts';
export { thresholdSeconds } from './normalize.ts';
export {
  assertNever,
  type CapacityKind,
  type HistogramSli,
  type KindFacts,
  type KindsWhere,
  kindFacts,
  OBJECTIVE_KIND_FACTS,
  OBJECTIVE_KINDS,
  type ObjectiveKind,
  type RatioKind,
  type SliKind,
  thresholdHistogram,
  UnhandledCaseError,
} from './objective-kinds.ts';
export {
  describeValue,
  formatPath,
  formatProblem,
  type PathSegment,
  problemLine,
  SpecError,
  type SpecProblem,
} from './problems.ts';
export type { ReceiverConfig } from './schema-alerting.ts';
export type { MetricsConfig } from './schema-metrics.ts';
export { SEVERITIES, type Severity } from './schema-parts.ts';
export { environmentThresholds, type SpecThresholds, specThresholds } from './thresholds.ts';
export {
  boundError,
  type CountingBound,
  countingBound,
  type SpecWarning,
  secondsText,
  VLLM_REQUEST_LATENCY_BUCKETS,
  VLLM_TTFT_BUCKETS,
  vllmBucketWarnings,
} from './vllm-buckets.ts';
export { MAX_SPEC_BYTES, tooLargeMessage } from './yaml-limits.ts';
export { parseYamlAs, type YamlSchemaOptions, type YamlSchemaResult } from './yaml-schema.ts';
export { type FieldProblem, type IssueWording, parseValueAs } from './zod-problems.ts';
