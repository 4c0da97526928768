/**
 * The Prometheus source's range questions without a server: which PromQL it
 * asks (raw counters for short steps, the recorded increases with a raw
 * fallback for long ones and for budgets) and how the answers map onto the
 * steps (full steps from query_range at their ends, the last from an instant
 * query at `now`; NaN and missing read as null, rates as 0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepWindow } from '../../src/engine/index.ts';
import {
  type MatrixSeries,
  type PrometheusClient,
  PrometheusSource,
  type VectorSample,
} from '../../src/sources/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const MINUTE = 60_000;
const spec = defaultSpec();
const env = spec.environments.find((e) => e.name === 'production');
const availability = env?.objectives.find((o) => o.name === 'availability');

/** A client answering every range query with `range` and every instant query with `instant`, noting the calls. */
function fakeClient(range: (start: number, step: number) => MatrixSeries[], instant: VectorSample[]) {
  const calls: { kind: 'range' | 'instant'; query: string; at: number[] }[] = [];
  const client = {
    range: async (query: string, start: number, end: number, step: number) => {
      calls.push({ kind: 'range', query, at: [start, end, step] });
      return range(start, step);
    },
    instant: async (query: string, at: number) => {
      calls.push({ kind: 'instant', query, at: [at] });
      return instant;
    },
  };
  return { client: client as unknown as PrometheusClient, calls };
}

