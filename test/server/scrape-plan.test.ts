/**
 * What `serve` scrapes follows each environment's source: vLLM pods where it
 * is vllm, the gateways named by --scrape-gateway where it is gateway, and
 * never both for one environment (the store would count each request twice).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScrapeTargetError, scrapePlan } from '../../src/server/index.ts';
import { editedDefaultSpec, sourceEdit } from '../helpers/spec.ts';

const POD = 'http://127.0.0.1:8000';
const GATEWAY = 'http://127.0.0.1:9000/metrics';

/** The default spec with production's pods listed, measured by `source`. */
function production(source: 'gateway' | 'vllm' = 'gateway') {
  const pods: [string, string] = ['    podRegex: ".*-production-.*"\n', `$&    pods: ["${POD}"]\n`];
  return editedDefaultSpec(source === 'vllm' ? [sourceEdit('production', 'vllm'), pods] : [pods]);
}

describe('serve scrape targets', () => {
  it("scrapes the pods' vLLM metrics of an environment whose source is vllm", () => {
    const plan = scrapePlan(production('vllm'), []);
    assert.deepEqual(plan.targets, [
      { url: `${POD}/metrics`, environment: 'production', pod: '127.0.0.1:8000', kind: 'vllm' },
    ]);
    assert.deepEqual(plan.notes, []);
  });

  it('scrapes only the gateway of an environment measured by its gateway (the default), not its pods', () => {
    const plan = scrapePlan(production(), [`production=${GATEWAY}`]);
    assert.deepEqual(plan.targets, [
      { url: GATEWAY, environment: 'production', pod: 'gateway-production', kind: 'gateway' },
    ]);
    assert.deepEqual(plan.notes, []);
  });

  it('says so when a gateway-measured environment lists pods and no gateway is given', () => {
    const plan = scrapePlan(production('gateway'), []);
    assert.deepEqual(plan.targets, []);
    assert.equal(plan.notes.length, 1);
    assert.match(plan.notes[0] ?? '', /^production: .*--scrape-gateway production=URL.*source: vllm/);
  });

  it('refuses a gateway for an environment whose source is vllm: its requests would count twice', () => {
    assert.throws(
      () => scrapePlan(production('vllm'), [`production=${GATEWAY}`]),
      (err: unknown) =>
        err instanceof ScrapeTargetError &&
        err.code === 'double_count' &&
        err.value === `production=${GATEWAY}` &&
        /environments\.production\.source: vllm.*twice/.test(err.message),
    );
  });

  it('refuses a malformed flag and an unknown environment, naming the environments', () => {
    for (const [flag, code] of [
      ['nowhere', 'malformed'],
      [`prod=${GATEWAY}`, 'unknown_environment'],
    ] as const)
      assert.throws(
        () => scrapePlan(production(), [flag]),
        (err: unknown) =>
          err instanceof ScrapeTargetError &&
          err.code === code &&
          /expected ENV=URL with ENV one of production, staging, development/.test(err.message),
      );
  });
});
