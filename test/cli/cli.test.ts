/**
 * The `vllm-slo` command end to end: exit codes, messages without stack
 * traces, and the files init and generate write.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runBin, runCli } from '../helpers/cli.ts';
import { withTempDir } from '../helpers/tools.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');

const run = runCli;

describe('vllm-slo CLI', () => {
  it('init writes the default spec, refuses to overwrite it, and validate accepts it', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.yaml');
      assert.equal((await run('init', file)).code, 0);
      assert.match(readFileSync(file, 'utf8'), /^apiVersion: vllm-slo\/v1$/m);
      const again = await run('init', file);
      assert.equal(again.code, 1);
      assert.match(again.err, /already exists; use --force/);
      const v = await run('validate', file);
      assert.equal(v.code, 0, v.err);
      assert.match(v.out, /valid \(3 environments: production, staging, development; 15 objectives/);
    });
  });

  it('validate prints every problem with file:line:col and exits 2, without a stack trace', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'bad.yaml');
      assert.equal((await run('init', file)).code, 0);
      const text = readFileSync(file, 'utf8')
        .replace('target: 99.9', 'target: 199')
        .replace('window: 30d', 'window: 30s');
      writeFileSync(file, text);
      const r = await run('validate', file);
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /bad\.yaml:\d+:\d+ environments\.production\.objectives\.availability\.target: must be above 0 and below 100, got 199/,
      );
      assert.match(
        r.err,
        /bad\.yaml:\d+:\d+ environments\.production\.objectives\.availability\.window: must be at least 1m, got "30s"/,
      );
      assert.match(r.err, /2 problems/);
      assert.doesNotMatch(r.err, /\n\s+at /);
    });
  });

  it('validate of a missing file names it and exits 2', async () => {
    const r = await run('validate', '/nonexistent/slo.yaml');
    assert.equal(r.code, 2);
    assert.match(r.err, /^\/nonexistent\/slo\.yaml: no such file/);
  });

  it('generate writes rules, Alertmanager config and dashboards; kubernetes format wraps them', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.yaml');
      await run('init', file);
      const plain = await run('generate', file, '-o', join(dir, 'out'));
      assert.equal(plain.code, 0, plain.err);
      assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['alertmanager', 'grafana', 'prometheus']);
      assert.equal(readdirSync(join(dir, 'out', 'prometheus')).length, 3);
      assert.ok(existsSync(join(dir, 'out', 'alertmanager', 'alertmanager.yaml')));
      assert.deepEqual(readdirSync(join(dir, 'out', 'grafana')).sort(), [
        'vllm-deployment-status.json',
        'vllm-slo-tracking.json',
      ]);
      const k8s = await run(
        'generate',
        file,
        '-o',
        join(dir, 'k8s'),
        '--format',
        'kubernetes',
        '--namespace',
        'obs',
      );
      assert.equal(k8s.code, 0, k8s.err);
      const rule = readFileSync(
        join(dir, 'k8s', 'kubernetes', 'prometheusrule-vllm-slo-alerts.yaml'),
        'utf8',
      );
      assert.match(rule, /kind: PrometheusRule/);
      assert.match(rule, /namespace: obs/);
      assert.match(
        readFileSync(join(dir, 'k8s', 'kubernetes', 'grafana-dashboards.yaml'), 'utf8'),
        /grafana_dashboard: "1"/,
      );
    });
  });

  it('generate without a file uses the built-in default spec where there is no ./slo.yaml', async () => {
    await withTempDir(async (dir) => {
      const r = await runBin(['generate', '-o', 'out'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(dir, 'out', 'prometheus')), 'the default spec generated no rules');
    });
  });

  it('generate writes nothing for an invalid spec', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.yaml');
      writeFileSync(file, 'apiVersion: vllm-slo/v1\n');
      const r = await run('generate', file, '-o', join(dir, 'out'));
      assert.equal(r.code, 2);
      assert.match(r.err, /nothing written/);
      assert.equal(existsSync(join(dir, 'out')), false);
    });
  });

  it('usage errors exit 2; --help exits 0', async () => {
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('generate', 'slo.yaml')).code, 2);
    assert.equal((await run('generate', 'slo.yaml', '-o', 'x', '--format', 'helm')).code, 2);
    const help = await run('--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /validate/);
  });

  it('the installed bin runs the TypeScript sources (npx vllm-slo --help)', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: vllm-slo/);
  });
});
