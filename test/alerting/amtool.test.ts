/**
 * The generated configuration against the real amtool: it loads, and its
 * routing tree sends each severity where the spec says. amtool check-config
 * does not open the *_file paths (Alertmanager reads them when it notifies),
 * so the spec's /etc/alertmanager/secrets paths need not exist here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertmanagerConfig,
  minimumAlertmanagerVersion,
  renderAlertmanagerConfig,
} from '../../src/alerting/index.ts';
import { absenceRule } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { amtoolVersion, assertConfigValid, checkConfig, routeFor, versionAtLeast } from './amtool-harness.ts';
import {
  remappedSpec,
  tokenWebhookSpec,
  unauthenticatedEmailSpec,
  WEBHOOK_TOKEN_FILE,
  webhookSpec,
} from './specs.ts';

const ALERT = { alertname: 'VllmLatencyP95High', environment: 'production' };

describe('amtool check-config', () => {
  for (const [label, make] of [
    ['default', defaultSpec],
    ['remapped', remappedSpec],
    ['unauthenticated email', unauthenticatedEmailSpec],
  ] as const) {
    it(`accepts the config of the ${label} spec`, async () => {
      await assertConfigValid(renderAlertmanagerConfig(make()));
    });
  }

  it('rejects a broken config (the check can fail)', async () => {
    const broken = renderAlertmanagerConfig(defaultSpec()).replace('routing_key_file:', 'routing_key_fiel:');
    const r = await checkConfig(broken);
    assert.notEqual(r.status, 0);
    assert.match(`${r.stdout}${r.stderr}`, /routing_key_fiel/);
  });

  it('accepts the webhook config exactly when amtool is as new as the config says it must be', async () => {
    const spec: SloSpec = webhookSpec();
    const needed = minimumAlertmanagerVersion(alertmanagerConfig(spec)).version;
    const installed = amtoolVersion();
    const r = await checkConfig(renderAlertmanagerConfig(spec));
    if (versionAtLeast(installed, needed)) {
      assert.equal(r.status, 0, `amtool ${installed} >= ${needed} should accept:\n${r.stdout}${r.stderr}`);
    } else {
      // Alertmanager < 0.26 has no webhook url_file; the generator still does not inline the URL.
      assert.notEqual(r.status, 0, `amtool ${installed} < ${needed} unexpectedly accepted url_file`);
      assert.match(`${r.stdout}${r.stderr}`, /field url_file not found/);
    }
  });

  it('accepts a webhook with a plain URL and a bearer token file on any supported amtool', async () => {
    const yaml = renderAlertmanagerConfig(tokenWebhookSpec());
    const r = await checkConfig(yaml);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(yaml, new RegExp(`credentials_file: ${WEBHOOK_TOKEN_FILE}`));
    assert.equal(
      minimumAlertmanagerVersion(alertmanagerConfig(tokenWebhookSpec())).version,
      minimumAlertmanagerVersion(alertmanagerConfig(defaultSpec())).version,
    );
  });

  it('the installed amtool is new enough for the default config', () => {
    const needed = minimumAlertmanagerVersion(alertmanagerConfig(defaultSpec())).version;
    assert.ok(versionAtLeast(amtoolVersion(), needed), `amtool ${amtoolVersion()} < ${needed}`);
  });
});

describe('amtool config routes test', () => {
  const yaml = renderAlertmanagerConfig(defaultSpec());

  for (const [severity, receiver] of [
    ['critical', 'pagerduty'],
    ['high', 'slack'],
    ['medium', 'email'],
    ['low', 'email'],
  ] as const) {
    it(`routes severity=${severity} to ${receiver}`, async () => {
      assert.equal(await routeFor(yaml, { ...ALERT, severity }), receiver);
    });
  }

  it('routes alerts without a known severity to the default receiver', async () => {
    assert.equal(await routeFor(yaml, ALERT), 'email');
    assert.equal(await routeFor(yaml, { ...ALERT, severity: 'warning' }), 'email');
  });

  it("routes each environment's absence alert like its most severe objective", async () => {
    const spec = defaultSpec();
    const routed: Record<string, string> = {};
    for (const env of spec.environments) {
      const rule = absenceRule(spec, env);
      routed[env.name] = await routeFor(yaml, { alertname: rule.alert, ...rule.labels });
    }
    // production has critical objectives (PagerDuty), staging at most high (Slack), development low.
    assert.deepEqual(routed, { production: 'pagerduty', staging: 'slack', development: 'email' });
  });

  it('routes remapped severities to their new receivers', async () => {
    const remapped = renderAlertmanagerConfig(remappedSpec());
    assert.equal(await routeFor(remapped, { ...ALERT, severity: 'critical' }), 'slack-oncall');
    assert.equal(await routeFor(remapped, { ...ALERT, severity: 'high' }), 'pagerduty');
    assert.equal(await routeFor(remapped, { ...ALERT, severity: 'medium' }), 'slack');
    assert.equal(await routeFor(remapped, { ...ALERT, severity: 'low' }), 'email');
  });
});
