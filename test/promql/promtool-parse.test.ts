/**
 * Every expression the builders produce for the default spec (each
 * environment, objective, SLI window and burn window) parses with the real
 * promtool, as a recording rule in a rules file.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as q from '../../src/promql/index.ts';
import { type Environment, isRatioObjective } from '../../src/spec/index.ts';
import { METRICS as m, SPEC } from './context.ts';
import { checkExpressions } from './promtool-check.ts';

const BY = [
  [m.labels.environment],
  q.levelLabels('environment_model', m.labels),
  q.levelLabels('environment_pod', m.labels),
];

function sliExpressions(env: Environment): string[] {
  const out: string[] = [];
  for (const by of BY) {
    const ctx: q.QueryContext = { metrics: m, environment: env.name, by, failureTypes: env.failureTypes };
    for (const w of q.SLI_WINDOWS) {
      out.push(q.requestRate(ctx, w), q.errorRate(ctx, w), q.failureRate(ctx, w), q.errorRatio(ctx, w));
      out.push(q.requestIncrease(ctx, w), q.quantile(ctx, m.requestDuration, 0.95, w));
      for (const o of env.objectives.filter(isRatioObjective)) {
        out.push(q.badRatio(o, ctx, w), q.badIncrease(o, ctx, w), q.totalIncrease(o, ctx, w));
        out.push(q.timesliceBad(q.badRatio(o, ctx, w), 1 - o.timesliceTarget, q.allPodsDown(ctx)));
      }
    }
  }
  return out;
}

function alertExpressions(env: Environment): string[] {
  const ctx: q.QueryContext = {
    metrics: m,
    environment: env.name,
    by: [m.labels.environment],
    failureTypes: env.failureTypes,
  };
  const out = [
    q.availabilityBelow(ctx, '5m', 99.9),
    q.errorRatioAbove(ctx, '5m', 1),
    q.requestsAbsent(m, env.name),
  ];
  out.push(q.heldThroughout(q.requestsAbsent(m, env.name), '10m'));
  out.push(q.quantileAbove(ctx, m.timeToFirstToken, 0.99, '5m', 0.5));
  out.push(q.regressionAbove(ctx, m.requestDuration, 0.95, '1h', 1.5, 1.2));
  out.push(
    q.withTrafficGuard(
      { ...ctx, by: q.levelLabels('environment_model', m.labels) },
      q.errorRatio(ctx, '1h'),
      '1h',
      10,
    ),
  );
  for (const o of env.objectives) {
    if (!isRatioObjective(o)) {
      out.push(q.throughputLowWhileQueued(ctx, env.podRegex, o.window, o.minPerPod));
      continue;
    }
    for (const w of SPEC.alerting.burnRateWindows) {
      out.push(
        q.burnRatePair(
          m,
          env.name,
          o.name,
          { long: w.long, longSeconds: w.longMs / 1000, short: w.short },
          14.4,
          o.budget,
          10,
        ),
      );
      out.push(q.burnRateAbove(ctx, o.name, { window: w.long, short: w.short }, o.budget, 6, 10));
    }
    out.push(q.budgetRemainingBelow(m, env.name, o.name, o.period, o.budget, 25));
    out.push(q.increaseRatio(m, env.name, o, o.period), q.increaseRequestRate(m, env.name, o.period));
  }
  return out;
}

function capacityAndAdapterExpressions(env: Environment): string[] {
  const r = env.podRegex;
  const out = [q.requestsPerGpu(m, env.name, r), q.gpuUtilizationByPod(m, r), q.gpuHeadroom(m, r)];
  out.push(q.gpuUtilizationAbove(m, r, 80), q.adaptedRequests(m, r), q.adaptedPodUp(m, r));
  out.push(
    q.adaptedErrors(m, r, '4xx'),
    q.adaptedErrors(m, r, '5xx'),
    q.unlessGateway(m, env.name, q.adaptedRequests(m, r)),
  );
  out.push(
    q.adaptedSeries(m, r, `${m.vllm.e2eLatency}_bucket`, true),
    q.adaptedSeries(m, r, `${m.vllm.e2eLatency}_count`),
  );
  for (const o of env.objectives.filter(isRatioObjective)) {
    if (o.thresholdSeconds === undefined) continue;
    const [native, buckets] =
      o.kind === 'ttft'
        ? [m.vllm.timeToFirstToken, m.vllm.buckets.timeToFirstToken]
        : [m.vllm.e2eLatency, m.vllm.buckets.e2eLatency];
    const bound = q.boundBucket(m, r, native, buckets, o.thresholdSeconds);
    if (bound !== undefined) out.push(bound);
  }
  return out;
}

function dashboardExpressions(): string[] {
  const env = m.labels.environment;
  const match: q.LabelMatch[] = [
    [env, '=', q.grafanaVariable('environment')],
    [m.labels.model, '=~', '$model'],
  ];
  const terms = SPEC.environments.map((e) => ({ environment: e.name, value: e.periodMs / 86_400_000 }));
  return [
    q.rateSum([env], q.vectorSelector(m.requests, match), '$__rate_interval'),
    q.histogramQuantile(0.95, m.requestDuration, match, [env], '$__rate_interval'),
    q.constantForSelectedEnvironment(env, terms),
    q.stateCode(
      [m.labels.pod],
      [
        { code: 1, series: q.vectorSelector(m.kubernetes.podStatusPhase, [['phase', '=', 'Running']]) },
        { code: 2, series: q.vectorSelector(m.kubernetes.podStatusPhase, [['phase', '=', 'Pending']]) },
      ],
    ),
  ];
}

it('promtool parses every expression the builders give for the default spec', async () => {
  const exprs = SPEC.environments.flatMap((env) => [
    ...sliExpressions(env),
    ...alertExpressions(env),
    ...capacityAndAdapterExpressions(env),
  ]);
  exprs.push(...dashboardExpressions().map((e) => e.replaceAll('$__rate_interval', '5m')));
  assert.ok(exprs.length > 500, `only ${exprs.length} expressions`);
  const r = await checkExpressions([...new Set(exprs)]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
