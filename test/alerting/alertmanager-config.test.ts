/**
 * The generated Alertmanager configuration as an object: routing tree,
 * inhibition, receivers, the absence of inline secrets, and the golden file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  alertmanagerConfig,
  minimumAlertmanagerVersion,
  type Receiver,
  renderAlertmanagerConfig,
} from '../../src/alerting/index.ts';
import { assertGolden } from '../helpers/golden.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';
import { remappedSpec, unauthenticatedEmailSpec, WEBHOOK_URL_FILE, webhookSpec } from './specs.ts';

/** Every key of a nested object, with the path of keys leading to it. */
function allKeys(value: unknown, path: string[] = []): Array<{ key: string; path: string[] }> {
  if (Array.isArray(value)) return value.flatMap((v) => allKeys(v, path));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [{ key: k, path }, ...allKeys(v, [...path, k])]);
}

function byName(receivers: Receiver[], name: string): Receiver {
  const r = receivers.find((x) => x.name === name);
  assert.ok(r, `no receiver ${name} in ${receivers.map((x) => x.name).join(', ')}`);
  return r;
}

describe('alertmanagerConfig routing', () => {
  it('routes each severity to the spec receiver and everything else to the low receiver', () => {
    assert.deepEqual(alertmanagerConfig(defaultSpec()).route, {
      receiver: 'email',
      group_by: ['alertname', 'environment'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { matchers: ['severity="critical"'], receiver: 'pagerduty' },
        { matchers: ['severity="high"'], receiver: 'slack' },
        { matchers: ['severity="medium"'], receiver: 'email' },
        { matchers: ['severity="low"'], receiver: 'email' },
      ],
    });
  });

  it('takes grouping and timing from the spec', () => {
    const spec = editedDefaultSpec([
      ['groupBy: [alertname, environment]', 'groupBy: [alertname, environment, slo]'],
      ['groupWait: 30s', 'groupWait: 1m'],
      ['groupInterval: 5m', 'groupInterval: 10m'],
      ['repeatInterval: 4h', 'repeatInterval: 12h'],
    ]);
    const { route } = alertmanagerConfig(spec);
    assert.deepEqual(route.group_by, ['alertname', 'environment', 'slo']);
    assert.equal(route.group_wait, '1m');
    assert.equal(route.group_interval, '10m');
    assert.equal(route.repeat_interval, '12h');
  });

  it('follows remapped routes, with the root on the low receiver', () => {
    const { route } = alertmanagerConfig(remappedSpec());
    assert.equal(route.receiver, 'email');
    assert.deepEqual(
      route.routes?.map((r) => [r.matchers, r.receiver]),
      [
        [['severity="critical"'], 'slack-oncall'],
        [['severity="high"'], 'pagerduty'],
        [['severity="medium"'], 'slack'],
        [['severity="low"'], 'email'],
      ],
    );
  });

  it('uses matchers only, never the deprecated match/match_re or source_match/target_match', () => {
    const keys = new Set(allKeys(alertmanagerConfig(defaultSpec())).map((k) => k.key));
    for (const old of [
      'match',
      'match_re',
      'source_match',
      'source_match_re',
      'target_match',
      'target_match_re',
    ])
      assert.ok(!keys.has(old), `deprecated key ${old} in the config`);
  });
});

describe('alertmanagerConfig inhibition', () => {
  it('chains critical > high > lower per alert and environment, and lets VllmAllPodsDown mute its environment', () => {
    assert.deepEqual(alertmanagerConfig(defaultSpec()).inhibit_rules.slice(0, 3), [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"high|medium|low"'],
        equal: ['alertname', 'environment', 'slo', 'model'],
      },
      {
        source_matchers: ['severity="high"'],
        target_matchers: ['severity=~"medium|low"'],
        equal: ['alertname', 'environment', 'slo', 'model'],
      },
      {
        source_matchers: ['alertname="VllmAllPodsDown"'],
        target_matchers: ['alertname!="VllmAllPodsDown"'],
        equal: ['environment'],
      },
    ]);
  });
  it('mutes availability-low and error-rate-high under a request SLO burn, and error-rate-high under availability-low, never upwards', () => {
    const rules = alertmanagerConfig(defaultSpec()).inhibit_rules.slice(3);
    assert.deepEqual(rules.slice(0, 2), [
      {
        source_matchers: ['alertname="VllmErrorBudgetBurn"', 'slo=~"availability"', 'severity="critical"'],
        target_matchers: [
          'alertname=~"VllmAvailabilityLow|VllmErrorRateHigh"',
          'severity=~"critical|high|medium|low"',
        ],
        equal: ['environment'],
      },
      {
        source_matchers: ['alertname="VllmAvailabilityLow"', 'severity="critical"'],
        target_matchers: ['alertname="VllmErrorRateHigh"', 'severity=~"critical|high|medium|low"'],
        equal: ['environment'],
      },
    ]);
    // A high (ticket) burn mutes high and lower, never a critical page.
    assert.deepEqual(rules[2]?.target_matchers[1], 'severity=~"high|medium|low"');
    assert.equal(rules.length, 8);
  });
});

