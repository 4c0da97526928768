/**
 * Maps a field path to its place in the YAML source (1-based line and column),
 * so every problem names file:line:col. Uses the yaml library's node ranges.
 */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './problems.ts';

export interface Position {
  line: number;
  col: number;
}

/**
 * Where a path points: the key of the deepest map entry that exists (so a
 * wrong value is reported at its key, a missing one at its parent's key), or
 * the item of a list.
 */
export function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[]): Position {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** Position of a key inside the map at `path` (for unknown keys). */
export function locateKey(
  doc: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  key: string,
): Position {
  const parent = doc.getIn(path, true) as Node | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const start = pair ? rangeStart(pair.key) : undefined;
    if (start !== undefined) return { ...lines.linePos(start) };
  }
  return locate(doc, lines, [...path, key]);
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}
