/** The metering gateway: an OpenAI-compatible reverse proxy that measures what clients see. */
export {
  parseTrustedProxies,
  type TrustedProxies,
  TrustedProxiesError,
} from './forward-headers.ts';
export { Gateway, type GatewayOptions } from './gateway.ts';
export { DURATION_BUCKETS, GatewayMetrics, TTFT_BUCKETS, withThresholds } from './gateway-metrics.ts';
export { fanOut, type RequestMeasurement, type RequestSink } from './measurement.ts';
export {
  OUTLIER_DEFAULTS,
  OutlierOptionError,
  type OutlierOptions,
  UPSTREAM_OUTCOMES,
  type UpstreamOutcome,
} from './outlier-detector.ts';
export {
  EJECT_REASONS,
  type EjectReason,
  eventLevel,
  eventMessage,
  type GatewayEvent,
  type GatewayLog,
  type PodEvent,
} from './pod-events.ts';
export { PodPool, type PodStatus, type PodTarget, parseUpstreams } from './pod-pool.ts';
export type { RequestEvent } from './request-log.ts';
export {
  type GatewayOverrides,
  GatewaySpecError,
  gatewayOptionsFromSpec,
  mergeTimeouts,
  type SpecGatewayOptions,
} from './spec-options.ts';
export { type GatewayTimeouts, TIMEOUT_DEFAULTS, TimeoutOptionError } from './timeouts.ts';
