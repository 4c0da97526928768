/**
 * Rule-cost benchmark (npm run bench:rules), issue 10 section 4: how many
 * samples one evaluation of the generated rules reads, and how many series
 * they record, measured on a real Prometheus (/usr/bin/prometheus) holding
 * synthetic gateway data for the default spec's three environments.
 *
 *   node --import tsx bench/rule-cost-bench.ts [--label after] [--days 31]
 *     [--production-pods 3] [--compare bench/results/rule-cost-<date>-before.json]
 *
 * Writes bench/results/rule-cost-<date>-<label>.md (and .json for a later
 * --compare) and prints the table. About 5 minutes with the defaults.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { badRatio } from '../src/promql/index.ts';
import {
  defaultSpecText,
  formatProblem,
  isRatioObjective,
  parseDuration,
  parseSpec,
} from '../src/spec/index.ts';
import { BLOCK_MS, type FleetEnvironment, SCRAPE_SECONDS, writeFleetData } from './rule-cost-data.ts';
import { BenchPrometheus, backfillOpenMetrics } from './rule-cost-prometheus.ts';
import { type ClassFigures, type RuleCostFigures, renderReport } from './rule-cost-report.ts';
import {
  type BenchRule,
  benchRules,
  evaluationsPerHour,
  type RuleClass,
  rangeReadRecords,
} from './rule-cost-rules.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DAY_MS = 86_400_000;

const { values: args } = parseArgs({
  options: {
    label: { type: 'string', default: 'run' },
    days: { type: 'string', default: '31' },
    'production-pods': { type: 'string', default: '3' },
    compare: { type: 'string' },
  },
});

function sh(cmd: string, argv: string[]): string {
  return execFileSync(cmd, argv, { encoding: 'utf8', cwd: ROOT }).trim();
}

const spec = (() => {
  const r = parseSpec(defaultSpecText(), 'default-spec.yaml');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.spec;
})();

const fleet: FleetEnvironment[] = [
  { name: 'production', pods: Number(args['production-pods']), requestsPerPodPerSecond: 5 },
  { name: 'staging', pods: 2, requestsPerPodPerSecond: 1 },
  { name: 'development', pods: 1, requestsPerPodPerSecond: 0.2 },
];
const days = Number(args.days);
// Aligned to a 2-hour block so each OpenMetrics file makes exactly one block.
const end = Math.floor(Date.now() / BLOCK_MS) * BLOCK_MS;
const start = end - days * DAY_MS;

async function measure(prom: BenchPrometheus, rules: readonly BenchRule[]) {
  const results: Array<{ rule: BenchRule; series: number; samples: number; seconds: number }> = [];
  for (const rule of rules) results.push({ rule, ...(await prom.instant(rule.expr, end)) });
  const classes = {} as Record<RuleClass, ClassFigures>;
  for (const cls of ['long', 'short', 'alert'] as const) {
    const of = results.filter((r) => r.rule.cls === cls);
    classes[cls] = {
      rules: of.length,
      recordedSeries: of.reduce((s, r) => s + r.series, 0),
      samplesPerEvaluation: of.reduce((s, r) => s + r.samples, 0),
      samplesPerHour: of.reduce((s, r) => s + r.samples * evaluationsPerHour(r.rule), 0),
      querySeconds: of.reduce((s, r) => s + r.seconds, 0),
    };
  }
  const top = [...results]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, 8)
    .map((r) => ({
      name: r.rule.name,
      labels: Object.entries(r.rule.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
      samples: r.samples,
    }));
  return { classes, top };
}

/**
 * Each long-window SLI record's value against the raw-rate ratio over the
 * same window (src/promql's badRatio), both at the data's end: the largest
 * relative difference. Before the change the record is that raw ratio.
 */
async function agreement(prom: BenchPrometheus, rules: readonly BenchRule[]): Promise<number> {
  let worst = 0;
  for (const r of rules.filter(
    (x) => x.cls === 'long' && x.name.startsWith('environment:vllm_slo_errors:'),
  )) {
    const window = r.name.replace(/.*ratio_rate/, '');
    const env = spec.environments.find((e) => e.name === r.labels.environment);
    const o = env?.objectives.filter(isRatioObjective).find((x) => x.name === r.labels.slo);
    if (!env || !o || o.budgetingMethod !== 'occurrences') continue;
    const ctx = {
      metrics: spec.metrics,
      environment: env.name,
      by: [spec.metrics.labels.environment],
      failureTypes: env.failureTypes,
    };
    const [recorded, raw] = await Promise.all([
      prom.value(r.expr, end),
      prom.value(badRatio(o, ctx, window), end),
    ]);
    worst = Math.max(worst, Math.abs(recorded - raw) / Math.max(Math.abs(raw), 1e-12));
  }
  return worst;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-rule-cost-'));
  const prom = new BenchPrometheus(dir);
  const clock = () => performance.now() / 1000;
  try {
    const rules = benchRules(spec);
    const fleetText = fleet
      .map((e) => `${e.name} ${e.pods} pod(s) at ${e.requestsPerPodPerSecond} req/s each`)
      .join(', ');
    console.log(
      `rule-cost: ${rules.length} rules; data: ${fleetText}, ${days} days, every ${SCRAPE_SECONDS}s`,
    );
    let t = clock();
    const omDir = join(dir, 'openmetrics');
    mkdirSync(omDir);
    const data = writeFleetData(spec, fleet, start, end, omDir);
    const generate = clock() - t;
    console.log(
      `rule-cost: ${data.files.length} block files, ${data.samples.toLocaleString()} samples (${generate.toFixed(0)} s)`,
    );
    t = clock();
    await backfillOpenMetrics(data.files, join(dir, 'data'));
    rmSync(omDir, { recursive: true });
    await prom.start();
    const base = rangeReadRecords(rules);
    if (base.length > 0) {
      console.log(`rule-cost: backfilling ${base.length} recording rules other rules read over a range`);
      const stepped = base.map((r) => ({ ...r, stepMs: parseDuration(r.interval) }));
      await prom.backfillRecords(stepped, start + 10 * 60_000, end);
    }
    const backfill = clock() - t;
    console.log(`rule-cost: backfilled (${backfill.toFixed(0)} s); measuring`);
    t = clock();
    const { classes, top } = await measure(prom, rules);
    const maxRelativeDifference = await agreement(prom, rules);
    const figures: RuleCostFigures = {
      label: args.label ?? 'run',
      date: sh('date', ['-u', '+%F']),
      commit: sh('git', ['rev-parse', '--short', 'HEAD']),
      prometheus:
        sh('/usr/bin/prometheus', ['--version'])
          .split('\n')[0]
          ?.replace(/ \(branch.*/, '') ?? 'prometheus',
      fleet: fleetText,
      data: { days, scrapeSeconds: SCRAPE_SECONDS, series: data.series, samples: data.samples },
      seconds: { generate, backfill, measure: clock() - t },
      backfilledRecords: [...new Set(base.map((r) => r.name))],
      classes,
      top,
      maxRelativeDifference,
    };
    const before = args.compare
      ? (JSON.parse(readFileSync(resolve(ROOT, args.compare), 'utf8')) as RuleCostFigures)
      : undefined;
    const report = renderReport(figures, before);
    const out = join(ROOT, 'bench', 'results', `rule-cost-${figures.date}-${figures.label}`);
    writeFileSync(`${out}.md`, report);
    writeFileSync(`${out}.json`, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(report);
    console.log(`rule-cost: wrote ${out}.md`);
  } finally {
    await prom.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
