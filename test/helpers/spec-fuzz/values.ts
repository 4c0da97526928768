/**
 * The hostile values the spec fuzzer plants: numbers at the edges of float64,
 * durations beyond Prometheus's and Alertmanager's range, strings that break
 * PromQL, YAML, Go templates or URLs, regexes RE2 refuses or that backtrack,
 * and metric and label names outside Prometheus's grammar.
 */
import type { Rng } from '../../../src/sim/index.ts';

/** One of `items`, chosen by `rng`. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[rng.int(0, items.length - 1)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** 1 MiB: a string this long makes every file that repeats it large (issue 17, section 4). */
export const HUGE_LENGTH = 1 << 20;

export const NUMBERS: readonly unknown[] = [
  0,
  -1,
  -0,
  1,
  100,
  99.99999999999999,
  0.5,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53 + 2,
  1e21,
  'NaN',
  '.nan',
  '1e308',
  '0x10',
  '1_000',
];

/** Range durations and latencies: valid edges, out-of-range and malformed ones. */
export const DURATIONS: readonly unknown[] = [
  '0s',
  '0ms',
  '1ms',
  '1s',
  '59s',
  '1000y',
  '9999999999y',
  '292y',
  '293y',
  '10000000000000000000000s',
  '25d',
  '1h30m',
  '5m1h',
  '-5m',
  '5 m',
  '5M',
  '1.5h',
  '1e3s',
  '',
  '∞',
  'forever',
  300,
  0,
];

const PROMQL_META = ['"}) or vector(1) #', 'a"}[5m]', '\\', '`', "'", '{__name__=~".+"}', 'x" or up{a="'];
const YAML_META = [
  '- a',
  ': b',
  '#comment',
  '&anchor',
  '*alias',
  '!!binary',
  '%TAG',
  '? k',
  '|',
  '>-',
  '@x',
  '`x',
];
const TEMPLATES = [
  '{{',
  '}}',
  '{{ $labels.pod }}',
  '{{ .Foo }}',
  '{{ printf "%s" }}',
  '{{/*',
  '$' + '{x}',
  '$1',
];
const URLS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'https://user:pass@example.com/x',
  'https://example.com/?token=abc',
  'ftp://example.com/x',
  'file:///etc/passwd',
  '//evil.example/',
  'http://[::1]:80/',
  'http://127.0.0.1:99999/',
  'https://example.com/a b',
  'data:text/html,<script>alert(1)</script>',
];

/** Strings for any string field: empty, unicode, control characters, metacharacters, URLs. */
export function oddStrings(): readonly string[] {
  return [
    '',
    ' ',
    'é\u0301日本🙂',
    '\u202eevil',
    '\u200b',
    'x"y\'z',
    'line\nbreak',
    'cr\r\nlf',
    'tab\there',
    'nul\u0000byte',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'a'.repeat(300),
    ...PROMQL_META,
    ...YAML_META,
    ...TEMPLATES,
    ...URLS,
  ];
}

/** A string of `HUGE_LENGTH` characters (built on demand: it is large). */
export function hugeString(rng: Rng): string {
  return pick(rng, ['a', 'x_', '{{', 'é']).repeat(HUGE_LENGTH / 2);
}

/** Regexes: RE2-invalid (lookaround, backreferences), catastrophic, malformed, valid edge cases. */
export const REGEXES: readonly string[] = [
  '(?<=a)b',
  '(?<!a)b',
  '(?=x)',
  '(a)\\1',
  '(a+)+$',
  '(.*a){20}',
  '(a|aa)*c',
  '[',
  '(',
  '\\',
  'a{1000000}',
  'a{2,1}',
  '(?P<name>x)',
  '(?<name>x)',
  '\\p{L}+',
  '[[:alpha:]]+',
  '(?i)prod',
  '\\Q.*\\E',
  'a**',
  '',
  '.*',
  '.*-production-.*"}',
  '\\d+',
  '\\z',
];

/** Metric and label names: bad grammar, reserved, colliding with the generated labels, long. */
export const NAMES: readonly string[] = [
  '',
  '1abc',
  'a-b',
  'a b',
  'a.b',
  'a:b',
  ':a',
  'é',
  '__name__',
  '__reserved',
  '__',
  '_',
  'le',
  'quantile',
  'job',
  'instance',
  'pod',
  'model',
  'environment',
  'error_class',
  'alertname',
  'severity',
  'slo',
  'up',
  'vllm:e2e_request_latency_seconds',
  'a'.repeat(1024),
  'a'.repeat(100_000),
];

/** Keys for maps of user-chosen names (environments, objectives, receivers). */
export const KEYS: readonly string[] = [
  '',
  '0',
  'Prod',
  'prod-1',
  'x_y',
  'a'.repeat(63),
  'a'.repeat(64),
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'é',
  'a b',
  '-a',
  'a-',
];

/** A value of some other YAML type than `value`'s. */
export function otherType(rng: Rng, value: unknown): unknown {
  const choices: unknown[] = [null, true, false, 42, 'text', [], {}, [1, 'a'], { a: 1 }, 'true', '42'];
  const different = choices.filter(
    (c) => typeof c !== typeof value || Array.isArray(c) !== Array.isArray(value),
  );
  return pick(rng, different);
}
