/**
 * Issue 10, section 6: `status` (text and --json), its exit code and the
 * API's status document give every objective the same state over the same
 * store (the UI shows the API's, checked in test/ui/browser.test.ts). The
 * store: production steady and fine, staging a burst that fires a burn pair
 * while its 7-day availability still meets 99 % (warning; its 5-minute
 * error rate breached), development without traffic (no data).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Output } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import type { StatusDocument } from '../../src/engine/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { measurement } from '../store/store-helpers.ts';

// Real time: the CLI reads the store at Date.now().
const AT = Date.now();
let dir = '';
let db = '';

async function cli(...args: string[]) {
  const out: string[] = [];
  const o: Output = { out: (l) => out.push(l), err: (l) => out.push(l), color: false };
  const code = await main(['node', 'vllm-slo', ...args, '--db', db], o);
  return { code, out: out.join('\n') };
}

function states(doc: StatusDocument): Record<string, string> {
  return Object.fromEntries(
    doc.environments.flatMap((e) => e.objectives.map((o) => [`${e.environment}/${o.name}`, o.state])),
  );
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vllm-slo-agree-'));
  db = join(dir, 'slo.db');
  const store = SloStore.open(db);
  for (let i = 0; i < 24_000; i++) {
    if (i < 6000) store.record(measurement(AT - 30_000 - i * 1200, 300, { pod: 'vllm-production-0' }));
    // Staging: 1,000 good requests an hour over the day before...
    store.record(measurement(AT - 30_000 - i * 3600, 300, { environment: 'staging', pod: 'vllm-staging-0' }));
  }
  // ... and a burst of 200 in the last minute, half of them failing: 0.4 % of the week's requests.
  for (let i = 0; i < 200; i++)
    store.record(
      measurement(AT - 1000 - (i % 50) * 1000, 300, {
        environment: 'staging',
        pod: 'vllm-staging-0',
        ...(i % 2 === 0
          ? { status: 500, errorClass: 'server' as const, errorType: 'internal' as const }
          : {}),
      }),
    );
  store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI, API and exit code agree on the objective states', () => {
  let server: RunningServer;
  let store: SloStore;
  after(async () => {
    await server?.stop();
    store?.close();
  });

  it('status --json, the status table and /api/v1/status give the same state to every objective', async () => {
    const json = await cli('status', '--json');
    const doc = JSON.parse(json.out) as StatusDocument;
    const cliStates = states(doc);
    assert.equal(cliStates['production/availability'], 'ok');
    assert.equal(
      cliStates['staging/availability'],
      'warning',
      'a burn pair fires, 99.6 % over 7d meets 99 %',
    );
    assert.equal(cliStates['staging/error-rate'], 'breached');
    assert.equal(cliStates['development/availability'], 'no-data');

    store = SloStore.open(db);
    server = await startServer({
      spec: defaultSpec(),
      source: new EmbeddedSource(store),
      now: () => Date.now(),
    });
    const api = (await (await fetch(`${server.url}/api/v1/status`)).json()) as StatusDocument;
    assert.deepEqual(states(api), cliStates);

    const text = await cli('status');
    const words = { ok: 'OK', warning: 'WARNING', breached: 'BREACHED', 'no-data': 'NO DATA' } as const;
    for (const [id, state] of Object.entries(cliStates)) {
      const [env, name] = id.split('/');
      if (state === 'undetermined') continue;
      const section = text.out.split('\n\n').find((s) => s.startsWith(env ?? ''));
      const row = section?.split('\n').find((l) => l.startsWith(`${name} `));
      assert.ok(row?.trimEnd().endsWith(words[state as keyof typeof words]), `${id}: ${row}`);
    }
    assert.equal(json.code, 1);
    assert.equal(text.code, 1);
    assert.match(text.out, /overall: BREACHED.*\(exit 1\)/);
  });

  it('exit codes: 4 warning, 3 no data, 0 all fine, with the precedence breached > warning > no data', async () => {
    // Staging alone holds a breach (error rate over 5m) and a warning; production alone is fine.
    assert.equal((await cli('status', '--env', 'staging')).code, 1);
    assert.equal((await cli('status', '--env', 'production')).code, 0);
    const none = await cli('status', '--env', 'development');
    assert.equal(none.code, 3, 'every objective NO DATA is not success');
    assert.match(none.out, /NO DATA/);
    assert.match(none.out, /overall: NO DATA.*\(exit 3\)/);
  });
});
