/**
 * Every bad flag of issue 17 (section 4, "Flags"), and at least one per
 * kind of flag parser, through the real `vllm-slo` binary: exit 2 (usage),
 * a message naming the flag, no stack trace, and the process ends. Nearly
 * every row fails while commander parses, so a row costs one start of tsx.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_SPEC_PATH } from '../../src/spec/index.ts';
import { KILL_AFTER_MS, runBin } from '../helpers/cli.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cli');
const fixture = (name: string) => join(FIXTURES, name);

const UP = ['--upstream', 'http://127.0.0.1:1'];
const PROM = ['--source', 'prometheus', '--prometheus', 'http://127.0.0.1:1'];

/** [the arguments, the flag stderr must name, and what else it must say]. */
const ROWS: ReadonlyArray<readonly [string[], string, RegExp?]> = [
  // The list.
  [['status', '--env', ''], '--env'],
  [['alerts', '--env', ''], '--env'],
  [['status', '--db', ''], '--db'],
  [['serve', '--db', ''], '--db'],
  [['gateway', '--timeout', 'abc', ...UP], '--timeout'],
  [['serve', '--scrape-interval', 'abc'], '--scrape-interval'],
  [['serve', '--scrape-interval', '0'], '--scrape-interval'],
  [['serve', '--port', ''], '--port'],
  [['serve', '--port', '0x4A4C'], '--port'],
  [['sim', '--pods', '0'], '--pods'],
  [['generate', '-o', 'out', '--namespace', 'Bad NS!'], '--namespace'],
  [['serve', '--alertmanager', 'notaurl'], '--alertmanager'],
  [['gateway', '--probe-interval', '0', ...UP], '--probe-interval'],
  [['status', '--basic-auth-file', FIXTURES, ...PROM], '--basic-auth-file'],
  // --env / --environment naming what the spec lacks: the known ones are named.
  [['status', '--env', 'qa'], '--env', /no environment "qa" .*\(has production, staging, development\)/],
  [
    ['gateway', '--environment', 'qa', '--spec', DEFAULT_SPEC_PATH, ...UP],
    '--environment',
    /\(has production, staging, development\)/,
  ],
  // port
  [['gateway', '--port', '65536', ...UP], '--port'],
  [['sim', '--port', '-1'], '--port'],
  [['demo', '--port', '80.5'], '--port'],
  // durations (Prometheus syntax, above 0, within a timer's range)
  [['gateway', '--response-timeout', 'abc', ...UP], '--response-timeout'],
  [['gateway', '--connect-timeout', '0s', ...UP], '--connect-timeout'],
  [['gateway', '--idle-timeout', '30d', ...UP], '--idle-timeout'],
  [['gateway', '--total-timeout', '60', ...UP], '--total-timeout'],
  [['gateway', '--outlier-base-ejection', 'soon', ...UP], '--outlier-base-ejection'],
  // intervals with a floor of 1s, and delays of 0 or more
  [['serve', '--evaluation-interval', '500ms'], '--evaluation-interval'],
  [['demo', '--incident-after', 'soon'], '--incident-after'],
  [['sim', '--slow-start', '-5'], '--slow-start'],
  // URLs
  [['serve', '--webhook', 'ftp://hooks.example/x'], '--webhook'],
  [['status', '--source', 'prometheus', '--prometheus', 'prometheus:9090'], '--prometheus'],
  // Credentials in a rejected URL are not echoed; a malformed escape in them is not a crash (was exit 1, "URI malformed").
  [
    ['status', '--source', 'prometheus', '--prometheus', 'ftp://admin:hunter2@prom:9090'],
    '--prometheus',
    /argument 'ftp:\/\/\*\*\*@prom:9090' is invalid/,
  ],
  [
    ['status', '--source', 'prometheus', '--prometheus', 'http://us%zz:pw@127.0.0.1:1'],
    'cannot reach Prometheus at http://127.0.0.1:1',
  ],
  [['serve', '--scrape-gateway', 'production=notaurl'], '--scrape-gateway'],
  [['gateway', '--upstream', 'not a url'], '--upstream'],
  // RFC 1123 names
  [['sim', '--environment', 'Prod'], '--environment'],
  // non-empty strings, hosts
  [['generate', '-o', ''], '--out'],
  [['validate', ''], 'file'],
  [['sim', '--model', ' '], '--model'],
  [['gateway', '--spec', '', ...UP], '--spec'],
  [['serve', '--host', 'not a host'], '--host'],
  // counts, percentages, probabilities, positive numbers
  [['sim', '--max-num-seqs', '0'], '--max-num-seqs'],
  [['serve', '--sample-limit', '1e5'], '--sample-limit'],
  [['gateway', '--outlier-max-ejection-percent', '150', ...UP], '--outlier-max-ejection-percent'],
  [['gateway', '--panic-threshold', '-1', ...UP], '--panic-threshold'],
  [['sim', '--stream-cut-rate', '1.5'], '--stream-cut-rate'],
  [['sim', '--time-scale', '0'], '--time-scale'],
  [['sim', '--latency-multiplier', 'Infinity'], '--latency-multiplier'],
  [['sim', '--errors', ''], '--errors'],
  [['gateway', '--trusted-proxies', '10.0.0.0/40', ...UP], '--trusted-proxies'],
  // files that must be regular and readable, secrets that must not be empty
  [['sim', '--faults-file', FIXTURES], '--faults-file'],
  [['status', '--bearer-token-file', fixture('none.txt'), ...PROM], '--bearer-token-file'],
  [['serve', '--token-file', fixture('empty-secret.txt')], '--token-file'],
  [['gateway', '--api-key-file', fixture('empty-secret.txt'), ...UP], '--api-key-file', /the file is empty/],
  [['gateway', '--api-key-file', fixture('blank-secret.txt'), ...UP], '--api-key-file', /the file is empty/],
  [['status', '--basic-auth-file', fixture('basic-auth-no-colon.txt'), ...PROM], '--basic-auth-file'],
  // alerts reads Prometheus as status does, credentials included (it had no such flags).
  [
    ['alerts', '--bearer-token-file', fixture('empty-secret.txt'), ...PROM],
    '--bearer-token-file',
    /the file is empty/,
  ],
  [
    ['alerts', '--basic-auth-file', fixture('basic-auth-no-colon.txt'), ...PROM],
    '--basic-auth-file',
    /user:password/,
  ],
  [['status', '--db', FIXTURES], '--db'],
];

