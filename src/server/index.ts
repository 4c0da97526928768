/** `vllm-slo serve`: the v1 JSON API and the web UI's assets over a source, embedded or Prometheus (issues 6, 11). */
export { isLoopback, newToken, TOKEN_COOKIE } from './access.ts';
export { chartWindow, RANGE_STEPS } from './chart-range.ts';
export {
  type RunningServer,
  ServerError,
  type ServerOptions,
  startServer,
  type UiAssets,
} from './http-server.ts';
export { alertsDocument, podInfos, scrapedPods, sourcePods } from './live-state.ts';
export { type MonitorOptions, type RunningMonitor, startMonitor } from './monitor.ts';
export { objectiveDetail } from './objective-detail.ts';
export { type ScrapePlan, ScrapeTargetError, scrapePlan } from './scrape-plan.ts';
export {
  type EmbeddedServeOptions,
  type RunningServe,
  ServeError,
  startEmbeddedServe,
  startPrometheusServe,
  stopAll,
} from './serve.ts';
export { type DemoServeOptions, type RunningDemoServe, startDemoServe } from './serve-demo.ts';
