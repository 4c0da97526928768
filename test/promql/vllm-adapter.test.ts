/** The adapter from vLLM's native metrics to the gateway's contract. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as q from '../../src/promql/index.ts';
import { METRICS } from './context.ts';

const POD = '.*-p-.*';
const RENAME = (expr: string) =>
  `label_replace(label_replace(${expr}, "model", "$1", "model_name", "(.*)"), "model_name", "", "", "")`;
const HTTP = `http_requests_total{pod=~"${POD}",handler=~"/v1/(chat/)?completions"}`;
const JOINED = (http: string) =>
  RENAME(
    `sum without (handler, method, status) (${http}) * on (job, instance) group_left (model_name) (0 * max by (job, instance, model_name) (vllm:num_requests_running{pod=~"${POD}"}) + 1)`,
  );

describe('requests and errors', () => {
  it('counts inference requests from HTTP, or finished non-aborted requests', () => {
    assert.equal(
      q.adaptedRequests(METRICS, POD),
      `${JOINED(HTTP)} or on (job, instance) ${RENAME(`sum without (engine, finished_reason) (vllm:request_success_total{pod=~"${POD}",finished_reason!="abort"})`)}`,
    );
  });

  it('counts client errors from HTTP only', () => {
    assert.equal(q.adaptedErrors(METRICS, POD, '4xx'), JOINED(HTTP.replace('}', ',status="4xx"}')));
  });

  it('falls back to error finishes for server errors where a target has no HTTP metric', () => {
    const finished = RENAME(
      `sum without (engine, finished_reason) (vllm:request_success_total{pod=~"${POD}",finished_reason="error"})`,
    );
    assert.equal(
      q.adaptedErrors(METRICS, POD, '5xx'),
      `${JOINED(HTTP.replace('}', ',status="5xx"}'))} or on (job, instance) (${finished} unless on (job, instance) group by (job, instance) (${HTTP}))`,
    );
  });

  it('stays quiet while the gateway reports the environment', () => {
    assert.equal(
      q.unlessGateway(METRICS, 'production', 'X'),
      '(X) unless on () group(vllm_requests_total{environment="production",source!="vllm"})',
    );
  });
});

describe('histograms and health', () => {
  it('normalises Python bucket bounds and renames the model', () => {
    assert.equal(
      q.adaptedSeries(METRICS, POD, 'vllm:e2e_request_latency_seconds_bucket', true),
      RENAME(
        `label_replace(sum without (engine) (vllm:e2e_request_latency_seconds_bucket{pod=~"${POD}"}), "le", "$1", "le", "(.+)\\\\.0")`,
      ),
    );
  });

  it('counts a threshold between bounds at the lower bound, below all at zero, at a bound not at all', () => {
    const buckets = [1, 2.5, 5];
    assert.equal(
      q.boundBucket(METRICS, POD, 'h', buckets, 3),
      RENAME(`sum without (le, engine) (h_bucket{pod=~"${POD}",le=~"2\\\\.5"})`),
    );
    assert.equal(
      q.boundBucket(METRICS, POD, 'h', buckets, 0.5),
      RENAME(`0 * sum without (engine) (h_count{pod=~"${POD}"})`),
    );
    assert.equal(q.boundBucket(METRICS, POD, 'h', buckets, 2.5), undefined);
  });

  it('takes pod health from scrape health', () => {
    assert.equal(q.adaptedPodUp(METRICS, POD), `min by (pod) (up{pod=~"${POD}"})`);
  });
});
