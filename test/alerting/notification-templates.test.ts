/**
 * The notification texts of the generated receivers, rendered by amtool's
 * own template engine against alerts shaped like vllm-slo's (DESIGN.md:
 * environment and severity labels; summary, description, runbook_url
 * annotations). The templates are taken from the generated config, so what
 * is tested is what ships.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertmanagerConfig, type Receiver } from '../../src/alerting/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { renderTemplate, type TemplateAlert } from './amtool-harness.ts';

const { receivers } = alertmanagerConfig(defaultSpec());

function byName(name: string): Receiver {
  const r = receivers.find((x) => x.name === name);
  assert.ok(r, `no receiver ${name}`);
  return r;
}

const pagerduty = byName('pagerduty').pagerduty_configs?.[0];
const slack = byName('slack').slack_configs?.[0];
const email = byName('email').email_configs?.[0];
assert.ok(pagerduty && slack && email);

const RUNBOOK = 'https://runbooks.example.com/vllm-slo/vllm-latency-p95-high';

function alert(
  severity: string | undefined,
  status: TemplateAlert['status'] = 'firing',
  extra: Record<string, string> = {},
): TemplateAlert {
  return {
    status,
    labels: {
      alertname: 'VllmLatencyP95High',
      environment: 'production',
      ...(severity === undefined ? {} : { severity }),
      ...extra,
    },
    annotations: {
      summary: `production: P95 latency of ${extra.model ?? 'llama'} above 3s`,
      description: 'P95 request latency over 5m is 4.2s (threshold 3s) for 10m.',
      runbook_url: RUNBOOK,
    },
  };
}

describe('PagerDuty templates', () => {
  for (const [ours, theirs] of [
    ['critical', 'critical'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'info'],
  ] as const) {
    it(`maps severity ${ours} to PagerDuty ${theirs}`, async () => {
      assert.equal(await renderTemplate(pagerduty.severity, [alert(ours)]), theirs);
    });
  }

  it('sends an unknown or missing severity as critical, a value PagerDuty accepts', async () => {
    assert.equal(await renderTemplate(pagerduty.severity, [alert(undefined)]), 'critical');
    assert.equal(await renderTemplate(pagerduty.severity, [alert('warning')]), 'critical');
  });

  it('titles the incident with the shared summary, or name, environment and count', async () => {
    assert.equal(
      await renderTemplate(pagerduty.description, [alert('critical')]),
      'production: P95 latency of llama above 3s',
    );
    const two = [
      alert('critical', 'firing', { model: 'llama' }),
      alert('critical', 'firing', { model: 'qwen' }),
    ];
    assert.equal(
      await renderTemplate(pagerduty.description, two),
      'VllmLatencyP95High in production: 2 firing',
    );
  });

  it('links the runbook, falling back to the runbook base URL', async () => {
    const [link] = pagerduty.links;
    assert.ok(link);
    assert.equal(link.text, 'Runbook');
    assert.equal(await renderTemplate(link.href, [alert('critical')]), RUNBOOK);
    const bare = { ...alert('critical'), annotations: {} };
    assert.equal(await renderTemplate(link.href, [bare]), 'https://runbooks.example.com/vllm-slo');
  });

  it('adds environment, severity and runbook to the incident details', async () => {
    const details = pagerduty.details;
    assert.equal(await renderTemplate(details.environment ?? '', [alert('critical')]), 'production');
    assert.equal(await renderTemplate(details.severity ?? '', [alert('critical')]), 'critical');
    assert.equal(await renderTemplate(details.runbook_url ?? '', [alert('critical')]), RUNBOOK);
  });
});

describe('Slack templates', () => {
  it('titles with status, count, alert name, environment and severity', async () => {
    const two = [alert('high', 'firing', { model: 'llama' }), alert('high', 'firing', { model: 'qwen' })];
    assert.equal(
      await renderTemplate(slack.title, two),
      '[FIRING:2] VllmLatencyP95High in production (high)',
    );
    assert.equal(
      await renderTemplate(slack.title, [alert('high', 'resolved')]),
      '[RESOLVED] VllmLatencyP95High in production (high)',
    );
  });

  it('lists each alert with summary, description, labels and runbook link', async () => {
    const text = await renderTemplate(slack.text, [
      alert('high', 'firing', { model: 'llama', slo: 'latency-p95' }),
      alert('high', 'resolved', { model: 'qwen' }),
    ]);
    assert.equal(
      text.trimEnd(),
      [
        '*[FIRING] production: P95 latency of llama above 3s*',
        'P95 request latency over 5m is 4.2s (threshold 3s) for 10m.',
        '*Environment:* `production`  *Severity:* `high`  *SLO:* `latency-p95`',
        `*Runbook:* <${RUNBOOK}>`,
        '',
        '*[RESOLVED] production: P95 latency of qwen above 3s*',
        'P95 request latency over 5m is 4.2s (threshold 3s) for 10m.',
        '*Environment:* `production`  *Severity:* `high`',
        `*Runbook:* <${RUNBOOK}>`,
      ].join('\n'),
    );
  });

  it('falls back to the alert name when annotations are missing', async () => {
    const bare = { ...alert('high'), annotations: {} };
    const text = await renderTemplate(slack.text, [bare]);
    assert.equal(
      text.trimEnd(),
      '*[FIRING] VllmLatencyP95High*\n*Environment:* `production`  *Severity:* `high`',
    );
  });
});

describe('email templates', () => {
  it('has a subject with status, alert name, environment and severity', async () => {
    assert.equal(
      await renderTemplate(email.headers.Subject ?? '', [alert('medium')]),
      '[FIRING:1] VllmLatencyP95High in production (medium)',
    );
  });

  it('has a plain-text body with every alert and a link back to Alertmanager', async () => {
    const text = await renderTemplate(email.text, [alert('medium', 'firing', { model: 'llama' })]);
    assert.equal(
      text,
      [
        '1 firing, 0 resolved.',
        '',
        '[FIRING] production: P95 latency of llama above 3s',
        'P95 request latency over 5m is 4.2s (threshold 3s) for 10m.',
        'Environment: production, severity: medium',
        `Runbook: ${RUNBOOK}`,
        'Since: 2024-05-01 12:00:00 +0000 UTC',
        '',
        'Alertmanager: http://alertmanager.example:9093',
      ].join('\n'),
    );
  });
});
