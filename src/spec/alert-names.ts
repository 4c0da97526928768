/**
 * Alert names of DESIGN.md's alert contract, by alert type. Quantile alerts
 * carry their percentile in the name (VllmLatencyP95High, VllmLatencyP99High).
 */
import type { AlertInput } from './schema-alerts.ts';

/** The name of every multi-window multi-burn-rate alert (DESIGN.md). */
export const BURN_ALERT_NAME = 'VllmErrorBudgetBurn';

/** "P95" for 0.95, "P99" for 0.99, "P999" for 0.999: alert names cannot hold a dot. */
export function percentileTag(quantile: number): string {
  return `P${String(Math.round(quantile * 100_000) / 1000).replace('.', '')}`;
}

/** The contract name of a threshold alert. */
export function alertName(alert: AlertInput): string {
  switch (alert.type) {
    case 'availability-low':
      return 'VllmAvailabilityLow';
    case 'error-rate-high':
      return 'VllmErrorRateHigh';
    case 'latency-high':
      return `VllmLatency${percentileTag(alert.quantile)}High`;
    case 'ttft-high':
      return `VllmTTFT${percentileTag(alert.quantile)}High`;
    case 'all-pods-down':
      return 'VllmAllPodsDown';
    case 'error-budget-low':
      return 'VllmErrorBudgetLow';
    case 'burn-rate-high':
      return 'VllmBurnRateHigh';
    case 'throughput-low':
      return 'VllmThroughputLow';
    case 'gpu-utilization-high':
      return 'VllmGPUUtilizationHigh';
    case 'latency-regression':
      return 'VllmLatencyRegression';
  }
}
