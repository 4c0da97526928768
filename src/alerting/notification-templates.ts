/**
 * Go templates for notification texts. They are written inline into each
 * receiver rather than into a separate `templates:` file, so the generated
 * configuration is one self-contained file that needs nothing else mounted
 * next to it. They read the labels (environment, severity, slo) and
 * annotations (summary, description, runbook_url) that every vllm-slo alert
 * carries (DESIGN.md, "Alert contract"), and fall back to the alert name
 * where an annotation is missing, so alerts from other rule files that reach
 * these receivers still produce readable messages.
 */
import type { Severity } from '../spec/index.ts';

/** PagerDuty Events API v2 accepts exactly these severities. */
export type PagerdutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** The spec's four severities in PagerDuty's vocabulary (a Record, so a new severity fails to compile). */
export const PAGERDUTY_SEVERITY: Readonly<Record<Severity, PagerdutySeverity>> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

/**
 * An alert without a known severity label did not come from vllm-slo's
 * rules; reaching PagerDuty at all means someone routed it there to page, so
 * it keeps Alertmanager's own default, critical, rather than being quietly
 * downgraded. PagerDuty rejects any value outside its four.
 */
const PAGERDUTY_UNKNOWN_SEVERITY: PagerdutySeverity = 'critical';

/** The group's alert name, or a generic label when the group spans several names. */
const GROUP_NAME = '{{ with .CommonLabels.alertname }}{{ . }}{{ else }}vLLM SLO alerts{{ end }}';

const GROUP_ENVIRONMENT = '{{ with .CommonLabels.environment }} in {{ . }}{{ end }}';

/**
 * One-line title of a notification: "[FIRING:2] VllmLatencyP95High in production (high)".
 * Used as the Slack title and the email subject.
 */
export const GROUP_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] ' +
  `${GROUP_NAME}${GROUP_ENVIRONMENT}` +
  '{{ with .CommonLabels.severity }} ({{ . }}){{ end }}';

/** Slack body: one block per alert with its summary, description, labels and runbook link. */
export const SLACK_TEXT = [
  '{{ range .Alerts -}}',
  '*[{{ .Status | toUpper }}] {{ with .Annotations.summary }}{{ . }}{{ else }}{{ .Labels.alertname }}{{ end }}*',
  '{{ with .Annotations.description }}{{ . }}',
  '{{ end -}}',
  '*Environment:* `{{ .Labels.environment }}`  *Severity:* `{{ .Labels.severity }}`' +
    '{{ with .Labels.slo }}  *SLO:* `{{ . }}`{{ end }}',
  '{{ with .Annotations.runbook_url }}*Runbook:* <{{ . }}>',
  '{{ end }}',
  '{{ end -}}',
].join('\n');

/** Plain-text email body; Alertmanager's default HTML part is kept alongside it. */
export const EMAIL_TEXT = [
  '{{ .Alerts.Firing | len }} firing, {{ .Alerts.Resolved | len }} resolved.',
  '{{ range .Alerts }}',
  '[{{ .Status | toUpper }}] {{ with .Annotations.summary }}{{ . }}{{ else }}{{ .Labels.alertname }}{{ end }}',
  '{{ with .Annotations.description }}{{ . }}',
  '{{ end -}}',
  'Environment: {{ .Labels.environment }}, severity: {{ .Labels.severity }}' +
    '{{ with .Labels.slo }}, SLO: {{ . }}{{ end }}',
  '{{ with .Annotations.runbook_url }}Runbook: {{ . }}',
  '{{ end -}}',
  'Since: {{ .StartsAt }}',
  '{{ end }}',
  'Alertmanager: {{ .ExternalURL }}',
].join('\n');

/** The Go template mapping the group's severity label to PagerDuty's severity. */
export function pagerdutySeverityTemplate(): string {
  const branches = Object.entries(PAGERDUTY_SEVERITY).map(
    ([ours, theirs], i) => `{{ ${i === 0 ? 'if' : 'else if'} eq .CommonLabels.severity "${ours}" }}${theirs}`,
  );
  return `${branches.join('')}{{ else }}${PAGERDUTY_UNKNOWN_SEVERITY}{{ end }}`;
}

/**
 * PagerDuty incident title: the shared summary when every alert of the
 * group has the same one, otherwise the alert name, environment and count.
 */
export const PAGERDUTY_DESCRIPTION =
  '{{ with .CommonAnnotations.summary }}{{ . }}{{ else }}' +
  `${GROUP_NAME}${GROUP_ENVIRONMENT}: {{ .Alerts.Firing | len }} firing` +
  '{{ end }}';

/** Extra incident fields; Alertmanager merges them with its default firing/resolved lists. */
export const PAGERDUTY_DETAILS: Readonly<Record<string, string>> = {
  environment: '{{ .CommonLabels.environment }}',
  severity: '{{ .CommonLabels.severity }}',
  runbook_url: '{{ (index .Alerts 0).Annotations.runbook_url }}',
};

/**
 * The runbook link of a PagerDuty incident. Alerts are grouped by name and a
 * runbook is per name, so the first alert's link is the group's; the base URL
 * from the spec stands in when it is missing because PagerDuty expects a link
 * to have a target.
 */
export function pagerdutyRunbookHref(runbookBaseUrl: string): string {
  return `{{ with (index .Alerts 0).Annotations.runbook_url }}{{ . }}{{ else }}{{ ${JSON.stringify(runbookBaseUrl)} }}{{ end }}`;
}
