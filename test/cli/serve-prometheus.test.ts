/**
 * `serve --source prometheus` (issue 11): the UI and API over a Prometheus
 * running the generated rules, with no store, collector or alert loop; the
 * flags that only the embedded mode uses, a missing --prometheus and an
 * unreachable server are usage errors (exit 2) before anything listens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ServeFlags, serveCommand } from '../../src/cli/commands/serve.ts';
import type { Output } from '../../src/cli/io.ts';
import { DEFAULT_SPEC_PATH } from '../../src/spec/index.ts';
import { runCli } from '../helpers/cli.ts';
import { freePort, startPrometheus } from '../helpers/prometheus.ts';

function capture(): Output & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), color: false, text: () => lines.join('\n') };
}

function flags(prometheus: string, extra: Partial<ServeFlags> = {}): ServeFlags {
  return {
    spec: DEFAULT_SPEC_PATH,
    source: 'prometheus',
    prometheus,
    db: ':memory:',
    host: '127.0.0.1',
    port: 0,
    scrapeGateway: [],
    scrapeInterval: 15,
    evaluationInterval: 30,
    ...extra,
  };
}

describe('serve --source prometheus', () => {
  it('needs --prometheus, and refuses the embedded-only flags (exit 2)', async () => {
    const r = await runCli('serve', '--spec', DEFAULT_SPEC_PATH, '--source', 'prometheus');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /--source prometheus needs --prometheus URL/);
    for (const extra of [
      { scrapeGateway: ['production=http://127.0.0.1:1/metrics'] },
      { alertmanager: 'http://127.0.0.1:1' },
      { webhook: 'http://127.0.0.1:1' },
    ]) {
      const o = capture();
      assert.equal(await serveCommand(o, flags('http://127.0.0.1:1', extra), () => Promise.resolve()), 2);
      assert.match(o.text(), /applies to --source embedded only/);
    }
  });

  it('exits 2 naming the URL when Prometheus cannot be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const o = capture();
    assert.equal(await serveCommand(o, flags(url), () => Promise.resolve()), 2);
    assert.match(o.text(), new RegExp(`vllm-slo serve: cannot reach Prometheus at ${url}`));
    assert.doesNotMatch(o.text(), /vllm-slo UI/);
  });

  it('serves the API over Prometheus until stopped', async () => {
    const prom = await startPrometheus([]);
    try {
      const o = capture();
      let answered: unknown;
      const until = async () => {
        const url = /vllm-slo UI: (\S+)\//.exec(o.text())?.[1];
        const config = (await (await fetch(`${url}/api/v1/config`)).json()) as { source: string };
        const alerts = await fetch(`${url}/api/v1/alerts`);
        const status = await fetch(`${url}/api/v1/status`);
        answered = [config.source, alerts.status, status.status];
      };
      assert.equal(await serveCommand(o, flags(prom.url), until), 0, o.text());
      assert.deepEqual(answered, ['prometheus', 200, 200]);
      assert.match(o.text(), /Prometheus at http:\/\/127\.0\.0\.1/);
      assert.doesNotMatch(o.text(), /scraping/);
    } finally {
      await prom.stop();
    }
  });
});
