/**
 * Limits on the YAML of a spec, checked before the work grows with the input:
 * the file's size, how deep it nests, and how far its aliases expand. Each
 * breach is a problem at a file position like any other YAML error, where the
 * yaml library would throw ("Excessive alias count", "Unresolved alias") or
 * overflow the stack while composing a deep document.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser } from 'yaml';

/** The largest spec file: the default spec is under 20 KiB; 1 MiB is fifty of it. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The refusal of a file past MAX_SPEC_BYTES; `what` it holds: "a spec", "a fault schedule". */
export function tooLargeMessage(what: string): string {
  return `is larger than ${MAX_SPEC_BYTES} bytes (1 MiB), the most ${what} may be`;
}

/**
 * The deepest nesting of mappings and lists. The spec's own schema goes six
 * levels deep (environments.<env>.objectives.<name>.threshold); the yaml
 * library's composer recurses per level and overflowed the stack near 1,000.
 */
export const MAX_NESTING = 32;

/**
 * The most values all aliases together may expand to. A "billion laughs"
 * (aliases of aliases) grows exponentially; an honest spec reuses a few
 * blocks. Counting is linear in the document, unlike yaml's own check.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** The most anchors and aliases: yaml resolves each alias by a scan of all of them. */
export const MAX_ALIASES = 1_000;

/** A limit broken at `offset` in the text. */
export interface YamlLimitProblem {
  code: string;
  offset: number;
  message: string;
}

/**
 * Where the text first nests deeper than MAX_NESTING, by running yaml's own
 * parser (iterative: its stack is an array) one lexical token at a time.
 * `what` the text holds ("a spec") is named in the message.
 */
export function nestingProblem(text: string, what: string): YamlLimitProblem | undefined {
  const parser = new Parser();
  // The stack holds the document and, for a top-level mapping, the mapping: nesting starts below them.
  const limit = MAX_NESTING + 2;
  for (const lexeme of new Lexer().lex(text)) {
    for (const _ of parser.next(lexeme)) {
      // Tokens of finished documents: nothing to do, the composer reads the text again.
    }
    if (parser.stack.length > limit)
      return {
        code: 'too_deep',
        offset: Math.max(0, parser.offset - lexeme.length),
        message: `nested more than ${MAX_NESTING} levels deep: ${what} needs fewer than ten`,
      };
  }
  return undefined;
}

/**
 * Unresolved aliases, an alias inside its own anchor, and aliases that expand
 * past MAX_ALIAS_EXPANSION values, each at the alias. Walks the composed
 * document once in order (nesting is already bounded), sizing every node.
 * `what` the document holds ("a spec") is named in the messages.
 */
export function aliasProblems(doc: Document, what: string): YamlLimitProblem[] {
  const anchors = new Map<string, unknown>();
  const size = new Map<unknown, number>();
  const open = new Set<unknown>();
  const problems: YamlLimitProblem[] = [];
  let aliases = 0;
  let expanded = 0;
  const offsetOf = (node: unknown): number =>
    (node as { range?: [number, number, number] | null }).range?.[0] ?? 0;

  const walk = (node: unknown): number => {
    if (problems.length > 0) return 0;
    if (isAlias(node)) {
      aliases++;
      const target = anchors.get(node.source);
      const at = offsetOf(node);
      if (aliases > MAX_ALIASES) {
        problems.push({
          code: 'too_many_aliases',
          offset: at,
          message: `more than ${MAX_ALIASES} aliases: ${what} needs a few; write the values out`,
        });
        return 0;
      }
      if (target === undefined) {
        problems.push({
          code: 'unresolved_alias',
          offset: at,
          message: `invalid YAML: alias *${node.source} has no anchor &${node.source} before it`,
        });
        return 0;
      }
      if (open.has(target)) {
        problems.push({
          code: 'recursive_alias',
          offset: at,
          message: `invalid YAML: alias *${node.source} is inside its own anchor`,
        });
        return 0;
      }
      const n = size.get(target) ?? 1;
      expanded += n;
      if (expanded > MAX_ALIAS_EXPANSION)
        problems.push({
          code: 'alias_expansion',
          offset: at,
          message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (nested aliases grow exponentially, a "billion laughs"): write the values out or alias less`,
        });
      return n;
    }
    // Set before the children: an alias inside its own anchor names this node (yaml resolves it so too).
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor !== undefined) anchors.set(anchor, node);
    open.add(node);
    let n = 1;
    if (isMap(node) || isSeq(node))
      for (const item of node.items) n += isPair(item) ? walk(item.key) + walk(item.value) : walk(item);
    else if (!isScalar(node)) n = 0;
    open.delete(node);
    size.set(node, n);
    return n;
  };
  walk(doc.contents);
  return problems;
}
