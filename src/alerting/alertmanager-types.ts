/**
 * The part of Alertmanager's configuration file that vllm-slo writes, typed
 * with Alertmanager's own snake_case keys so the object serialises to YAML
 * as is. Field names follow https://prometheus.io/docs/alerting/latest/configuration/.
 * Secrets appear only as *_file paths: no type here has a field that could
 * hold a key or a webhook URL inline.
 */

/** A label matcher in Alertmanager's `matchers:` syntax, e.g. `severity="critical"`. */
export type Matcher = string;

/** The operators of Alertmanager's matcher syntax. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** A node of the routing tree; children inherit grouping and timing from their parent. */
export interface Route {
  receiver?: string;
  group_by?: string[];
  /** Alertmanager rejects matchers on the root route, so only child routes set it. */
  matchers?: Matcher[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  routes?: Route[];
}

/** Mutes target alerts while a source alert fires and the `equal` labels agree. */
export interface InhibitRule {
  source_matchers: Matcher[];
  target_matchers: Matcher[];
  equal: string[];
}

/** PagerDuty Events API v2 integration (routing_key_file: Alertmanager >= 0.25). */
export interface PagerdutyConfig {
  send_resolved: boolean;
  routing_key_file: string;
  url?: string;
  severity: string;
  description: string;
  details: Record<string, string>;
  links: Array<{ href: string; text: string }>;
}

/** Slack incoming-webhook integration (api_url_file: Alertmanager >= 0.22). */
export interface SlackConfig {
  send_resolved: boolean;
  api_url_file: string;
  channel: string;
  title: string;
  text: string;
}

/** SMTP integration (auth_password_file: Alertmanager >= 0.25). */
export interface EmailConfig {
  send_resolved: boolean;
  to: string;
  from: string;
  smarthost: string;
  auth_username?: string;
  auth_password_file?: string;
  require_tls: boolean;
  headers: Record<string, string>;
  text: string;
}

/** Generic webhook integration (url_file: Alertmanager >= 0.26; url + credentials_file: any). */
export interface WebhookConfig {
  send_resolved: boolean;
  url?: string;
  url_file?: string;
  http_config?: { authorization: { type: 'Bearer'; credentials_file: string } };
}

/** A named receiver with one integration, as the spec declares it. */
export interface Receiver {
  name: string;
  pagerduty_configs?: PagerdutyConfig[];
  slack_configs?: SlackConfig[];
  email_configs?: EmailConfig[];
  webhook_configs?: WebhookConfig[];
}

/** The whole generated file; keys in the order Alertmanager's documentation lists them. */
export interface AlertmanagerConfig {
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: Receiver[];
}

/**
 * Builds one matcher. The value is always double-quoted, so values with
 * spaces, commas or `|` cannot break the expression; for printable text
 * JSON's escapes (\" and \\) are exactly the ones Alertmanager's parser undoes.
 */
export function matcher(label: string, op: MatchOperator, value: string): Matcher {
  return `${label}${op}${JSON.stringify(value)}`;
}
