/**
 * The simulator's vLLM-native /metrics, read back from the exposition text:
 * names, types, help, labels and bucket bounds as vllm/v1/metrics/loggers.py
 * registers them, hand-computed observations, status grouping, scrape-time
 * gauges and counters, and promtool's verdict on the names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  VLLM_INTER_TOKEN_BUCKETS,
  VLLM_REQUEST_LATENCY_BUCKETS,
  VLLM_TTFT_BUCKETS,
} from '../../src/promql/vllm-buckets.ts';
import type { EngineStats, FinishedRequest } from '../../src/sim/engine-types.ts';
import { VllmMetrics } from '../../src/sim/vllm-metrics.ts';
import { runTool } from '../helpers/tools.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  help: string;
  type: string;
  samples: Sample[];
}

/** A small parser for the Prometheus text format (what a scraper reads). */
function parse(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    const f = families.get(name) ?? { help: '', type: '', samples: [] };
    families.set(name, f);
    return f;
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta?.[2] !== undefined && meta[3] !== undefined) {
      if (meta[1] === 'HELP') family(meta[2]).help = meta[3];
      else family(meta[2]).type = meta[3];
      continue;
    }
    if (line === '') continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m?.[1] !== undefined && m[3] !== undefined, `unparsable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    const base = families.has(m[1]) ? m[1] : m[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(families.has(base), `sample before its TYPE: ${line}`);
    family(base).samples.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return families;
}

function fam(fs: Map<string, Family>, name: string): Family {
  const f = fs.get(name);
  assert.ok(f, `${name} missing`);
  return f;
}

/** The value of the one sample named `name` whose labels include `match`. */
function value(fs: Map<string, Family>, name: string, match: Record<string, string> = {}): number {
  const base = fs.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
  const hits = fam(fs, base).samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
  assert.equal(hits.length, 1, `${name} ${JSON.stringify(match)}: ${hits.length} samples`);
  return hits[0]?.value ?? Number.NaN;
}

const HISTOGRAMS: Record<string, [string, readonly number[]]> = {
  'vllm:e2e_request_latency_seconds': [
    'Histogram of e2e request latency in seconds.',
    VLLM_REQUEST_LATENCY_BUCKETS,
  ],
  'vllm:time_to_first_token_seconds': ['Histogram of time to first token in seconds.', VLLM_TTFT_BUCKETS],
  'vllm:inter_token_latency_seconds': [
    'Histogram of inter-token latency in seconds.',
    VLLM_INTER_TOKEN_BUCKETS,
  ],
  'vllm:request_queue_time_seconds': [
    'Histogram of time spent in WAITING phase for request.',
    VLLM_REQUEST_LATENCY_BUCKETS,
  ],
  'vllm:request_prefill_time_seconds': [
    'Histogram of time spent in PREFILL phase for request.',
    VLLM_REQUEST_LATENCY_BUCKETS,
  ],
  'vllm:request_decode_time_seconds': [
    'Histogram of time spent in DECODE phase for request.',
    VLLM_REQUEST_LATENCY_BUCKETS,
  ],
};
const SCALARS: Record<string, [string, string]> = {
  'vllm:num_requests_running': ['gauge', 'Number of requests in model execution batches.'],
  'vllm:num_requests_waiting': ['gauge', 'Number of requests waiting to be processed.'],
  'vllm:kv_cache_usage_perc': ['gauge', 'KV-cache usage. 1 means 100 percent usage.'],
  'vllm:prompt_tokens_total': ['counter', 'Number of prefill tokens processed.'],
  'vllm:generation_tokens_total': ['counter', 'Number of generation tokens processed.'],
  'vllm:request_success_total': ['counter', 'Count of successfully processed requests.'],
  'vllm:num_preemptions_total': ['counter', 'Cumulative number of preemption from the engine.'],
};
const VLLM_NAMES = [...Object.keys(SCALARS), ...Object.keys(HISTOGRAMS)];

function metrics(stats: Partial<EngineStats> = {}, engine?: string) {
  const s: EngineStats = { running: 0, waiting: 0, kvCacheUsage: 0, preemptions: 0, ...stats };
  const m = new VllmMetrics({ modelName: 'llama-3-8b', stats: () => s, ...(engine ? { engine } : {}) });
  return { m, s, scrape: async () => parse(await m.text()) };
}

function finished(over: Partial<FinishedRequest>): FinishedRequest {
  const base = { id: 'r', reason: 'stop' as const, promptTokens: 0, generatedTokens: 0, preemptions: 0 };
  return { ...base, arrival: 0, scheduled: 0, firstToken: 0, finished: 0, interTokenMs: [], ...over };
}

describe('VllmMetrics exposition', () => {
  it("exposes vLLM's names, types, help and model_name/engine labels, every series from the start", async () => {
    const fs = await metrics().scrape();
    assert.deepEqual([...fs.keys()].sort(), [...VLLM_NAMES, 'http_requests_total'].sort());
    for (const [name, [type, help]] of Object.entries(SCALARS)) {
      assert.deepEqual([fam(fs, name).type, fam(fs, name).help], [type, help], name);
    }
    for (const [name, [help]] of Object.entries(HISTOGRAMS)) {
      assert.deepEqual([fam(fs, name).type, fam(fs, name).help], ['histogram', help], name);
    }
    for (const name of VLLM_NAMES) {
      const samples = fam(fs, name).samples;
      assert.ok(samples.length > 0, `${name} has no series before any request`);
      for (const s of samples) {
        const { le: _le, finished_reason: _r, ...rest } = s.labels;
        assert.deepEqual(rest, { model_name: 'llama-3-8b', engine: '0' }, `${s.name}`);
      }
    }
    const reasons = fam(fs, 'vllm:request_success_total').samples.map((s) => s.labels.finished_reason);
    assert.deepEqual(reasons.sort(), ['abort', 'error', 'length', 'stop']);
    assert.equal(fam(fs, 'http_requests_total').type, 'counter');
    const other = await metrics({}, '3').scrape();
    assert.equal(fam(other, 'vllm:prompt_tokens_total').samples[0]?.labels.engine, '3');
  });

  it('writes exactly vLLM\'s bucket bounds, integral ones as Python does (le="5.0")', async () => {
    const fs = await metrics().scrape();
    for (const [name, [, buckets]] of Object.entries(HISTOGRAMS)) {
      const les = fam(fs, name)
        .samples.filter((s) => s.name === `${name}_bucket`)
        .map((s) => s.labels.le);
      const expected = buckets.map((b) => (Number.isInteger(b) ? `${b}.0` : String(b)));
      assert.deepEqual(les, [...expected, '+Inf'], name);
    }
  });
});

describe('VllmMetrics.observeFinished', () => {
  it('records tokens, reasons and each phase in seconds, skipping phases a request never reached', async () => {
    const { m, scrape } = metrics();
    // Completed: e2e 2 s, queue 0.25 s, prefill 0.5 s, decode 1.25 s, TTFT 0.75 s, gaps 0.25/0.5/0.5 s.
    m.observeFinished(
      finished({
        promptTokens: 100,
        generatedTokens: 4,
        arrival: 1000,
        scheduled: 1250,
        firstToken: 1750,
        finished: 3000,
        interTokenMs: [250, 500, 500],
      }),
    );
    // Aborted while waiting: only e2e (5 s); no prompt tokens (never prefilled).
    m.observeFinished(
      finished({
        reason: 'abort',
        promptTokens: 50,
        arrival: 0,
        scheduled: undefined,
        firstToken: undefined,
        finished: 5000,
      }),
    );
    // Aborted mid-prefill: queue 0.5 s and e2e 1 s; no prompt tokens (vLLM counts them with the first token).
    m.observeFinished(
      finished({
        reason: 'abort',
        promptTokens: 70,
        arrival: 0,
        scheduled: 500,
        firstToken: undefined,
        finished: 1000,
      }),
    );
    // Aborted while decoding: its prompt and its 2 tokens count.
    m.observeFinished(
      finished({
        reason: 'abort',
        promptTokens: 30,
        generatedTokens: 2,
        arrival: 0,
        scheduled: 0,
        firstToken: 125,
        finished: 625,
        interTokenMs: [500],
      }),
    );
    const fs = await scrape();
    const success = (r: string) => value(fs, 'vllm:request_success_total', { finished_reason: r });
    assert.deepEqual([success('stop'), success('length'), success('abort')], [1, 0, 3]);
    assert.equal(value(fs, 'vllm:prompt_tokens_total'), 130);
    assert.equal(value(fs, 'vllm:generation_tokens_total'), 6);
    const h = (name: string) => ({
      count: value(fs, `vllm:${name}_count`),
      sum: value(fs, `vllm:${name}_sum`),
    });
    assert.deepEqual(h('e2e_request_latency_seconds'), { count: 4, sum: 2 + 5 + 1 + 0.625 });
    assert.deepEqual(h('request_queue_time_seconds'), { count: 3, sum: 0.25 + 0.5 + 0 });
    assert.deepEqual(h('request_prefill_time_seconds'), { count: 2, sum: 0.5 + 0.125 });
    assert.deepEqual(h('request_decode_time_seconds'), { count: 2, sum: 1.25 + 0.5 });
    assert.deepEqual(h('time_to_first_token_seconds'), { count: 2, sum: 0.75 + 0.125 });
    assert.deepEqual(h('inter_token_latency_seconds'), { count: 4, sum: 0.25 + 0.5 + 0.5 + 0.5 });
    const bucket = (name: string, le: string) => value(fs, `vllm:${name}_bucket`, { le });
    assert.deepEqual(
      ['0.8', '1.0', '2.0', '2.5', '5.0', '+Inf'].map((le) => bucket('e2e_request_latency_seconds', le)),
      [1, 2, 3, 3, 4, 4],
    );
    assert.deepEqual(
      ['0.1', '0.25', '0.5', '0.75'].map((le) => bucket('time_to_first_token_seconds', le)),
      [0, 1, 1, 2],
    );
    assert.deepEqual(
      ['0.2', '0.3', '0.4', '0.5'].map((le) => bucket('inter_token_latency_seconds', le)),
      [0, 1, 1, 4],
    );
  });
});

describe('VllmMetrics scrape-time state', () => {
  it('groups HTTP statuses into classes per handler and method, without model labels', async () => {
    const { m, scrape } = metrics();
    for (const status of [200, 200, 201, 400, 404, 429, 500, 503])
      m.countHttp('/v1/chat/completions', 'POST', status);
    m.countHttp('/v1/models', 'GET', 200);
    const fs = await scrape();
    const http = (handler: string, method: string, status: string) =>
      value(fs, 'http_requests_total', { handler, method, status });
    assert.equal(http('/v1/chat/completions', 'POST', '2xx'), 3);
    assert.equal(http('/v1/chat/completions', 'POST', '4xx'), 3);
    assert.equal(http('/v1/chat/completions', 'POST', '5xx'), 2);
    assert.equal(http('/v1/models', 'GET', '2xx'), 1);
    const samples = fam(fs, 'http_requests_total').samples;
    assert.equal(samples.length, 4);
    for (const s of samples) assert.deepEqual(Object.keys(s.labels).sort(), ['handler', 'method', 'status']);
  });

  it('reads the gauges from stats() at every scrape', async () => {
    const { s, scrape } = metrics({ running: 3, waiting: 7, kvCacheUsage: 0.25 });
    const read = async () => {
      const fs = await scrape();
      return ['running', 'waiting']
        .map((k) => value(fs, `vllm:num_requests_${k}`))
        .concat(value(fs, 'vllm:kv_cache_usage_perc'));
    };
    assert.deepEqual(await read(), [3, 7, 0.25]);
    Object.assign(s, { running: 0, waiting: 1, kvCacheUsage: 1 });
    assert.deepEqual(await read(), [0, 1, 1]);
  });

  it('adds the preemptions since the last scrape, once', async () => {
    const { s, scrape } = metrics();
    const read = async () => value(await scrape(), 'vllm:num_preemptions_total');
    assert.equal(await read(), 0);
    s.preemptions = 3;
    assert.equal(await read(), 3);
    assert.equal(await read(), 3);
    s.preemptions = 5;
    assert.equal(await read(), 5);
    // A replaced engine restarts its count at 0; the exported counter keeps rising.
    s.preemptions = 2;
    assert.equal(await read(), 7);
  });
});

describe('promtool check metrics', () => {
  it("finds nothing beyond the colons in vLLM's own names", async () => {
    const { m } = metrics({ running: 1, preemptions: 2 });
    m.observeFinished(finished({ promptTokens: 10, generatedTokens: 2, finished: 900, interTokenMs: [450] }));
    m.countHttp('/v1/completions', 'POST', 200);
    const r = runTool('promtool', ['check', 'metrics'], { input: await m.text() });
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    const expected = VLLM_NAMES.map((n) => `${n} metric names should not contain ':'`);
    assert.deepEqual(lines.sort(), expected.sort());
    // 3 is promtool's exit code for lint problems; 1 would be a parse error.
    assert.equal(r.status, 3);
  });
});