describe('bad flags: exit 2 at start, naming the flag, without a stack trace', { concurrency: 2 }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vllm-slo-bad-flags-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  for (const [args, flag, says] of ROWS) {
    it(`vllm-slo ${args.map((a) => JSON.stringify(a)).join(' ')}`, async () => {
      const r = await runBin(args, cwd);
      assert.equal(r.killed, false, `still running after ${KILL_AFTER_MS} ms`);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(flag), `stderr names ${flag}: ${r.stderr}`);
      if (says) assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /^\s{4}at /m, 'no stack trace');
    });
  }
});

describe('an output directory that cannot be created', { concurrency: 2 }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vllm-slo-bad-dirs-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  // Node's recursive mkdir spun for ever under /proc (make-dirs.ts); a failed write is exit 1.
  for (const args of [
    ['generate', DEFAULT_SPEC_PATH, '-o', '/proc/nope'],
    ['serve', '--db', '/proc/nope/slo.db', '--port', '0'],
  ])
    it(`vllm-slo ${args.join(' ')} ends, exit 1, naming the directory`, async () => {
      const r = await runBin(args, cwd);
      assert.equal(r.killed, false, `still running after ${KILL_AFTER_MS} ms`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^\/proc\/nope: cannot create the directory \(ENOENT\)$/m);
      assert.doesNotMatch(r.stderr, /^\s{4}at /m, 'no stack trace');
    });
});
