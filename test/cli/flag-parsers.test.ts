/** The strict flag parsers: what each kind accepts, and that everything else is commander's InvalidArgumentError. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from 'commander';
import {
  count,
  dnsLabel,
  duration,
  host,
  httpUrl,
  MAX_TIMER_MS,
  nonEmpty,
  percent,
  port,
  positiveNumber,
  probability,
  readableFile,
  repeatable,
  seconds,
  storePath,
} from '../../src/cli/flag-parsers.ts';
import { environmentUrl, errorRates, upstream } from '../../src/cli/flag-parsers-compound.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cli');

/** Each bad value is refused with InvalidArgumentError, whose message says what was expected. */
function refuses(parse: (v: string) => unknown, values: readonly string[], expected: RegExp): void {
  for (const v of values)
    assert.throws(
      () => parse(v),
      (err) => err instanceof InvalidArgumentError && expected.test(err.message),
      JSON.stringify(v),
    );
}

describe('flag parsers', () => {
  it('port: decimal 0-65535 only (0 asks for a free port)', () => {
    assert.equal(port('0'), 0);
    assert.equal(port('8080'), 8080);
    assert.equal(port('65535'), 65535);
    refuses(port, ['', ' ', '0x4A4C', '1e3', '-1', '65536', '80.0', '8080 ', '+80', 'http'], /port number/);
  });

  it('duration: Prometheus syntax, above 0, at most what a timer can wait', () => {
    assert.equal(duration('30s'), 30_000);
    assert.equal(duration('1h30m'), 5_400_000);
    assert.equal(duration('24d'), 24 * 86_400_000);
    refuses(duration, ['', 'abc', '60', '5m1h', '1.5s'], /a duration like 30s/);
    refuses(duration, ['0s', '0ms', '25d', '1y'], /above 0 and at most 24d/);
  });

  it('seconds: a number of seconds or a duration, with a floor', () => {
    const interval = seconds(1000);
    assert.equal(interval('15'), 15);
    assert.equal(interval('1'), 1);
    assert.equal(interval('1.5'), 1.5);
    assert.equal(interval('2m'), 120);
    refuses(interval, ['abc', '', '0', '0s', '0.5', '500ms', '-1', '1e3', '25d', 'Infinity'], /at least 1s/);
    const delay = seconds(0);
    assert.equal(delay('0'), 0);
    assert.equal(delay('180'), 180);
    refuses(delay, ['soon', '-5', ''], /0 or more/);
    assert.ok(MAX_TIMER_MS === 2 ** 31 - 1);
  });

  it('httpUrl: http or https with a host', () => {
    assert.equal(httpUrl('http://127.0.0.1:9093'), 'http://127.0.0.1:9093');
    assert.equal(httpUrl('https://am.example/prefix'), 'https://am.example/prefix');
    refuses(httpUrl, ['notaurl', '', 'ftp://x', 'prometheus:9090', 'file:///etc/passwd', 'http://'], /http/);
  });

  it('dnsLabel: an RFC 1123 label of at most 63 characters', () => {
    assert.equal(dnsLabel('monitoring'), 'monitoring');
    assert.equal(dnsLabel('a'.repeat(63)), 'a'.repeat(63));
    assert.equal(dnsLabel('prod-1'), 'prod-1');
    refuses(dnsLabel, ['', 'Bad NS!', 'Prod', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)], /RFC 1123/);
  });

  it('nonEmpty and host', () => {
    assert.equal(nonEmpty('x'), 'x');
    refuses(nonEmpty, ['', ' ', '\t'], /non-empty/);
    for (const h of ['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost', 'vllm-0.svc.cluster.local'])
      assert.equal(host(h), h);
    refuses(host, ['', 'not a host', 'a..b', '-a', 'http://x'], /IP address/);
  });

  it('count, percent, probability and positive numbers: plain decimals in range', () => {
    assert.equal(count(1)('3'), 3);
    assert.equal(count(0)('0'), 0);
    refuses(count(1), ['0', '1.5', '-1', '', '1e3', '0x10', ' 2'], /1 or more/);
    refuses(count(0), ['-1', 'abc', '9007199254740993'], /0 or more/);
    assert.equal(percent('100'), 100);
    refuses(percent, ['101', '-1', '50%', '1.5', ''], /percentage/);
    assert.equal(probability('0'), 0);
    assert.equal(probability('0.05'), 0.05);
    assert.equal(probability('1'), 1);
    refuses(probability, ['1.5', '-0.1', 'often', '', '.5', '5e-2'], /from 0 to 1/);
    assert.equal(positiveNumber('0.5'), 0.5);
    refuses(positiveNumber, ['0', '0.0', '-1', 'Infinity', 'NaN', ''], /above 0/);
  });

  it('readableFile: a regular, readable file; storePath: not a directory', () => {
    const file = join(FIXTURES, 'empty-secret.txt');
    assert.equal(readableFile(file), file);
    refuses(readableFile, [FIXTURES, '/dev/null'], /regular file/);
    refuses(readableFile, [join(FIXTURES, 'none.txt')], /readable file \(ENOENT\)/);
    refuses(readableFile, [''], /non-empty/);
    assert.equal(storePath(':memory:'), ':memory:');
    assert.equal(storePath(join(FIXTURES, 'new.db')), join(FIXTURES, 'new.db'));
    refuses(storePath, [FIXTURES], /not a directory/);
    refuses(storePath, [''], /non-empty/);
  });

  it('the compound values: upstreams, ENV=URL, error rates, and repeatable flags', () => {
    assert.equal(upstream('http://127.0.0.1:8000'), 'http://127.0.0.1:8000');
    assert.equal(upstream('vllm-0=http://10.0.0.7:8000'), 'vllm-0=http://10.0.0.7:8000');
    refuses(upstream, ['not a url', 'vllm-0=ftp://x', ''], /http/);
    assert.equal(environmentUrl('production=http://gw:9000/metrics'), 'production=http://gw:9000/metrics');
    refuses(environmentUrl, ['nowhere', '=http://x'], /ENV=URL/);
    refuses(environmentUrl, ['Prod=http://x'], /RFC 1123/);
    refuses(environmentUrl, ['production=notaurl'], /http/);
    assert.equal(errorRates('500=0.01,503=0.002'), '500=0.01,503=0.002');
    refuses(errorRates, ['', '502=0.1', '500=2', '500=lots'], /STATUS=RATE/);
    assert.deepEqual(repeatable(port)('2', [1]), [1, 2]);
    refuses((v) => repeatable(port)(v, []), ['x'], /port number/);
  });
});
