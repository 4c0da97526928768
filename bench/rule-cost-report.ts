/** The rule-cost benchmark's figures and their Markdown report (with a before/after table when given one). */
import { type Column, markdownTable } from './markdown-table.ts';
import type { RuleClass } from './rule-cost-rules.ts';

export interface ClassFigures {
  rules: number;
  recordedSeries: number;
  samplesPerEvaluation: number;
  samplesPerHour: number;
  querySeconds: number;
}

export interface RuleCostFigures {
  label: string;
  date: string;
  commit: string;
  prometheus: string;
  fleet: string;
  data: { days: number; scrapeSeconds: number; series: number; samples: number };
  seconds: { generate: number; backfill: number; measure: number };
  backfilledRecords: string[];
  classes: Record<RuleClass, ClassFigures>;
  top: Array<{ name: string; labels: string; samples: number }>;
  /** Largest relative difference of a long-window SLI record from the raw-rate ratio at the end. */
  maxRelativeDifference: number;
}

const CLASS_TITLES: Record<RuleClass, string> = {
  long: 'period group: records over windows > 6h (and their 5m increases)',
  short: 'other records',
  alert: 'alert expressions',
};

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

function ratio(before: number, after: number): string {
  if (after === 0) return before === 0 ? '1x' : '∞';
  return `${(before / after).toFixed(1)}x`;
}

function classTable(f: RuleCostFigures): string[] {
  const columns: Column[] = [
    { title: 'rules', align: 'left' },
    ...[
      'count',
      'recorded series',
      'samples read per evaluation',
      'samples read per hour',
      'query seconds per evaluation',
    ].map((title): Column => ({ title, align: 'right' })),
  ];
  const rows = (Object.keys(CLASS_TITLES) as RuleClass[]).map((c) => {
    const x = f.classes[c];
    return [
      CLASS_TITLES[c],
      String(x.rules),
      x.rules && c !== 'alert' ? n(x.recordedSeries) : '–',
      n(x.samplesPerEvaluation),
      n(x.samplesPerHour),
      x.querySeconds.toFixed(2),
    ];
  });
  return markdownTable(columns, rows);
}

function comparison(before: RuleCostFigures, after: RuleCostFigures): string[] {
  const rows: string[][] = [];
  const row = (title: string, b: number, a: number, format: (x: number) => string = n) =>
    rows.push([title, format(b), format(a), ratio(b, a)]);
  for (const c of Object.keys(CLASS_TITLES) as RuleClass[]) {
    const b = before.classes[c];
    const a = after.classes[c];
    row(`${CLASS_TITLES[c]}: samples per evaluation`, b.samplesPerEvaluation, a.samplesPerEvaluation);
    row(`${CLASS_TITLES[c]}: samples per hour`, b.samplesPerHour, a.samplesPerHour);
  }
  const rules = (f: RuleCostFigures) => f.classes.long.rules + f.classes.short.rules;
  const series = (f: RuleCostFigures) => f.classes.long.recordedSeries + f.classes.short.recordedSeries;
  row('recording rules', rules(before), rules(after), String);
  row('recorded series', series(before), series(after), String);
  const columns: Column[] = [
    { title: '', align: 'left' },
    { title: 'before', align: 'right' },
    { title: 'after', align: 'right' },
    { title: 'before / after', align: 'right' },
  ];
  return markdownTable(columns, rows);
}

/** The Markdown report of one run, with the before/after comparison when `before` is given. */
export function renderReport(f: RuleCostFigures, before?: RuleCostFigures): string {
  const out = [
    `# Rule cost (${f.label}), ${f.date}`,
    '',
    `\`npm run bench:rules\` at ${f.commit}: the default spec's rules (the optional vLLM adapter aside),`,
    `each expression run once as an instant query at the data's end with \`stats=all\` on a real`,
    `${f.prometheus}. Samples = \`data.stats.samples.totalQueryableSamples\` (samples read from`,
    "storage); samples per hour multiply by each group's evaluations per hour (global interval 1m",
    'unless the group sets its own).',
    '',
    `Data: ${f.fleet}; ${f.data.days} days scraped every ${f.data.scrapeSeconds}s: ${n(f.data.series)} series,`,
    `${n(f.data.samples)} samples, backfilled with promtool. Generating took ${f.seconds.generate.toFixed(0)} s,`,
    `backfilling ${f.seconds.backfill.toFixed(0)} s, measuring ${f.seconds.measure.toFixed(0)} s.`,
    f.backfilledRecords.length
      ? `Recorded series other rules read over a range, evaluated as range queries at their group's interval and backfilled first: ${f.backfilledRecords.map((r) => `\`${r}\``).join(', ')}.`
      : 'No rule reads a recorded series over a range: nothing else backfilled.',
    '',
    ...classTable(f),
    '',
    `Long-window SLI records against the raw-rate ratio over the same window at the end: largest relative`,
    `difference ${(f.maxRelativeDifference * 100).toPrecision(2)} %.`,
    '',
    'Most expensive expressions:',
    '',
    ...markdownTable(
      [
        { title: 'rule', align: 'left' },
        { title: 'labels', align: 'left' },
        { title: 'samples', align: 'right' },
      ],
      f.top.map((t) => [`\`${t.name}\``, t.labels, n(t.samples)]),
    ),
  ];
  if (before) {
    out.push('', `## Before (${before.commit}) and after (${f.commit})`, '', ...comparison(before, f));
  }
  return `${out.join('\n')}\n`;
}
