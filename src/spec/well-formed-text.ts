/**
 * Text that is not valid Unicode. A YAML file is UTF-8, but a double-quoted
 * escape ("\uD800") can still write half of a surrogate pair, which no UTF-8
 * encoder can write back: the generated rules then hold U+FFFD or invalid
 * bytes, and promtool refuses the whole rules file (the fuzzer found it in a
 * pod regex). Any string of a YAML file vllm-slo reads, key or value, is
 * checked, so the problem is named where it was written.
 */
import type { PathSegment } from './problems.ts';
import type { FieldProblem } from './zod-problems.ts';

/** In unicode mode `\p{Surrogate}` matches only a surrogate that is not half of a pair. */
const LONE_SURROGATE = /\p{Surrogate}/u;

function hex(text: string): string {
  const c = text.match(LONE_SURROGATE)?.[0] ?? '';
  return `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function problem(path: PathSegment[], text: string, what: 'key' | 'value'): FieldProblem {
  return {
    code: 'invalid_text',
    path,
    message: `the ${what} holds ${hex(text)}, half of a surrogate pair, which is not a character: write the whole character (e.g. "\\U0001F600") or leave the escape out`,
  };
}

/** A problem for every key or string value, at any depth, that holds a lone surrogate. */
export function illFormedText(data: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  const walk = (v: unknown, path: PathSegment[]): void => {
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) out.push(problem(path, v, 'value'));
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, [...path, i]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) out.push(problem([...path, k], k, 'key'));
        walk(item, [...path, k]);
      }
    }
  };
  walk(data, []);
  return out;
}
