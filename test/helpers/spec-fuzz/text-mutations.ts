/**
 * YAML-level mutations of spec text: anchors and aliases (shared, unresolved,
 * exponential), deep nesting, tabs, duplicate keys, tags, directives, several
 * documents, truncation and random character flips.
 */
import type { Rng } from '../../../src/sim/index.ts';
import { pick } from './values.ts';

/** `key: value` lines (block mappings, list items included): where most edits go. */
const KEY_LINE = /^( *)(- +)?([A-Za-z_][\w-]*): +([^\s#&*!|>][^#]*?)\s*$/;

/** Characters a random flip writes: YAML indicators, whitespace, quotes, unicode. */
const FLIP = [
  ':',
  '-',
  '#',
  '"',
  "'",
  '\t',
  '\n',
  ' ',
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  ',',
  '?',
  'é',
  '🙂',
  '\u00a0',
  '\\',
  '0',
  'z',
];

function keyLines(lines: string[]): number[] {
  return lines.flatMap((l, i) => (KEY_LINE.test(l) ? [i] : []));
}

/** Replaces the value of a random `key: value` line; undefined when the text has none. */
function replaceValue(rng: Rng, lines: string[], make: (old: string) => string): number | undefined {
  const candidates = keyLines(lines);
  if (candidates.length === 0) return undefined;
  const i = pick(rng, candidates);
  const line = lines[i] ?? '';
  lines[i] = line.replace(
    KEY_LINE,
    (_m, indent: string, dash: string | undefined, key: string, old: string) => {
      return `${indent}${dash ?? ''}${key}: ${make(old)}`;
    },
  );
  return i + 1;
}

/** An alias chain that expands to 10^9 nodes (the "billion laughs" of XML, in YAML). */
function aliasBomb(levels: number): string {
  const out = ['x-lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    out.push(
      `x-lol${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${out.join('\n')}\n`;
}

const TAGS = [
  '!!str',
  '!!int',
  '!!float',
  '!!bool',
  '!!null',
  '!!binary',
  '!!timestamp',
  '!!set',
  '!!omap',
  '!custom',
  '!<tag:x>',
];

/** Applies one random YAML-level mutation to `text`; returns the new text and what it did. */
export function mutateText(rng: Rng, text: string): { text: string; what: string } {
  const lines = text.split('\n');
  const op = pick(rng, [
    'bomb',
    'unresolved',
    'nest-flow',
    'nest-block',
    'tab',
    'duplicate-key',
    'tag',
    'directive',
    'documents',
    'crlf',
    'truncate',
    'flip',
    'flip',
    'flip',
  ]);
  switch (op) {
    case 'bomb': {
      const levels = pick(rng, [3, 5, 9]);
      const line = replaceValue(rng, lines, () => `*l${levels - 1}`);
      return {
        text: aliasBomb(levels) + lines.join('\n'),
        what: `alias bomb of ${levels} levels used at line ${line}`,
      };
    }
    case 'unresolved': {
      const line = replaceValue(rng, lines, () => '*nope');
      return { text: lines.join('\n'), what: `unresolved alias at line ${line}` };
    }
    case 'nest-flow': {
      const depth = pick(rng, [64, 1000, 20_000]);
      const line = replaceValue(rng, lines, () => `${'['.repeat(depth)}${']'.repeat(depth)}`);
      return { text: lines.join('\n'), what: `flow nesting ${depth} deep at line ${line}` };
    }
    case 'nest-block': {
      const depth = pick(rng, [100, 2000]);
      const deep = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n');
      return {
        text: `${lines.join('\n')}\nx-deep:\n${deep} 1\n`,
        what: `block nesting ${depth} deep at the end`,
      };
    }
    case 'tab': {
      const candidates = lines.flatMap((l, i) => (/^ +\S/.test(l) ? [i] : []));
      const i = pick(rng, candidates.length > 0 ? candidates : [0]);
      lines[i] = (lines[i] ?? '').replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
      return { text: lines.join('\n'), what: `tab indentation at line ${i + 1}` };
    }
    case 'duplicate-key': {
      const i = pick(rng, keyLines(lines).length > 0 ? keyLines(lines) : [0]);
      lines.splice(i + 1, 0, (lines[i] ?? '').replace(/^( *)- /, '$1  '));
      return { text: lines.join('\n'), what: `duplicate key line ${i + 1}` };
    }
    case 'tag': {
      const tag = pick(rng, TAGS);
      const line = replaceValue(rng, lines, (old) => `${tag} ${old}`);
      return { text: lines.join('\n'), what: `tag ${tag} at line ${line}` };
    }
    case 'directive': {
      const d = pick(rng, [
        '%YAML 1.1\n---\n',
        '%YAML 9.9\n---\n',
        '%TAG ! tag:x,2000:\n---\n',
        '\ufeff',
        '---\n',
      ]);
      return { text: d + text, what: `prefix ${JSON.stringify(d)}` };
    }
    case 'documents':
      return { text: `${text}\n---\n${text}`, what: 'a second document' };
    case 'crlf':
      return { text: text.replaceAll('\n', pick(rng, ['\r\n', '\r'])), what: 'CRLF or CR line ends' };
    case 'truncate': {
      const at = rng.int(0, text.length);
      return { text: text.slice(0, at), what: `truncated at offset ${at}` };
    }
    default: {
      const chars = [...text];
      const n = rng.int(1, 8);
      const where: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = rng.int(0, chars.length - 1);
        chars[i] = pick(rng, FLIP);
        where.push(i);
      }
      return { text: chars.join(''), what: `${n} character flips at ${where.join(',')}` };
    }
  }
}