describe('PrometheusSource range questions', () => {
  it('evaluates each full step at its end and the last at now; NaN and gaps are null', async () => {
    assert.ok(env && availability && availability.kind !== 'throughput');
    const w = stepWindow(4 * MINUTE, MINUTE, 100 * MINUTE + 20_000);
    const { client, calls } = fakeClient(
      (start, step) => [
        {
          metric: { environment: 'production' },
          values: [
            [start, 0.02],
            [start + 2 * step, Number.NaN],
          ],
        },
      ],
      [{ metric: { environment: 'production' }, value: 0.5 }],
    );
    const sli = await new PrometheusSource(spec, client).sliSeries(env, availability, w);
    assert.deepEqual(sli, [0.02, null, null, 0.5]);
    const range = calls.find((c) => c.kind === 'range');
    assert.deepEqual(range?.at, [w.from + MINUTE, w.to - MINUTE, MINUTE]);
    assert.deepEqual(calls.find((c) => c.kind === 'instant')?.at, [w.now]);
    // A minute's step reads the raw counters over a minute, not the records.
    assert.match(range?.query ?? '', /\[60s\]/);
    assert.doesNotMatch(range?.query ?? '', /increase5m/);
  });

  it('reads hour steps and the budget period from the recorded increases, raw counters as the fallback', async () => {
    assert.ok(env && availability && availability.kind !== 'throughput');
    const w = stepWindow(7 * 24 * 60 * MINUTE, 60 * MINUTE, 1_800_000_000_000);
    const { client, calls } = fakeClient(() => [], []);
    const source = new PrometheusSource(spec, client);
    await source.sliSeries(env, availability, w);
    await source.budgetSeries(env, availability, w);
    const [sli, budget] = calls.filter((c) => c.kind === 'range').map((c) => c.query);
    for (const q of [sli, budget]) {
      assert.match(q ?? '', /sum_over_time\(environment:vllm_slo_bad:increase5m\{[^}]*slo="availability"/);
      assert.match(q ?? '', /\) or on \(environment\) \(/);
    }
    assert.match(sli ?? '', /\[3600s\]/);
    assert.match(budget ?? '', /\[2592000s\]/, 'the 30-day period');
    // The budget reads the rules' own ratio over the period first.
    assert.match(budget ?? '', /^1 - \(\(environment:vllm_slo_errors:ratio_rate30d\{[^}]*slo="availability"/);
  });

  it("reads a timeslice objective's budget from the period record, counting slices where it is missing", async () => {
    assert.ok(env && availability && availability.kind !== 'throughput');
    const sliced = { ...availability, budgetingMethod: 'timeslices' as const };
    const { client, calls } = fakeClient(() => [], []);
    await new PrometheusSource(spec, client).budgetSeries(env, sliced, stepWindow(60 * MINUTE, MINUTE, 1e12));
    const q = calls.find((c) => c.kind === 'range')?.query ?? '';
    assert.match(q, /environment:vllm_slo_errors:ratio_rate30d\{/);
    assert.match(q, new RegExp(`count_over_time\\(.*\\[2592000s:${sliced.timeslice}\\]\\)`));
  });

  it("reads each burn window's recorded ratio over the budget, the raw expression where it is missing", async () => {
    assert.ok(env && availability && availability.kind !== 'throughput');
    const w = stepWindow(3 * MINUTE, MINUTE, 100 * MINUTE + 1000);
    const { client, calls } = fakeClient(
      (start) => [{ metric: { environment: 'production', slo: 'availability' }, values: [[start, 2]] }],
      [{ metric: { environment: 'production' }, value: 14.5 }],
    );
    const series = await new PrometheusSource(spec, client).burnRateSeries(
      env,
      availability,
      ['1h', '5m'],
      w,
    );
    assert.deepEqual(series, { '1h': [2, null, 14.5], '5m': [2, null, 14.5] });
    const queries = calls.filter((c) => c.kind === 'range').map((c) => c.query);
    for (const [x, range] of [
      ['1h', '1h'],
      ['5m', '5m'],
    ]) {
      const q = queries.find((y) => y.includes(`ratio_rate${x}{`)) ?? '';
      assert.match(
        q,
        new RegExp(`^\\(\\(environment:vllm_slo_errors:ratio_rate${x}\\{[^}]*slo="availability"`),
      );
      // The raw fallback over the same window, then the budget of 99.9 %.
      assert.match(q, new RegExp(`\\) or on \\(environment\\) \\(.*\\[${range}\\]`));
      assert.match(q, /\) \/ 0\.001$/);
    }
    const sliced = { ...availability, budgetingMethod: 'timeslices' as const };
    const { client: c2, calls: calls2 } = fakeClient(() => [], []);
    await new PrometheusSource(spec, c2).burnRateSeries(env, sliced, ['1h'], w);
    // Timeslice budgeting falls back to counting slices, as status does.
    assert.match(calls2[0]?.query ?? '', new RegExp(`count_over_time\\(.*\\[1h:${sliced.timeslice}\\]\\)`));
  });

  it('joins a recorded series and its raw fallback, which carry different labels, into one', async () => {
    assert.ok(env && availability && availability.kind !== 'throughput');
    const w = stepWindow(3 * MINUTE, MINUTE, 100 * MINUTE + 1000);
    const { client } = fakeClient(
      (): MatrixSeries[] => [
        { metric: { environment: 'production' }, values: [[w.from + MINUTE, 0.5]] },
        { metric: { environment: 'production', slo: 'availability' }, values: [[w.from + 2 * MINUTE, 0.25]] },
      ],
      [{ metric: { environment: 'production', slo: 'availability' }, value: 0.125 }],
    );
    const budget = await new PrometheusSource(spec, client).budgetSeries(env, availability, w);
    assert.deepEqual(budget, [0.5, 0.25, 0.125]);
  });

  it('reads no series as no traffic for rates, and keeps only pods that served', async () => {
    assert.ok(env);
    const w = stepWindow(2 * MINUTE, MINUTE, 100 * MINUTE + 1000);
    const pod = (name: string, v: number): MatrixSeries => ({
      metric: { environment: 'production', pod: name },
      values: [[w.from + MINUTE, v]],
    });
    const { client } = fakeClient(() => [pod('a', 2), pod('b', 0)], []);
    const source = new PrometheusSource(spec, client);
    assert.deepEqual(await source.podRateSeries(env, w), { a: [2, 0] });
    const { client: empty } = fakeClient(() => [], []);
    assert.deepEqual(await new PrometheusSource(spec, empty).rateSeries(env, w), {
      requests: [0, 0],
      errors: [0, 0],
    });
  });
});
