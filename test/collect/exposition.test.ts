/**
 * The text-format parser: a hand-made exposition with escapes, special
 * values, timestamps and bad lines (reported by line number, skipped), a
 * real exposition from the simulator, and inputs that must not throw.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseExposition, parseSampleValue } from '../../src/collect/index.ts';
import { profile, SimPod, seededRng } from '../../src/sim/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/collect/${name}`, import.meta.url), 'utf8');

describe('parseExposition on the tricky fixture', () => {
  const exp = parseExposition(fixture('tricky.prom'));
  const odd = (kind: string) => exp.samples.find((s) => s.name === 'odd' && s.labels.kind === kind);

  it('unescapes backslash, quote and newline in label values', () => {
    const s = exp.samples.find((x) => x.name === 'escaped_total');
    assert.deepEqual(s, {
      name: 'escaped_total',
      labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' },
      value: 3,
    });
  });

  it('reads NaN, +Inf, -Inf, exponents and timestamps', () => {
    assert.ok(Number.isNaN(odd('nan')?.value));
    assert.equal(odd('pinf')?.value, Number.POSITIVE_INFINITY);
    assert.equal(odd('ninf')?.value, Number.NEGATIVE_INFINITY);
    assert.equal(odd('exp')?.value, 1500);
    assert.deepEqual(odd('ts'), { name: 'odd', labels: { kind: 'ts' }, value: 42, timestamp: 1712345678901 });
  });

  it('accepts a trailing comma, spaces inside braces, no labels and empty braces', () => {
    assert.equal(odd('trailing')?.value, 7);
    assert.equal(odd('spaced')?.value, 8);
    assert.deepEqual(
      exp.samples.filter((s) => s.name === 'no_labels' || s.name === 'empty_labels').map((s) => s.value),
      [9, 10],
    );
    assert.equal(exp.samples.find((s) => s.name === 'unicode')?.labels.name, 'données ✓');
  });

  it('records TYPE lines, refusing a second one and unknown types', () => {
    assert.deepEqual(
      [...exp.types],
      [
        ['escaped_total', 'counter'],
        ['odd', 'gauge'],
      ],
    );
  });

  it('reports each bad line by number and keeps the good ones', () => {
    assert.deepEqual(
      exp.problems.map((p) => p.replace(/:.*/, '')),
      ['line 16', 'line 17', 'line 18', 'line 19', 'line 20', 'line 21', 'line 22', 'line 23', 'line 26'],
    );
    assert.match(exp.problems[1] ?? '', /bad value "twelve" for bad_value/);
    assert.match(exp.problems[2] ?? '', /unterminated value of label a/);
    assert.match(exp.problems[3] ?? '', /second TYPE line for odd/);
    assert.match(exp.problems[5] ?? '', /label a repeated/);
    assert.match(exp.problems[8] ?? '', /bad value "0x1f"/);
    assert.equal(exp.samples.length, 11);
  });
});

describe('parseExposition robustness', () => {
  it('handles CRLF line ends', () => {
    const exp = parseExposition('# TYPE a_total counter\r\na_total{x="1"} 2\r\n');
    assert.deepEqual(exp.problems, []);
    assert.deepEqual(exp.samples, [{ name: 'a_total', labels: { x: '1' }, value: 2 }]);
  });

  it('never throws on random bytes, and caps the problem list', () => {
    const rng = seededRng(7);
    const alphabet = 'ab_:{}="\\, \n#0.9e+-InfNaTYPE\t';
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0; i < 400; i++) text += alphabet[Math.floor(rng.next() * alphabet.length)];
      const exp = parseExposition(text);
      assert.ok(exp.problems.length <= 51);
    }
    const html = parseExposition('<html>\n'.repeat(500));
    assert.equal(html.problems.length, 51);
    assert.equal(html.problems.at(-1), '... and 450 more bad lines');
  });

  it('reads values as Go ParseFloat does, and nothing more', () => {
    assert.equal(parseSampleValue('5.0'), 5);
    assert.equal(parseSampleValue('+Inf'), Number.POSITIVE_INFINITY);
    assert.equal(parseSampleValue('-inf'), Number.NEGATIVE_INFINITY);
    assert.equal(parseSampleValue('.5e-3'), 0.0005);
    for (const bad of ['', 'Infinityx', '0x10', '1_000', 'five'])
      assert.equal(parseSampleValue(bad), undefined);
  });
});

describe('parseExposition on the simulator /metrics', () => {
  it('parses every line of a vLLM-like exposition after real requests', async () => {
    const pod = new SimPod({ name: 'vllm-parse-0', profile: profile('bench'), port: 0, seed: 1 });
    const url = await pod.start();
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: pod.model,
            messages: [{ role: 'user', content: 'hi' }],
            max_tokens: 4,
          }),
        });
        assert.equal(res.status, 200);
        await res.text();
      }
      const text = await (await fetch(`${url}/metrics`)).text();
      const exp = parseExposition(text);
      assert.deepEqual(exp.problems, []);
      const sampleLines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      assert.equal(exp.samples.length, sampleLines.length);
      assert.equal(exp.types.get('vllm:e2e_request_latency_seconds'), 'histogram');
      assert.equal(exp.types.get('vllm:request_success_total'), 'counter');
      const finished = exp.samples.find(
        (s) => s.name === 'vllm:request_success_total' && s.labels.finished_reason === 'length',
      );
      assert.deepEqual(finished?.labels, { model_name: pod.model, engine: '0', finished_reason: 'length' });
      assert.equal(finished?.value, 3);
      const count = exp.samples.find((s) => s.name === 'vllm:e2e_request_latency_seconds_count');
      assert.equal(count?.value, 3);
      // vLLM writes integral bounds as Python floats; the parser keeps label text as written.
      assert.ok(exp.samples.some((s) => s.labels.le === '5.0'));
    } finally {
      await pod.stop();
    }
  });
});
