/**
 * Structured mutations of a parsed spec (plain data, before it is written
 * back as YAML): delete, duplicate, retype or multiply a node, rename a key,
 * or plant a hostile value at a field the spec has (or may have).
 */
import type { Rng } from '../../../src/sim/index.ts';
import {
  DURATIONS,
  HUGE_LENGTH,
  hugeString,
  KEYS,
  NAMES,
  NUMBERS,
  oddStrings,
  otherType,
  pick,
  REGEXES,
} from './values.ts';

export type Tree = Record<string, unknown>;
type Path = (string | number)[];
type Category =
  | 'regex'
  | 'string'
  | 'duration'
  | 'number'
  | 'name'
  | 'names'
  | 'url'
  | 'urls'
  | 'strings'
  | 'numbers'
  | 'webhook'
  | 'source'
  | 'budgeting';

const URLS = oddStrings().filter((s) => /^[a-z]*:|^\/\//i.test(s));

/** A hostile value of a category; a huge string now and then. */
function value(rng: Rng, category: Category): unknown {
  const list = (c: Category): unknown[] => Array.from({ length: rng.int(0, 3) }, () => value(rng, c));
  switch (category) {
    case 'regex':
      return pick(rng, REGEXES);
    case 'string':
      return rng.next() < 0.04 ? hugeString(rng) : pick(rng, oddStrings());
    case 'duration':
      return pick(rng, DURATIONS);
    case 'number':
      return pick(rng, NUMBERS);
    case 'name':
      return rng.next() < 0.03 ? 'a'.repeat(HUGE_LENGTH) : pick(rng, NAMES);
    case 'url':
      return pick(rng, [...URLS, 'https://ok.example/vllm', 'http://10.0.0.1:8000']);
    case 'names':
      return list('name');
    case 'urls':
      return list('url');
    case 'strings':
      return list('string');
    case 'numbers':
      return list('number');
    case 'source':
      return pick(rng, ['vllm', 'vllm', 'gateway', 'both']);
    case 'budgeting':
      return pick(rng, ['timeslices', 'occurrences', 'Timeslices']);
    case 'webhook':
      return {
        type: 'webhook',
        url: value(rng, 'url'),
        credentialsFile: '/etc/alertmanager/secrets/hook-token',
      };
  }
}

const METRIC_KEYS = [
  'requests',
  'errors',
  'requestDuration',
  'timeToFirstToken',
  'podUp',
  'requestsInFlight',
];
const LABEL_KEYS = ['environment', 'model', 'pod', 'errorClass', 'errorType'];

/** Fields to plant values at; `*` is any existing key (or index) there. */
const PLANTS: ReadonlyArray<[Path, Category]> = [
  [['environments', '*', 'podRegex'], 'regex'],
  // The vLLM adapter rules and timeslice budgeting are generated only when an environment asks for them.
  [['environments', '*', 'source'], 'source'],
  [['environments', '*', 'budgetingMethod'], 'budgeting'],
  [['environments', '*', 'models'], 'strings'],
  [['environments', '*', 'pods'], 'urls'],
  [['environments', '*', 'description'], 'string'],
  [['environments', '*', 'period'], 'duration'],
  [['environments', '*', 'timeslice'], 'duration'],
  [['environments', '*', 'gateway', 'timeouts', 'idle'], 'duration'],
  [['environments', '*', 'gateway', 'timeouts', 'total'], 'duration'],
  [['environments', '*', 'objectives', '*', 'description'], 'string'],
  [['environments', '*', 'objectives', '*', 'window'], 'duration'],
  [['environments', '*', 'objectives', '*', 'quantile'], 'number'],
  [['environments', '*', 'objectives', '*', 'threshold'], 'duration'],
  [['environments', '*', 'objectives', '*', 'target'], 'number'],
  [['environments', '*', 'alerts', '*', 'for'], 'duration'],
  [['environments', '*', 'alerts', '*', 'quantile'], 'number'],
  [['environments', '*', 'alerts', '*', 'above'], 'number'],
  [['alerting', 'runbookBaseUrl'], 'url'],
  [['alerting', 'absentFor'], 'duration'],
  [['alerting', 'minRequests'], 'number'],
  [['alerting', 'burnRateWindows', '*', 'long'], 'duration'],
  [['alerting', 'burnRateWindows', '*', 'budgetSpent'], 'number'],
  [['alerting', 'alertmanager', 'groupWait'], 'duration'],
  [['alerting', 'alertmanager', 'groupInterval'], 'duration'],
  [['alerting', 'alertmanager', 'repeatInterval'], 'duration'],
  [['alerting', 'alertmanager', 'groupBy'], 'names'],
  [['alerting', 'alertmanager', 'receivers', 'slack', 'channel'], 'string'],
  [['alerting', 'alertmanager', 'receivers', 'email', 'authUsername'], 'string'],
  [['alerting', 'alertmanager', 'receivers', 'email', 'to'], 'string'],
  [['alerting', 'alertmanager', 'receivers', 'pagerduty', 'url'], 'url'],
  [['alerting', 'alertmanager', 'receivers', 'hook'], 'webhook'],
  [['metrics', 'scrapeInterval'], 'duration'],
  [['metrics', 'vllm', 'modelLabel'], 'name'],
  [['metrics', 'vllm', 'targetLabels'], 'names'],
  [['metrics', 'vllm', 'buckets', 'e2eLatency'], 'numbers'],
  [['metrics', 'kubernetes', 'gpuResource'], 'string'],
  ...METRIC_KEYS.map((k): [Path, Category] => [['metrics', k], 'name']),
  ...LABEL_KEYS.map((k): [Path, Category] => [['metrics', 'labels', k], 'name']),
];

const isMap = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own property, even `__proto__` (plain assignment would change the prototype). */
function setOwn(map: Tree, key: string, v: unknown): void {
  Object.defineProperty(map, key, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Resolves `*` segments against the tree, creating missing maps; undefined when a list is in the way. */
function resolve(
  rng: Rng,
  tree: Tree,
  path: Path,
): { parent: Tree | unknown[]; key: string | number; resolved: Path } | undefined {
  let node: unknown = tree;
  const resolved: Path = [];
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    let key: string | number = seg;
    if (Array.isArray(node)) {
      if (node.length === 0) node.push({});
      key = seg === '*' ? rng.int(0, node.length - 1) : Number(seg);
    } else if (isMap(node)) {
      const keys = Object.keys(node);
      if (seg === '*') key = keys.length > 0 ? pick(rng, keys) : 'x';
    } else return undefined;
    resolved.push(key);
    if (last) return { parent: node as Tree | unknown[], key, resolved };
    const next: unknown = (node as Record<string | number, unknown>)[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      if (Array.isArray(node)) return undefined;
      setOwn(node as Tree, String(key), {});
    }
    node = (node as Record<string | number, unknown>)[key];
  }
  return undefined;
}

/** Every path in the tree (maps and lists below the root, and leaves). */
function paths(node: unknown, path: Path = []): Path[] {
  const own = path.length > 0 ? [path] : [];
  if (Array.isArray(node)) return [...own, ...node.flatMap((v, i) => paths(v, [...path, i]))];
  if (isMap(node)) return [...own, ...Object.entries(node).flatMap(([k, v]) => paths(v, [...path, k]))];
  return own;
}

function at(tree: Tree, path: Path): { parent: Tree | unknown[]; key: string | number } {
  let parent: unknown = tree;
  for (const seg of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
  return { parent: parent as Tree | unknown[], key: path[path.length - 1] ?? '' };
}

/** A short description of a value for reports: long strings by length. */
export function describe(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 48 ? `${text.slice(0, 40)}... (${text.length} chars)` : text;
}

const show = (path: Path): string => path.map(String).join('.');

/** Applies one random structured mutation; returns what it did. */
export function mutateTree(rng: Rng, tree: Tree): string {
  // Planting mostly: a single hostile value in an otherwise valid spec is what reaches the generators.
  const op = pick(rng, [
    ...Array(6).fill('plant'),
    'delete',
    'duplicate',
    'retype',
    'leaf',
    'rename',
    'many',
  ]);
  const all = paths(tree);
  const collections = all.filter((p) => {
    const { parent, key } = at(tree, p);
    const v: unknown = (parent as Record<string | number, unknown>)[key];
    return typeof v === 'object' && v !== null;
  });
  const target = pick(rng, op === 'many' ? collections : all);
  const { parent, key } = at(tree, target);
  const get = (): unknown => (parent as Record<string | number, unknown>)[key];
  const put = (v: unknown): void => {
    if (Array.isArray(parent)) parent[key as number] = v;
    else setOwn(parent, String(key), v);
  };
  switch (op) {
    case 'plant': {
      const [path, category] = pick(rng, PLANTS);
      const where = resolve(rng, tree, path);
      if (!where) return 'plant skipped (a list in the way)';
      const v = value(rng, category);
      if (Array.isArray(where.parent)) where.parent[where.key as number] = v;
      else setOwn(where.parent, String(where.key), v);
      return `plant ${show(where.resolved)} = ${describe(v)}`;
    }
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `delete ${show(target)}`;
    case 'duplicate': {
      const copy = structuredClone(get());
      if (Array.isArray(parent)) parent.splice(key as number, 0, copy);
      else setOwn(parent, `${String(key)}-2`, copy);
      return `duplicate ${show(target)}`;
    }
    case 'retype': {
      const v = otherType(rng, get());
      put(v);
      return `retype ${show(target)} = ${describe(v)}`;
    }
    case 'leaf': {
      const v = value(rng, pick(rng, ['number', 'duration', 'string', 'name', 'regex'] as const));
      put(v);
      return `set ${show(target)} = ${describe(v)}`;
    }
    case 'rename': {
      if (Array.isArray(parent)) return 'rename skipped (a list item)';
      const to = pick(rng, KEYS);
      const v = get();
      delete parent[key];
      setOwn(parent, to, v);
      return `rename ${show(target)} -> ${describe(to)}`;
    }
    default: {
      // Many copies: a spec with hundreds of environments, alerts or objectives.
      const n = pick(rng, [10, 50]);
      const v = get();
      if (Array.isArray(v))
        put(Array.from({ length: n }, (_, i) => structuredClone(v[i % Math.max(1, v.length)])));
      else if (isMap(v)) {
        const first = Object.entries(v)[0];
        if (!first) return 'many skipped (empty map)';
        for (let i = 0; i < n; i++) setOwn(v, `${first[0]}-${i}`, structuredClone(first[1]));
      } else return `many skipped (${show(target)} is a scalar)`;
      return `many ${show(target)} x${n}`;
    }
  }
}
