/** Grafana dashboards generated from the SLO spec, as JSON files Grafana imports. */
import type { SloSpec } from '../spec/index.ts';
import { DEPLOYMENT_DASHBOARD_UID, deploymentDashboard } from './deployment-dashboard.ts';
import type { JsonObject } from './grafana-parts.ts';
import { SLO_DASHBOARD_UID, sloDashboard } from './slo-dashboard.ts';

export { DASHBOARD_TAG, DEPLOYMENT_DASHBOARD_UID, deploymentDashboard } from './deployment-dashboard.ts';
export type { JsonObject, JsonValue } from './grafana-parts.ts';
export { SLO_DASHBOARD_UID, sloDashboard } from './slo-dashboard.ts';

/** A dashboard file: its name, its Grafana uid and its JSON. */
export interface DashboardFile {
  file: string;
  uid: string;
  json: JsonObject;
}

/**
 * Every dashboard of a spec, to write as `<file>` and import into Grafana
 * (uids are stable, so a re-import replaces the previous version).
 * @param spec the SLO spec.
 */
export function dashboards(spec: SloSpec): DashboardFile[] {
  return [
    { file: 'vllm-deployment-status.json', uid: DEPLOYMENT_DASHBOARD_UID, json: deploymentDashboard(spec) },
    { file: 'vllm-slo-tracking.json', uid: SLO_DASHBOARD_UID, json: sloDashboard(spec) },
  ];
}
