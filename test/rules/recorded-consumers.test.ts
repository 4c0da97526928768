/**
 * Every recorded series has a reader, and every reader's series is recorded
 * (issue 10, section 4). Readers: the expressions of every generated rule
 * (alerts, and recording rules built on other records) and every string of
 * the generated Grafana dashboards. The Prometheus source and the status
 * commands query raw metrics only. A read is a selector of the record's name
 * whose equality matchers (environment, slo) fit the rule's labels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboards, type JsonValue } from '../../src/dashboards/index.ts';
import { isAlertingRule, ruleFiles } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';

/**
 * Capacity records are the guide's "Capacity Planning Metrics", recorded for
 * people to query and graph (README, "Generated files"), not for a rule.
 */
const FOR_PEOPLE = new Set([
  'environment_pod:vllm_requests_per_gpu:rate5m',
  'environment_pod:vllm_gpu_utilization:percent_avg5m',
  'environment:vllm_gpu_utilization_headroom:percent_avg5m',
]);

const SPECS: Record<string, () => SloSpec> = {
  default: defaultSpec,
  timeslices: () => editedDefaultSpec([[/budgetingMethod: occurrences/g, 'budgetingMethod: timeslices']]),
  'other-spellings': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 720h'],
      ['long: 1d, short: 2h', 'long: 24h, short: 120m'],
    ]),
};

interface Recorded {
  name: string;
  labels: Record<string, string>;
}

interface Read {
  name: string;
  /** Equality matchers with a fixed value (Grafana variables such as $environment match anything). */
  equal: Record<string, string>;
  where: string;
}

const RECORD_NAME = /\b(?:environment|environment_model|environment_pod):[a-z0-9_]+:[a-z0-9_]+/g;

/** Every selector of a recorded name in a text, with its fixed equality matchers. */
function reads(text: string, where: string): Read[] {
  return [...text.matchAll(RECORD_NAME)].map((m) => {
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const braces = rest.startsWith('{') ? rest.slice(1, rest.indexOf('}')) : '';
    const equal: Record<string, string> = {};
    for (const x of braces.matchAll(/(\w+)\s*(=~|!=|!~|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      if (x[2] === '=' && x[1] && x[3] !== undefined && !x[3].includes('$')) equal[x[1]] = x[3];
    }
    return { name: m[0], equal, where };
  });
}

function strings(v: JsonValue): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function consumers(spec: SloSpec): { recorded: Recorded[]; read: Read[] } {
  const files = ruleFiles(spec).filter((f) => !f.file.includes('adapter'));
  const rules = files.flatMap((f) => f.groups.flatMap((g) => g.rules));
  const recorded = rules.flatMap((r) =>
    isAlertingRule(r) ? [] : [{ name: r.record, labels: r.labels ?? {} }],
  );
  const read = [
    ...rules.flatMap((r) => reads(r.expr, isAlertingRule(r) ? `alert ${r.alert}` : `rule ${r.record}`)),
    ...dashboards(spec).flatMap((d) => strings(d.json).flatMap((s) => reads(s, `dashboard ${d.file}`))),
  ];
  return { recorded, read };
}

const fits = (r: Recorded, x: Read): boolean =>
  x.name === r.name &&
  Object.entries(x.equal).every(([k, v]) => r.labels[k] === undefined || r.labels[k] === v);

const show = (r: Recorded): string =>
  `${r.name}{${Object.entries(r.labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

describe('recorded series and their readers', () => {
  for (const [name, make] of Object.entries(SPECS)) {
    it(`every series the ${name} spec records is read by an alert, a rule or a dashboard`, () => {
      const { recorded, read } = consumers(make());
      const unread = recorded.filter((r) => !FOR_PEOPLE.has(r.name) && !read.some((x) => fits(r, x)));
      assert.deepEqual(unread.map(show), []);
    });

    it(`every recorded series an alert, a rule or a dashboard of the ${name} spec reads is recorded`, () => {
      const { recorded, read } = consumers(make());
      assert.ok(read.length > 0);
      const missing = read.filter((x) => !recorded.some((r) => fits(r, x)));
      assert.deepEqual(
        missing.map((x) => `${x.where} reads ${x.name} ${JSON.stringify(x.equal)}`),
        [],
      );
    });
  }

  it('notices a series nobody reads and a read of a series nobody records (the checks can fail)', () => {
    const recorded = [{ name: 'environment:vllm_slo_errors:ratio_rate1h', labels: { slo: 'availability' } }];
    const read = reads(
      'environment:vllm_slo_errors:ratio_rate1h{slo="latency-p95",environment=~"$x"}',
      'test',
    );
    assert.equal(read.length, 1);
    assert.equal(fits(recorded[0] as Recorded, read[0] as Read), false);
    assert.equal(
      fits({ ...(recorded[0] as Recorded), labels: { slo: 'latency-p95' } }, read[0] as Read),
      true,
    );
  });
});
