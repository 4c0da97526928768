/**
 * Spec variants for the Alertmanager tests, as edits of the default spec's
 * text so they go through the same parsing and validation as a user's file.
 */
import type { SloSpec } from '../../src/spec/index.ts';
import { editedDefaultSpec } from '../helpers/spec.ts';

const DEFAULT_ROUTES =
  '      critical: pagerduty\n      high: slack\n      medium: email\n      low: email\n';
const RECEIVERS = '    receivers:\n';

/** Secret paths of the receivers added below, for assertions. */
export const WEBHOOK_URL_FILE = '/etc/alertmanager/secrets/ops-webhook-url';
export const WEBHOOK_TOKEN_FILE = '/etc/alertmanager/secrets/ops-webhook-token';
export const ONCALL_SLACK_URL_FILE = '/etc/alertmanager/secrets/slack-oncall-webhook-url';

/**
 * Every severity sent somewhere else than by default, using only receiver
 * kinds whose *_file fields Alertmanager 0.25 knows: critical to a second
 * Slack channel, high to PagerDuty, medium to Slack, low to email.
 */
export function remappedSpec(): SloSpec {
  return editedDefaultSpec([
    [
      DEFAULT_ROUTES,
      '      critical: slack-oncall\n      high: pagerduty\n      medium: slack\n      low: email\n',
    ],
    [
      RECEIVERS,
      `${RECEIVERS}      slack-oncall:\n        type: slack\n        apiUrlFile: ${ONCALL_SLACK_URL_FILE}\n        channel: "#vllm-oncall"\n        sendResolved: false\n`,
    ],
  ]);
}

/** routes.high pointing at a generic webhook receiver. */
export function webhookSpec(): SloSpec {
  return editedDefaultSpec([
    [
      DEFAULT_ROUTES,
      '      critical: pagerduty\n      high: ops-webhook\n      medium: email\n      low: email\n',
    ],
    [
      RECEIVERS,
      `${RECEIVERS}      ops-webhook:\n        type: webhook\n        urlFile: ${WEBHOOK_URL_FILE}\n`,
    ],
  ]);
}

/** A plain webhook URL whose secret is a bearer token in a file (works on Alertmanager 0.25). */
export function tokenWebhookSpec(): SloSpec {
  return editedDefaultSpec([
    [
      DEFAULT_ROUTES,
      '      critical: pagerduty\n      high: ops-webhook\n      medium: email\n      low: email\n',
    ],
    [
      RECEIVERS,
      `${RECEIVERS}      ops-webhook:\n        type: webhook\n        url: https://hooks.example.com/alerts\n        credentialsFile: ${WEBHOOK_TOKEN_FILE}\n`,
    ],
  ]);
}

/** An SMTP relay without authentication, and a PagerDuty Events API URL override. */
export function unauthenticatedEmailSpec(): SloSpec {
  return editedDefaultSpec([
    [
      '        authUsername: alertmanager@example.com\n        authPasswordFile: /etc/alertmanager/secrets/smtp-password\n',
      '',
    ],
    [
      '        routingKeyFile: /etc/alertmanager/secrets/pagerduty-routing-key\n',
      '        routingKeyFile: /etc/alertmanager/secrets/pagerduty-routing-key\n        url: https://events.eu.pagerduty.com/v2/enqueue\n',
    ],
  ]);
}
