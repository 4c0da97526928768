/**
 * Start-up of the servers beyond loopback (issue 17, section 2): serve never
 * prints a token the user gave in --token-file (start-up lines end up in
 * kubectl logs), refuses an empty token file and a short token beyond
 * loopback as usage errors naming the file; gateway and sim warn when bound
 * beyond loopback, as serve does.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gatewayCommand } from '../../src/cli/commands/gateway.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { printServing } from '../../src/cli/commands/serving-banner.ts';
import { simCommand } from '../../src/cli/commands/sim.ts';
import type { Output } from '../../src/cli/io.ts';
import type { RunningMonitor } from '../../src/server/index.ts';
import { DEFAULT_SPEC_PATH } from '../../src/spec/index.ts';
import { runCli } from '../helpers/cli.ts';
import { withTempDir } from '../helpers/tools.ts';
import { startPod } from '../sim/sim-harness.ts';

function capture(): Output & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), color: false, text: () => lines.join('\n') };
}

const now = () => Promise.resolve();
const SECRET = 'file-token-that-must-never-be-printed';

describe('exposure at start-up', () => {
  it('serve refuses an empty token file and a short token beyond loopback (exit 2, naming the file)', async () =>
    withTempDir(async (dir) => {
      const empty = join(dir, 'empty-token');
      writeFileSync(empty, '  \n');
      const r = await runCli('serve', '--spec', DEFAULT_SPEC_PATH, '--db', ':memory:', '--token-file', empty);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`--token-file ${empty}: the file is empty`));
      const short = join(dir, 'short-token');
      writeFileSync(short, 'x\n');
      const s = await runCli(
        'serve',
        '--spec',
        DEFAULT_SPEC_PATH,
        '--db',
        ':memory:',
        '--host',
        '0.0.0.0',
        '--token-file',
        short,
      );
      assert.equal(s.code, 2);
      assert.match(
        s.err,
        new RegExp(
          `--token-file ${short}: the token has 1 characters; with --host 0\\.0\\.0\\.0 it needs at least 16`,
        ),
      );
      assert.doesNotMatch(s.err, /: x\b/);
    }));

  it('serve never prints a token from --token-file', async () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'token');
      writeFileSync(file, `${SECRET}\n`);
      const o = capture();
      const code = await serveCommand(
        o,
        {
          spec: DEFAULT_SPEC_PATH,
          source: 'embedded',
          db: ':memory:',
          host: '127.0.0.1',
          port: 0,
          tokenFile: file,
          scrapeGateway: [],
          scrapeInterval: 3600,
          evaluationInterval: 3600,
        },
        now,
      );
      assert.equal(code, 0, o.text());
      assert.match(o.text(), /vllm-slo UI: http:\/\/127\.0\.0\.1:\d+\/\n/);
      assert.doesNotMatch(o.text(), new RegExp(SECRET));
      assert.match(o.text(), /token of --token-file/);
    }));

  it('prints a generated token once, with how to set one instead', () => {
    const o = capture();
    const server = { url: 'http://0.0.0.0:8080', token: 'generated-abc', tokenGenerated: true, stop: now };
    printServing(o, { server, unsupported: [] } as unknown as RunningMonitor, { db: 'x.db' });
    assert.equal(o.text().split('generated-abc').length - 1, 1);
    assert.match(o.text(), /--token-file FILE/);
  });

  it('gateway and sim warn when bound beyond loopback', async () => {
    const pod = await startPod();
    try {
      const o = capture();
      const flags = {
        environment: 'production',
        upstream: [pod.url],
        host: '0.0.0.0',
        port: 0,
        probeInterval: 60,
        trustedProxies: '',
        outlierConsecutive5xx: 5,
        outlierBaseEjection: 30_000,
        outlierMaxEjection: 300_000,
        outlierMaxEjectionPercent: 10,
        panicThreshold: 0,
      };
      assert.equal(await gatewayCommand(o, flags, now), 0, o.text());
      assert.match(o.text(), /warning: listening on 0\.0\.0\.0, beyond this machine/);
      const local = capture();
      assert.equal(await gatewayCommand(local, { ...flags, host: '127.0.0.1' }, now), 0);
      assert.doesNotMatch(local.text(), /warning/);
      const bad = capture();
      assert.equal(await gatewayCommand(bad, { ...flags, trustedProxies: '10.0.0.0/40' }, now), 2);
      assert.match(bad.text(), /--trusted-proxies: expected .* got "10\.0\.0\.0\/40"/);
    } finally {
      await pod.stop();
    }
    const sim = capture();
    const code = await simCommand(
      sim,
      { pods: 1, environment: 'production', profile: '7b', port: 0, host: '0.0.0.0', timeScale: 1, seed: 1 },
      now,
    );
    assert.equal(code, 0, sim.text());
    assert.match(sim.text(), /warning: listening on 0\.0\.0\.0, beyond this machine: .*\/admin\/faults/);
  });
});
