/** SLO math: SLIs, error budgets, burn rates, alert pairs, quantile sketches. Pure functions, no I/O. */

export {
  type ActiveAlert,
  type AlertCondition,
  AlertStates,
  alertKey,
  type Transition,
} from './alert-state.ts';
export {
  BudgetInputError,
  budgetConsumedMinutes,
  budgetRemainingMinutes,
  budgetRemainingRatio,
  burnRate,
  errorBudgetMinutes,
} from './budget.ts';
export { burnSeverity, lowerSeverity } from './burn-severity.ts';
export { objectiveState, withState } from './objective-state.ts';
export {
  type BurnPairInput,
  badRatio,
  firingBurnPairs,
  ratioObjectiveStatus,
  throughputStatus,
} from './objective-status.ts';
export {
  abandonedSlow,
  badEvents,
  classifyStatus,
  countsForLatency,
  ERROR_CLASS_OF,
  type ErrorKind,
  isFailure,
  type RequestMeasurement,
  type RequestOutcome,
  STREAM_ABORTED,
  STREAM_ERROR,
  TIMEOUT,
} from './outcome.ts';
export {
  addError,
  addThresholdCounts,
  emptyRollup,
  exactAbove,
  isEmptyRollup,
  mergeInto,
  type Rollup,
  type RollupDelta,
  type ThresholdCount,
  type ThresholdKind,
  type ThresholdSet,
  thresholdKey,
} from './rollup.ts';
export {
  environmentStaleSince,
  type ScrapeTargetRecord,
  STALE_INTERVALS,
  targetStaleSince,
} from './scrape-target.ts';
export { bucketIndex, bucketUpper, bucketValue, SKETCH_ALPHA, Sketch } from './sketch.ts';
export type {
  EnvironmentStatus,
  ErrorBudget,
  FiringAlert,
  ObjectiveKind,
  ObjectiveState,
  ObjectiveStatus,
  ScrapeTargetStatus,
  StatusDocument,
  WindowCounts,
} from './status-types.ts';
export {
  badSlice,
  burnRates,
  goodShare,
  remainingShare,
  remainingShares,
  type StepSeries,
  type StepWindow,
  slidingCounts,
  slidingSliceCounts,
  slowestPerStep,
  stepWindow,
  windowBurnRate,
} from './step-series.ts';
