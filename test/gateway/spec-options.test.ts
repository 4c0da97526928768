/**
 * gatewayOptionsFromSpec (src/gateway/spec-options.ts): what `vllm-slo
 * gateway` takes from an environment of the spec, the operator's values over
 * it, and the errors the CLI renders as usage errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewaySpecError, gatewayOptionsFromSpec, mergeTimeouts } from '../../src/gateway/spec-options.ts';
import { defaultSpecText, type Environment, parseSpec, type SloSpec } from '../../src/spec/index.ts';

function defaultSpec(): SloSpec {
  const r = parseSpec(defaultSpecText(), 'slo.yaml');
  assert.ok(r.ok);
  return r.spec;
}

/** The default spec with `change` applied to production. */
function withProduction(change: Partial<Environment>): SloSpec {
  const spec = defaultSpec();
  return {
    ...spec,
    environments: spec.environments.map((e) => (e.name === 'production' ? { ...e, ...change } : e)),
  };
}

/** The error gatewayOptionsFromSpec throws for these arguments. */
function refusal(...args: Parameters<typeof gatewayOptionsFromSpec>): GatewaySpecError {
  try {
    gatewayOptionsFromSpec(...args);
  } catch (err) {
    assert.ok(err instanceof GatewaySpecError, String(err));
    return err;
  }
  assert.fail('expected a GatewaySpecError');
}

const POD = 'http://127.0.0.1:8000';

describe('gatewayOptionsFromSpec', () => {
  it('without a spec: the given upstreams, no thresholds or models, only the given timeouts', () => {
    const o = gatewayOptionsFromSpec(undefined, 'production', {
      upstreams: [`vllm-0=${POD}`],
      timeouts: { connectMs: 1000, responseMs: undefined },
    });
    assert.deepEqual(o, {
      environment: 'production',
      upstreams: [{ name: 'vllm-0', url: POD }],
      models: [],
      latencyThresholds: [],
      ttftThresholds: [],
      timeouts: { connectMs: 1000 },
    });
  });

  it("takes the environment's thresholds (objectives and alerts), models and pods from the spec", () => {
    const spec = withProduction({ models: ['llama'], pods: [`vllm-production-0=${POD}`] });
    const o = gatewayOptionsFromSpec(spec, 'production');
    assert.deepEqual(o.upstreams, [{ name: 'vllm-production-0', url: POD }]);
    assert.deepEqual(o.models, ['llama']);
    // The default spec's production: latency objectives and latency-high alerts at 3s and 6s among them.
    assert.ok(
      o.latencyThresholds.includes(3) && o.latencyThresholds.includes(6),
      String(o.latencyThresholds),
    );
    assert.deepEqual(
      [...o.latencyThresholds].sort((a, b) => a - b),
      o.latencyThresholds,
    );
    assert.ok(o.ttftThresholds.length > 0);
  });

  it("given upstreams replace the spec's pods; an empty list keeps them", () => {
    const spec = withProduction({ pods: [`vllm-production-0=${POD}`] });
    const other = 'http://127.0.0.1:9000';
    assert.deepEqual(gatewayOptionsFromSpec(spec, 'production', { upstreams: [other] }).upstreams, [
      { name: '127.0.0.1:9000', url: other },
    ]);
    assert.deepEqual(gatewayOptionsFromSpec(spec, 'production', { upstreams: [] }).upstreams, [
      { name: 'vllm-production-0', url: POD },
    ]);
  });

  it("merges timeouts: a given one over the spec's, unset ones left to the gateway's defaults", () => {
    const spec = withProduction({ pods: [POD], gatewayTimeouts: { connectMs: 2000, totalMs: 600_000 } });
    const o = gatewayOptionsFromSpec(spec, 'production', {
      timeouts: { connectMs: 1000, responseMs: undefined, idleMs: 30_000 },
    });
    assert.deepEqual(o.timeouts, { connectMs: 1000, idleMs: 30_000, totalMs: 600_000 });
    assert.deepEqual(mergeTimeouts({ idleMs: 5 }), { idleMs: 5 });
  });

  it('passes outlier options through, and leaves them out when none are given', () => {
    const outlier = { consecutive5xx: 3, baseEjectionMs: 10_000 };
    assert.deepEqual(gatewayOptionsFromSpec(undefined, 'x', { upstreams: [POD], outlier }).outlier, outlier);
    assert.equal('outlier' in gatewayOptionsFromSpec(undefined, 'x', { upstreams: [POD] }), false);
  });

  it('refuses an environment the spec lacks, naming the ones it has', () => {
    const err = refusal(defaultSpec(), 'qa', { upstreams: [POD] });
    assert.equal(err.code, 'unknown_environment');
    assert.equal(err.value, 'qa');
    assert.equal(err.expected, 'production, staging, development');
  });

  it('refuses no upstreams at all', () => {
    assert.equal(refusal(undefined, 'production').code, 'no_upstreams');
    assert.equal(refusal(defaultSpec(), 'production', { upstreams: [] }).code, 'no_upstreams');
  });

  it("tells a refused given upstream from a refused pod of the spec, with parseUpstreams' message", () => {
    const given = refusal(undefined, 'production', {
      upstreams: ['a=http://127.0.0.1:1', 'a=http://127.0.0.1:2'],
    });
    assert.equal(given.code, 'invalid_upstreams');
    assert.equal(given.value, 'a=http://127.0.0.1:2');
    assert.match(given.message, /^upstream "a=http:\/\/127\.0\.0\.1:2": pod name "a" is already used/);
    const fromSpec = refusal(withProduction({ pods: [POD, POD] }), 'production');
    assert.equal(fromSpec.code, 'invalid_spec_pods');
    assert.match(fromSpec.message, /is already used by/);
  });
});