describe('alertmanagerConfig receivers and secrets', () => {
  const SECRET_KEYS = ['routing_key', 'service_key', 'api_url', 'auth_password', 'auth_secret', 'api_key'];

  for (const [label, make] of [
    ['default', defaultSpec],
    ['remapped', remappedSpec],
    ['webhook', webhookSpec],
    ['unauthenticated email', unauthenticatedEmailSpec],
  ] as const) {
    it(`writes no inline secret field (${label} spec)`, () => {
      for (const { key, path } of allKeys(alertmanagerConfig(make()))) {
        assert.ok(!SECRET_KEYS.includes(key), `inline secret key ${key} at ${path.join('.')}`);
        // A webhook's URL is its secret; PagerDuty's `url` is the public Events API endpoint.
        if (path.includes('webhook_configs'))
          assert.notEqual(key, 'url', `inline webhook url at ${path.join('.')}`);
      }
    });
  }

  it('passes each secret as the file path the spec names', () => {
    const { receivers } = alertmanagerConfig(defaultSpec());
    assert.deepEqual(
      receivers.map((r) => r.name),
      ['pagerduty', 'slack', 'email'],
    );
    assert.equal(
      byName(receivers, 'pagerduty').pagerduty_configs?.[0]?.routing_key_file,
      '/etc/alertmanager/secrets/pagerduty-routing-key',
    );
    assert.equal(
      byName(receivers, 'slack').slack_configs?.[0]?.api_url_file,
      '/etc/alertmanager/secrets/slack-webhook-url',
    );
    assert.equal(
      byName(receivers, 'email').email_configs?.[0]?.auth_password_file,
      '/etc/alertmanager/secrets/smtp-password',
    );
    assert.deepEqual(byName(alertmanagerConfig(webhookSpec()).receivers, 'ops-webhook').webhook_configs, [
      { send_resolved: true, url_file: WEBHOOK_URL_FILE },
    ]);
  });

  it('copies send_resolved, channel and SMTP settings from the spec', () => {
    const { receivers } = alertmanagerConfig(remappedSpec());
    assert.equal(byName(receivers, 'pagerduty').pagerduty_configs?.[0]?.send_resolved, true);
    const oncall = byName(receivers, 'slack-oncall').slack_configs?.[0];
    assert.equal(oncall?.channel, '#vllm-oncall');
    assert.equal(oncall?.send_resolved, false);
    const mail = byName(receivers, 'email').email_configs?.[0];
    assert.equal(mail?.send_resolved, false);
    assert.equal(mail?.to, 'sre-oncall@example.com');
    assert.equal(mail?.from, 'alertmanager@example.com');
    assert.equal(mail?.smarthost, 'smtp.example.com:587');
    assert.equal(mail?.auth_username, 'alertmanager@example.com');
    assert.equal(mail?.require_tls, true);
    assert.ok(mail?.headers.Subject, 'email has a Subject header');
  });

  it('omits SMTP auth the spec does not set, and keeps a PagerDuty URL override', () => {
    const { receivers } = alertmanagerConfig(unauthenticatedEmailSpec());
    const mail = byName(receivers, 'email').email_configs?.[0];
    assert.ok(mail);
    assert.ok(!('auth_username' in mail) && !('auth_password_file' in mail));
    assert.equal(
      byName(receivers, 'pagerduty').pagerduty_configs?.[0]?.url,
      'https://events.eu.pagerduty.com/v2/enqueue',
    );
    assert.ok(
      !(
        'url' in
        (byName(alertmanagerConfig(defaultSpec()).receivers, 'pagerduty').pagerduty_configs?.[0] ?? {})
      ),
    );
  });
});

describe('renderAlertmanagerConfig', () => {
  it('matches the golden file for the default spec', () => {
    assertGolden('alertmanager/alertmanager.yaml', renderAlertmanagerConfig(defaultSpec()));
  });

  it('is YAML of exactly the config object, under a do-not-edit header', () => {
    const spec = defaultSpec();
    const text = renderAlertmanagerConfig(spec);
    assert.deepEqual(parse(text), alertmanagerConfig(spec));
    const header = text.split('\n').filter((l) => l.startsWith('#'));
    assert.match(header[0] ?? '', /generated by vllm-slo from the SLO spec/);
    assert.match(header[1] ?? '', /Do not edit by hand/);
  });

  it('is pure: equal output for equal input, spec left untouched', () => {
    const spec = defaultSpec();
    const before = structuredClone(spec);
    assert.equal(renderAlertmanagerConfig(spec), renderAlertmanagerConfig(spec));
    assert.deepEqual(spec, before);
  });

  it('names the Alertmanager version the file needs, and why', () => {
    assert.deepEqual(minimumAlertmanagerVersion(alertmanagerConfig(defaultSpec())), {
      version: '0.25.0',
      features: [
        'pagerduty routing_key_file (receiver "pagerduty")',
        'email auth_password_file (receiver "email")',
      ],
    });
    assert.deepEqual(minimumAlertmanagerVersion(alertmanagerConfig(webhookSpec())), {
      version: '0.26.0',
      features: ['webhook url_file (receiver "ops-webhook")'],
    });
    assert.match(
      renderAlertmanagerConfig(webhookSpec()),
      /^# Needs Alertmanager >= 0\.26\.0, for:\n# {3}webhook url_file/m,
    );
  });
});
