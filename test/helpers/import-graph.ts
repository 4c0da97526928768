/**
 * The file import graph of src/ and the three layering rules checked on it
 * (test/architecture.test.ts holds the layer order): no import cycle between
 * files, no import from a lower layer's folder to a higher one's (nor between
 * folders of one layer), and another folder only through its index.ts.
 * Imports are read with the TypeScript parser, so comments and strings that
 * look like imports do not count, and every form does: `import`, `import
 * type`, `export ... from`, `import()` and `import('x').T` in types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';

/** File (path relative to the repository, with '/') -> the files it imports. */
export type ImportGraph = Map<string, string[]>;

/** The module specifiers a TypeScript source imports or re-exports, in order. */
export function importSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push(node.arguments[0].text);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      found.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative imports of every .ts file under `dir` (packages and node: builtins left out). */
export function readImportGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const abs of sourceFiles(join(root, dir)).sort()) {
    const file = relative(root, abs).split('\\').join('/');
    const targets = importSpecifiers(file, readFileSync(abs, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => posix.normalize(posix.join(dirname(file), s)));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The Node built-ins (`node:...` specifiers) each .ts file under `dir` imports, for files importing any. */
export function readBuiltinImports(root: string, dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const abs of sourceFiles(join(root, dir)).sort()) {
    const file = relative(root, abs).split('\\').join('/');
    const builtins = importSpecifiers(file, readFileSync(abs, 'utf8')).filter((s) => s.startsWith('node:'));
    if (builtins.length > 0) out.set(file, [...new Set(builtins)]);
  }
  return out;
}

/** The folder under `base` a file belongs to ('src/ui/app/x.ts' -> 'ui'), '' for a file directly in it. */
export function folderOf(base: string, file: string): string {
  const rest = file.slice(base.length + 1).split('/');
  return rest.length > 1 ? (rest[0] ?? '') : '';
}

/** Every import cycle between files, each as the chain `a -> b -> ... -> a` (one per strongly connected group), sorted. */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components; any with more than one file, or a file importing itself, is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return groups.map((g) => cycleThrough(graph, new Set(g))).sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

/** One concrete cycle inside a strongly connected group, from its first file (sorted) back to it. */
function cycleThrough(graph: ImportGraph, group: ReadonlySet<string>): string[] {
  const start = [...group].sort()[0] ?? '';
  // Breadth-first from start inside the group: the shortest way back is the easiest chain to read.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() ?? '';
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!group.has(w)) continue;
      if (w === start) {
        const chain = [v];
        while (chain[0] !== start) chain.unshift(previous.get(chain[0] ?? '') ?? start);
        return [...chain, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * What breaks the layering, one line each: a folder missing from `layers`
 * (lowest first; folders in one entry are one level and must not import each
 * other), an import of a higher or same-level folder, an import of another
 * folder other than through its index.ts, and every import cycle.
 */
export function layeringProblems(
  graph: ImportGraph,
  base: string,
  layers: readonly (readonly string[])[],
): string[] {
  const level = new Map<string, number>();
  layers.forEach((folders, i) => {
    for (const f of folders) level.set(f, i);
  });
  const problems: string[] = [];
  const unplaced = new Set<string>();
  for (const [file, targets] of graph) {
    const from = folderOf(base, file);
    if (!level.has(from)) unplaced.add(from === '' ? `${file} (a file outside any folder)` : from);
    for (const target of targets) {
      if (!target.startsWith(`${base}/`)) {
        problems.push(`${file} imports ${target}, outside ${base}/`);
        continue;
      }
      const to = folderOf(base, target);
      if (to === from) continue;
      const a = level.get(from);
      const b = level.get(to);
      if (a !== undefined && b !== undefined && b >= a)
        problems.push(
          `${file} imports ${target}: ${from} may not import ${to} (${b === a ? 'same layer' : 'a higher layer'})`,
        );
      if (target !== `${base}/${to}/index.ts`)
        problems.push(`${file} imports ${target}: another folder is imported through its index.ts only`);
    }
  }
  for (const f of [...unplaced].sort()) problems.unshift(`folder ${f} has no place in the layer order`);
  for (const cycle of importCycles(graph)) problems.push(`import cycle: ${cycle.join(' -> ')}`);
  return problems;
}
