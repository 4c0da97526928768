/**
 * Alertmanager receivers from the spec's `alerting.alertmanager.receivers`.
 * Every secret is passed by file path (routing_key_file, api_url_file,
 * auth_password_file, url_file): the generated file can be committed, shown
 * in a diff or put in a ConfigMap without leaking a key, and rotating a key
 * means replacing a mounted file, not regenerating the configuration.
 */
import type { ReceiverConfig, SloSpec } from '../spec/index.ts';
import type {
  EmailConfig,
  PagerdutyConfig,
  Receiver,
  SlackConfig,
  WebhookConfig,
} from './alertmanager-types.ts';
import {
  EMAIL_TEXT,
  GROUP_TITLE,
  PAGERDUTY_DESCRIPTION,
  PAGERDUTY_DETAILS,
  pagerdutyRunbookHref,
  pagerdutySeverityTemplate,
  SLACK_TEXT,
} from './notification-templates.ts';

type Of<T extends ReceiverConfig['type']> = Extract<ReceiverConfig, { type: T }>;

function pagerduty(r: Of<'pagerduty'>, runbookBaseUrl: string): PagerdutyConfig {
  return {
    send_resolved: r.sendResolved,
    routing_key_file: r.routingKeyFile,
    // Only set when the spec overrides it: Alertmanager's default is PagerDuty's public Events API v2.
    ...(r.url === undefined ? {} : { url: r.url }),
    severity: pagerdutySeverityTemplate(),
    description: PAGERDUTY_DESCRIPTION,
    details: { ...PAGERDUTY_DETAILS },
    links: [{ href: pagerdutyRunbookHref(runbookBaseUrl), text: 'Runbook' }],
  };
}

function slack(r: Of<'slack'>): SlackConfig {
  return {
    send_resolved: r.sendResolved,
    api_url_file: r.apiUrlFile,
    channel: r.channel,
    title: GROUP_TITLE,
    text: SLACK_TEXT,
  };
}

function email(r: Of<'email'>): EmailConfig {
  return {
    send_resolved: r.sendResolved,
    to: r.to,
    from: r.from,
    smarthost: r.smarthost,
    // An SMTP relay that trusts the network needs neither; write them only when the spec has them.
    ...(r.authUsername === undefined ? {} : { auth_username: r.authUsername }),
    ...(r.authPasswordFile === undefined ? {} : { auth_password_file: r.authPasswordFile }),
    require_tls: r.requireTls,
    headers: { Subject: GROUP_TITLE },
    text: EMAIL_TEXT,
  };
}

/**
 * A webhook with a secret URL (url_file, Alertmanager >= 0.26, see
 * compatibility.ts) or a plain URL whose secret is a bearer token read from a
 * file (works on 0.25). The spec guarantees exactly one of url and urlFile.
 */
function webhook(r: Of<'webhook'>): WebhookConfig {
  return {
    send_resolved: r.sendResolved,
    ...(r.urlFile !== undefined ? { url_file: r.urlFile } : { url: r.url }),
    ...(r.credentialsFile !== undefined
      ? { http_config: { authorization: { type: 'Bearer' as const, credentials_file: r.credentialsFile } } }
      : {}),
  };
}

/** One Alertmanager receiver, named as in the spec, with its single integration. */
export function receiver(name: string, r: ReceiverConfig, runbookBaseUrl: string): Receiver {
  switch (r.type) {
    case 'pagerduty':
      return { name, pagerduty_configs: [pagerduty(r, runbookBaseUrl)] };
    case 'slack':
      return { name, slack_configs: [slack(r)] };
    case 'email':
      return { name, email_configs: [email(r)] };
    case 'webhook':
      return { name, webhook_configs: [webhook(r)] };
  }
}

/**
 * Every receiver the spec declares, in the spec's order. Unrouted ones are
 * kept too: Alertmanager accepts them, and a user may route to them from a
 * hand-written sub-tree or an AlertmanagerConfig resource.
 */
export function receivers(spec: SloSpec): Receiver[] {
  return Object.entries(spec.alerting.alertmanager.receivers).map(([name, r]) =>
    receiver(name, r, spec.alerting.runbookBaseUrl),
  );
}
