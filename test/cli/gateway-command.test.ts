/** `vllm-slo gateway`: flags, spec-derived buckets, and a clean stop on SIGINT. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Output } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_SPEC_PATH } from '../../src/spec/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { raw, startPod } from '../sim/sim-harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');

async function run(...args: string[]) {
  const err: string[] = [];
  const o: Output = { out: () => {}, err: (l) => err.push(l), color: false };
  return { code: await main(['node', 'vllm-slo', 'gateway', ...args], o), err: err.join('\n') };
}

describe('vllm-slo gateway', () => {
  it('needs upstreams, a valid upstream URL and an environment the spec has', async () => {
    const none = await run('--port', '0');
    assert.equal(none.code, 2);
    assert.match(none.err, /no upstream pods/);
    assert.equal((await run('--upstream', 'not a url', '--port', '0')).code, 2);
    const env = await run(
      '--spec',
      DEFAULT_SPEC_PATH,
      '--environment',
      'qa',
      '--upstream',
      'http://127.0.0.1:1',
    );
    // A flag naming an environment the spec lacks is a usage error (exit 2), as status --env.
    assert.equal(env.code, 2);
    assert.match(
      env.err,
      /--environment: no environment "qa" in .* \(has production, staging, development\)/,
    );
  });

  it('refuses outlier flags that make no sense, naming the flag or option', async () => {
    const up = ['--upstream', 'http://127.0.0.1:1', '--port', '0'];
    const duration = await run(...up, '--outlier-base-ejection', 'soon');
    assert.equal(duration.code, 2);
    assert.match(
      duration.err,
      /'--outlier-base-ejection <duration>' argument 'soon' is invalid\. expected a duration like 30s/,
    );
    const percent = await run(...up, '--outlier-max-ejection-percent', '150');
    assert.equal(percent.code, 2);
    assert.match(
      percent.err,
      /'--outlier-max-ejection-percent <n>' argument '150' is invalid\. expected a whole percentage/,
    );
  });

  it('refuses timeouts that are not durations above 0 and at most 24 days (usage error, exit 2)', async () => {
    const up = ['--upstream', 'http://127.0.0.1:1', '--port', '0'];
    for (const [flag, value, message] of [
      [
        '--response-timeout',
        'abc',
        /'--response-timeout <duration>' argument 'abc' is invalid\. expected a duration like 30s/,
      ],
      ['--idle-timeout', '', /'--idle-timeout <duration>' argument '' is invalid\. expected a duration/],
      [
        '--connect-timeout',
        '0s',
        /'--connect-timeout <duration>' argument '0s' is invalid\. expected a duration above 0/,
      ],
      [
        '--total-timeout',
        '60',
        /'--total-timeout <duration>' argument '60' is invalid\. expected a duration/,
      ],
      [
        '--total-timeout',
        '30d',
        /'--total-timeout <duration>' argument '30d' is invalid\. expected a duration above 0 and at most 24d/,
      ],
    ] as const) {
      const r = await run(...up, flag, value);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.match(r.err, message);
    }
    // The old single --timeout (seconds) is gone: an unknown option is a usage error too.
    assert.equal((await run(...up, '--timeout', '600')).code, 2);
  });

  it('refuses an empty --api-key-file, and a short key beyond loopback, as serve --token-file', async () => {
    await withTempDir(async (dir) => {
      const up = ['--upstream', 'http://127.0.0.1:1', '--port', '0'];
      const empty = join(dir, 'empty');
      writeFileSync(empty, ' \n');
      const r = await run(...up, '--api-key-file', empty);
      assert.equal(r.code, 2);
      assert.match(r.err, /--api-key-file .*empty: the file is empty \(expected the API key clients send/);
      const short = join(dir, 'short');
      writeFileSync(short, 'k\n');
      const exposed = await run(...up, '--host', '0.0.0.0', '--api-key-file', short);
      assert.equal(exposed.code, 2);
      assert.match(exposed.err, /the key has 1 characters; with --host 0\.0\.0\.0 it needs at least 16/);
      assert.doesNotMatch(exposed.err, /\bk\b/, 'the key is never printed');
    });
  });

  it('serves with buckets from the spec, and drains and stops on SIGINT', async () => {
    const pod = await startPod();
    const child = spawn(
      process.execPath,
      [
        BIN,
        'gateway',
        '--spec',
        DEFAULT_SPEC_PATH,
        '--upstream',
        `vllm-production-0=${pod.url}`,
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 100 && !/gateway for production at (\S+)/.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      const url = /gateway for production at (\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.match(out, /vllm-production-0 {2}http:\/\/127\.0\.0\.1:\d+ {2}up/);
      const done = await raw(`${url}/v1/chat/completions`, {
        body: JSON.stringify({
          model: pod.model,
          messages: [{ role: 'user', content: 'hi' }],
          max_tokens: 2,
        }),
      });
      assert.equal(done.status, 200);
      const metrics = (await raw(`${url}/metrics`)).body;
      // The default spec's production thresholds: latency 3 s and 6 s, TTFT 500 ms.
      assert.match(metrics, /vllm_request_duration_seconds_bucket\{le="6",/);
      assert.match(metrics, /vllm_time_to_first_token_seconds_bucket\{le="0.5",/);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(out, /stopped/);
    } finally {
      child.kill('SIGKILL');
      await pod.stop();
    }
  });
});
