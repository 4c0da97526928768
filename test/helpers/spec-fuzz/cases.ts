/**
 * One fuzz case per seed: the default spec or a valid fixture, parsed, mutated
 * (structured edits, shared nodes through anchors and aliases, YAML-level
 * edits) and written back as text. The same seed always gives the same text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isCollection, isMap, parse } from 'yaml';
import { seededRng } from '../../../src/sim/index.ts';
import { defaultSpecText } from '../../../src/spec/index.ts';
import { mutateText } from './text-mutations.ts';
import { mutateTree, type Tree } from './tree-mutations.ts';
import { pick } from './values.ts';

export interface FuzzCase {
  seed: number;
  /** The spec it started from: default-spec.yaml or a fixture's file name. */
  base: string;
  /** What was done to it, in order. */
  mutations: string[];
  text: string;
}

const VALID = join(import.meta.dirname, '..', '..', 'fixtures', 'spec', 'valid');

let bases: Array<{ name: string; text: string }> | undefined;

/** The default spec and every valid fixture (read once). */
function baseSpecs(): Array<{ name: string; text: string }> {
  bases ??= [
    { name: 'default-spec.yaml', text: defaultSpecText() },
    ...readdirSync(VALID)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(VALID, f), 'utf8') })),
  ];
  return bases;
}

/** Makes one collection an alias of another (shared data after loading, which generators must not edit). */
function shareNode(rng: ReturnType<typeof seededRng>, doc: Document): string {
  const maps: Array<{ parentKeyPath: string[] }> = [];
  const walk = (node: unknown, p: string[]): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      if (isCollection(pair.value)) maps.push({ parentKeyPath: [...p, key] });
      walk(pair.value, [...p, key]);
    }
  };
  walk(doc.contents, []);
  if (maps.length === 0) return 'share skipped (no collection)';
  const src = pick(rng, maps).parentKeyPath;
  const node = doc.getIn(src, true);
  if (!isCollection(node)) return 'share skipped';
  const alias = doc.createAlias(node, 'shared');
  const parent = src.slice(0, -1);
  const copyKey = `${src[src.length - 1]}-alias`;
  doc.setIn([...parent, copyKey], alias);
  return `share ${src.join('.')} as ${[...parent, copyKey].join('.')} (alias)`;
}

/** The case for `seed`: deterministic for a given repository state. */
export function fuzzCase(seed: number): FuzzCase {
  const rng = seededRng(seed);
  const all = baseSpecs();
  // The default spec exercises every generator; the fixtures are small and fast.
  const base = rng.next() < 0.6 ? all[0] : pick(rng, all);
  if (!base) throw new Error('no base spec');
  const mutations: string[] = [];
  let text = base.text;
  if (rng.next() < 0.8) {
    const tree = parse(base.text) as Tree;
    const n = rng.next() < 0.8 ? 1 : rng.int(2, 3);
    for (let i = 0; i < n; i++) mutations.push(mutateTree(rng, tree));
    const doc = new Document(tree);
    if (rng.next() < 0.1) mutations.push(shareNode(rng, doc));
    text = doc.toString({ lineWidth: 0 });
    if (rng.next() < 0.1) {
      const m = mutateText(rng, text);
      text = m.text;
      mutations.push(m.what);
    }
  } else {
    const m = mutateText(rng, text);
    text = m.text;
    mutations.push(m.what);
  }
  return { seed, base: base.name, mutations, text };
}
