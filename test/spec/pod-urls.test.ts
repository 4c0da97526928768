/**
 * Spec pod URLs (src/spec/pod-urls.ts) agree with the gateway's upstream
 * parser, which `gateway` and `serve` feed them to: every list validate
 * accepts, parseUpstreams accepts, and every list it refuses, validate refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseUpstreams } from '../../src/gateway/pod-upstreams.ts';
import { defaultSpecText, formatProblem, parseSpec } from '../../src/spec/index.ts';

function specWithPods(pods: readonly string[]) {
  const text = defaultSpecText().replace(
    '    podRegex: ".*-production-.*"',
    `    pods: ${JSON.stringify(pods)}\n    podRegex: ".*-production-.*"`,
  );
  return parseSpec(text, 'slo.yaml');
}

const ACCEPTED: string[][] = [
  ['http://vllm-0.vllm:8000'],
  ['https://vllm.example.com/prefix/', 'http://vllm.example.com:8001'],
  ['http://[::1]:8000', 'http://127.0.0.1:8000'],
];

const REFUSED: string[][] = [
  ['ftp://vllm-0.vllm:8000'],
  ['file:///etc/passwd'],
  ['http://user:secret@vllm-0:8000'],
  ['http://vllm-0:8000/?debug=1'],
  ['http://vllm-0:8000/#top'],
  ['http:vllm-0:8000'],
  ['vllm-0:8000'],
  ['http://vllm-0:8000', 'http://vllm-0:8000/'],
  ['http://vllm-0:80', 'http://vllm-0/v1'],
];

describe('spec pod URLs and the gateway agree', () => {
  for (const pods of ACCEPTED)
    test(`accepted: ${pods.join(' ')}`, () => {
      const r = specWithPods(pods);
      assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), []);
      assert.equal(parseUpstreams(pods).length, pods.length);
    });
  for (const pods of REFUSED)
    test(`refused: ${pods.join(' ')}`, () => {
      assert.throws(() => parseUpstreams(pods));
      const r = specWithPods(pods);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.problems.length, 1, r.problems.map(formatProblem).join('\n'));
      assert.match(formatProblem(r.problems[0] ?? assert.fail()), /environments\.production\.pods\[\d\]: /);
    });
});
