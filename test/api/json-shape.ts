/**
 * The README's API examples against real responses: their shape (the keys
 * of every object, the type of every leaf) must be the response's, so a
 * field added or renamed without the README changing fails. Lists and
 * series in the README keep only their first items, compared in place.
 */

/** Items a list of objects keeps in a README example (the README says so). */
export const LIST_ITEMS = 2;
/** Points a series (an array of numbers and nulls) keeps in a README example. */
export const SERIES_ITEMS = 3;

type Kind = 'null' | 'number' | 'string' | 'boolean' | 'array' | 'object';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

/**
 * Where `example` differs in shape from `real`, one line per difference
 * ("$.status.burn_rates: missing key 6h"); empty when the shapes agree.
 * Example arrays may be shorter (trimmed) but not empty where the real one
 * is not, and their items are compared with the real ones at the same place.
 */
export function shapeDiff(example: unknown, real: unknown, path = '$'): string[] {
  const [ek, rk] = [kindOf(example), kindOf(real)];
  if (ek !== rk) return [`${path}: the example has ${ek}, the response ${rk}`];
  if (ek === 'array') {
    const [e, r] = [example as unknown[], real as unknown[]];
    if (e.length > r.length) return [`${path}: the example has ${e.length} items, the response ${r.length}`];
    if (e.length === 0 && r.length > 0)
      return [`${path}: the example shows no item, the response has ${r.length}`];
    return e.flatMap((item, i) => shapeDiff(item, r[i], `${path}[${i}]`));
  }
  if (ek !== 'object') return [];
  const [e, r] = [example as Record<string, unknown>, real as Record<string, unknown>];
  const out: string[] = [];
  for (const key of Object.keys(r)) if (!(key in e)) out.push(`${path}: the example lacks key ${key}`);
  for (const key of Object.keys(e)) {
    if (!(key in r)) out.push(`${path}: the response has no key ${key}`);
    else out.push(...shapeDiff(e[key], r[key], `${path}.${key}`));
  }
  return out;
}

/**
 * A response as the README shows it: lists of objects cut to LIST_ITEMS,
 * series to SERIES_ITEMS, fractions to 4 significant digits; lists of
 * strings (ranges, models) whole.
 */
export function trimmed(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(4));
  if (Array.isArray(v)) {
    const series = v.every((x) => x === null || typeof x === 'number');
    const objects = v.some((x) => x !== null && typeof x === 'object');
    return (series ? v.slice(0, SERIES_ITEMS) : objects ? v.slice(0, LIST_ITEMS) : v).map(trimmed);
  }
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimmed(x)]));
  return v;
}

/**
 * JSON laid out for reading: a value on one line when it fits in 100
 * columns (after `indent` and `lead`, the key before it), else one member a line.
 */
export function layout(v: unknown, indent = '', lead = 0): string {
  const flat = oneLine(v);
  if (indent.length + lead + flat.length <= 100 || v === null || typeof v !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + layout(x, inner)).join(',\n')}\n${indent}]`;
  const members = Object.entries(v).map(([k, x]) => {
    const key = `${JSON.stringify(k)}: `;
    return `${inner}${key}${layout(x, inner, key.length)}`;
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function oneLine(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`)
      .join(', ')} }`.replace('{  }', '{}');
  return JSON.stringify(v);
}
