/**
 * The spec's limits at their edges: whatever validate accepts there, the
 * generated rules pass `promtool check rules` and the Alertmanager config
 * `amtool check-config` (README, "The SLO spec": limits). Each case is the
 * default spec edited to one boundary.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderAlertmanagerConfig } from '../../src/alerting/index.ts';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { assertConfigValid } from '../alerting/amtool-harness.ts';
import { editedDefaultSpec } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';

/** Prometheus's longest duration, int64 nanoseconds (src/spec/duration.ts). */
const MAX = '292y171d23h47m16s854ms';
const LONG_NAME = `a${'b'.repeat(199)}`;

const CASES: Record<string, Array<[string | RegExp, string]>> = {
  'longest durations in for, absentFor and the Alertmanager intervals': [
    ['absentFor: 10m', `absentFor: ${MAX}`],
    ['groupWait: 30s', `groupWait: ${MAX}`],
    ['groupInterval: 5m', `groupInterval: ${MAX}`],
    ['repeatInterval: 4h', `repeatInterval: ${MAX}`],
    [/for: 5m/g, `for: ${MAX}`],
  ],
  'longest threshold-alert windows': [
    ['above: 2, window: 1h', `above: 2, window: ${MAX}`],
    [/above: 6s, for: 5m/g, `above: 6s, window: ${MAX}, for: 5m`],
  ],
  'one-year periods with a 30-day burn window spending the whole budget': [
    [/period: (30d|7d)/g, 'period: 1y'],
    [/window: (30d|7d)/g, 'window: 1y'],
    ['long: 3d, short: 6h, budgetSpent: 10', 'long: 30d, short: 6h, budgetSpent: 100'],
  ],
  'the shortest period with the longest scrape interval': [
    ['scrapeInterval: 30s', 'scrapeInterval: 5m'],
    [/period: (30d|7d)/g, 'period: 4d'],
    [/window: (30d|7d)/g, 'window: 4d'],
  ],
  'the median and the finest quantile': [
    [/quantile: 0\.95/g, 'quantile: 0.5'],
    [/quantile: 0\.99\b/g, 'quantile: 0.99999'],
  ],
  'metric and label names of the longest length': [
    ['requests: vllm_requests_total', `requests: ${LONG_NAME}`],
    ['    model: model', `    model: ${LONG_NAME}`],
    ['utilization: DCGM_FI_DEV_GPU_UTIL', `utilization: ${LONG_NAME}_gpu`.slice(0, 200)],
  ],
  'an RE2 pod regex with escapes and classes': [
    ['podRegex: ".*-production-.*"', 'podRegex: "vllm-(prod|production)-\\\\d+(?i:-GPU)?\\\\.[a-z]{1,5}"'],
  ],
};

function check(spec: SloSpec): Promise<void> {
  return withTempDir(async (dir) => {
    const files = ruleFiles(spec).map((f) => {
      const path = join(dir, f.file);
      writeFileSync(path, renderRuleFile(f));
      return path;
    });
    const r = runTool('promtool', ['check', 'rules', ...files]);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    await assertConfigValid(renderAlertmanagerConfig(spec));
  });
}

describe('specs at the limits generate files promtool and amtool accept', () => {
  for (const [name, edits] of Object.entries(CASES)) {
    it(name, async () => {
      await check(editedDefaultSpec(edits));
    });
  }
});
