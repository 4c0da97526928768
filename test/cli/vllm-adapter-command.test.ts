/**
 * The vLLM adapter at the CLI: written for the environments whose source is
 * vllm (`environments.<env>.source`), in both formats, and for no other
 * (`kubectl apply -f out/kubernetes/` must not load it beside the gateway);
 * the vLLM version note at generate time; and validate's warnings for
 * thresholds that are no bound of vLLM's buckets (exit 0), only where vLLM's
 * own metrics are the source, gone where metrics.vllm.buckets has them.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { sourceEdit } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';

const run = runCli;

/** The default spec in `dir`, with lines added under metrics.vllm and `source: vllm` for `vllmEnvs`; its path. */
async function specWith(dir: string, vllmLines: string, vllmEnvs: readonly string[] = []): Promise<string> {
  const file = join(dir, 'slo.yaml');
  await run('init', file);
  const anchor = '    targetLabels: [job, instance]\n';
  let text = readFileSync(file, 'utf8').replace(anchor, anchor + vllmLines);
  for (const env of vllmEnvs) {
    const [from, to] = sourceEdit(env, 'vllm');
    assert.match(text, from, env);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
  return file;
}

const ADAPTER_K8S = join('kubernetes', 'prometheusrule-vllm-slo-vllm-adapter.yaml');
const ADAPTER_FILE = join('prometheus', 'vllm-slo-vllm-adapter.rules.yaml');

describe('vllm-slo generate and the vLLM adapter', () => {
  it('writes the adapter in neither format while every environment reads the gateway (the default)', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '');
      for (const format of ['files', 'kubernetes']) {
        const r = await run('generate', file, '-o', join(dir, format), '--format', format);
        assert.equal(r.code, 0, r.err);
        assert.doesNotMatch(r.out, /adapter|0\.8\.3/);
      }
      assert.ok(existsSync(join(dir, 'kubernetes', 'kubernetes', 'prometheusrule-vllm-slo-recording.yaml')));
      assert.ok(!existsSync(join(dir, 'kubernetes', ADAPTER_K8S)));
      assert.ok(!existsSync(join(dir, 'files', ADAPTER_FILE)));
    });
  });

  it('writes it for the environments whose source is vllm only, and says which vLLM it needs and which bounds it counts at', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '', ['production']);
      for (const [format, path] of [
        ['kubernetes', ADAPTER_K8S],
        ['files', ADAPTER_FILE],
      ] as const) {
        const r = await run('generate', file, '-o', join(dir, format), '--format', format);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /note: .*http_requests_total, which vLLM exports from v0\.8\.3/);
        assert.match(
          r.out,
          /note: production: 3 s is no bound .* requests between 2\.5 s and 3 s count as slow/,
        );
        assert.doesNotMatch(r.out, /note: staging/, 'staging reads the gateway');
        const text = readFileSync(join(dir, format, path), 'utf8');
        assert.match(text, /^# Note: .*v0\.8\.3/m);
        assert.match(text, /^\s+# 3 s is no bound of vLLM's e2e latency buckets: counted at 2\.5 s/m);
        assert.match(text, /source: vllm/);
        assert.match(text, /name: vllm-slo-production-vllm-adapter/);
        assert.doesNotMatch(text, /vllm-slo-(staging|development)-vllm-adapter/);
      }
    });
  });

  it('has no --with-vllm-adapter flag: the spec says which environments read vLLM', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '');
      const r = await run('generate', file, '-o', join(dir, 'out'), '--with-vllm-adapter');
      assert.equal(r.code, 2);
      assert.ok(!existsSync(join(dir, 'out')));
    });
  });
});

describe('vllm-slo validate and vLLM buckets', () => {
  it('prints no warning for the default spec: every environment reads the gateway, whose buckets have each threshold', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '');
      const r = await run('validate', file);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '');
      assert.doesNotMatch(r.out, /warning/);
    });
  });

  it('warns, and exits 0, where an environment reads vLLM and a latency threshold is no bound of its buckets', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '', ['production', 'development']);
      const r = await run('validate', file);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /valid .*; 2 warnings/);
      assert.match(
        r.err,
        /slo\.yaml:\d+:\d+ environments\.production\.objectives\.latency-p95\.threshold: warning: .*counted at 2\.5 s, so requests between 2\.5 s and 3 s count as slow/,
      );
      assert.match(
        r.err,
        /environments\.production\.objectives\.latency-p99\.threshold: warning: .*counted at 5 s/,
      );
      // Staging reads the gateway; 500 ms (TTFT) and development's 5 s are bounds.
      assert.doesNotMatch(r.err, /staging|500 ms|development/);
    });
  });

  it('is exact, without warnings or approximated rules, where metrics.vllm.buckets has the thresholds', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '    buckets:\n      e2eLatency: [0.5, 1, 2.5, 3, 5, 6, 10]\n', [
        'production',
        'staging',
      ]);
      const v = await run('validate', file);
      assert.equal(v.code, 0, v.err);
      assert.equal(v.err, '');
      const g = await run('generate', file, '-o', join(dir, 'out'));
      assert.equal(g.code, 0, g.err);
      assert.doesNotMatch(g.out, /no bound/);
      const text = readFileSync(join(dir, 'out', ADAPTER_FILE), 'utf8');
      assert.doesNotMatch(text, /le: "3"|no bound/);
      assert.match(text, /vllm-slo-staging-vllm-adapter/);
    });
  });

  it('names a bad bucket list with its field path', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '    buckets:\n      timeToFirstToken: [1, 0.5]\n');
      const r = await run('validate', file);
      assert.equal(r.code, 2);
      assert.match(r.err, /metrics\.vllm\.buckets\.timeToFirstToken: bounds must be ascending/);
    });
  });

  it('names a bad source with its field path and the allowed values', async () => {
    await withTempDir(async (dir) => {
      const file = await specWith(dir, '');
      const text = readFileSync(file, 'utf8').replace(...sourceEdit('staging', 'vllm'));
      writeFileSync(file, text.replace(/source: vllm/, 'source: prometheus'));
      const r = await run('validate', file);
      assert.equal(r.code, 2);
      assert.match(r.err, /slo\.yaml:\d+:\d+ environments\.staging\.source: must be gateway or vllm/);
    });
  });
});
