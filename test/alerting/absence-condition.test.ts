/**
 * VllmSLOMetricAbsent in embedded mode: over the last alerting.absentFor
 * (10m) no request stored and no pod seen up. Fires for data that stopped
 * and for data that never came; a near-idle environment whose pods answer
 * their probes is silent. Labels and annotations are the generated rule's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertConditions } from '../../src/alerting/index.ts';
import { absenceRule } from '../../src/rules/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { DAY, MIN, recordRequests, T0 } from '../store/store-helpers.ts';

const spec = defaultSpec();
const AT = T0 + 10 * DAY + 30_000;

async function absentIn(fill: (s: SloStore) => void): Promise<Record<string, string>> {
  const store = SloStore.open(':memory:', { autoCompact: false, flushIntervalMs: 3_600_000 });
  try {
    fill(store);
    const r = await alertConditions(spec, new EmbeddedSource(store), AT);
    return Object.fromEntries(
      r.conditions
        .filter((c) => c.alertname === 'VllmSLOMetricAbsent')
        .map((c) => [c.labels.environment ?? '', c.labels.severity ?? '']),
    );
  } finally {
    store.close();
  }
}

describe('the absence alert (embedded)', () => {
  it('fires for an environment whose data stopped over absentFor ago, and for one that never had any', async () => {
    const absent = await absentIn((s) => {
      // Production: traffic and healthy pods until 11 minutes ago, then nothing (the gateway died).
      recordRequests(s, 300, AT - 11 * MIN, 200);
      s.recordPodHealth('production', 'pod-a', AT - 11 * MIN - 5000, true, 15);
      // Staging: requests in the last minutes.
      recordRequests(s, 50, AT, 100, () => ({ environment: 'staging' }));
      // Development: nothing, ever.
    });
    assert.deepEqual(absent, { production: 'critical', development: 'low' });
  });

  it('is silent while requests arrive, or while an idle environment reports a pod up', async () => {
    const absent = await absentIn((s) => {
      recordRequests(s, 300, AT - 9 * MIN, 200);
      // Staging had its last request a day ago; its gateway still probes a healthy pod.
      recordRequests(s, 10, AT - DAY, 10, () => ({ environment: 'staging' }));
      s.recordPodHealth('staging', 'vllm-staging-0', AT - 20_000, true, 15);
      // Development: its scrapes fail (the collector records the pod down): that is absence.
      s.recordPodHealth('development', 'vllm-development-0', AT - 20_000, false, 15);
    });
    assert.deepEqual(absent, { development: 'low' });
  });

  it('carries the generated rule labels and annotations, with no `for` left to wait', async () => {
    const store = SloStore.open(':memory:', { autoCompact: false });
    try {
      const r = await alertConditions(spec, new EmbeddedSource(store), AT, undefined, 'staging');
      const c = r.conditions.find((x) => x.alertname === 'VllmSLOMetricAbsent');
      const staging = spec.environments.find((e) => e.name === 'staging');
      assert.ok(staging);
      const rule = absenceRule(spec, staging);
      assert.deepEqual(c?.labels, { environment: 'staging', severity: 'high' });
      assert.equal(c?.annotations.summary, 'staging: no SLI data (vllm_requests_total) for 10m');
      assert.equal(c?.annotations.runbook_url, rule.annotations.runbook_url);
      assert.equal(c?.forMs, 0);
    } finally {
      store.close();
    }
  });
});
