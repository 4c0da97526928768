/**
 * The layering of src/ (issue 11, "Layering you can see and that stays";
 * README, "Layout"): a folder imports only folders of lower layers, and
 * those only through their index.ts; no files import each other in a circle.
 * This is the one place the layer order is written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type ImportGraph,
  importSpecifiers,
  layeringProblems,
  readBuiltinImports,
  readImportGraph,
} from './helpers/import-graph.ts';

/**
 * The folders of src/, lowest layer first. A folder may import the folders of
 * the layers before its own; folders of one layer never import each other.
 * A new folder must be given its place here.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['net'], // host checks, secret files, mkdir -p: the lowest, used by servers, the simulator and the CLI's capabilities
  ['spec'], // the SLO spec: schema, loading, defaults
  ['engine'], // the SLO model: pure arithmetic and decisions, no I/O
  ['promql'], // every PromQL expression and metric name
  ['gateway', 'sim', 'store', 'collect'], // the runtime pieces, independent of each other
  ['sources'], // where numbers come from: the store or Prometheus
  ['rules'], // Prometheus recording and alert rules (output; nothing below reads them)
  ['dashboards', 'alerting'], // Grafana dashboards; Alertmanager config and embedded mode's alerts
  ['demo', 'bundle'], // the npm start demo; the files generate writes (rules, Alertmanager, dashboards)
  ['api'], // the HTTP API contract shared by server and UI
  ['ui'], // the web UI's assets and browser code
  ['server'], // the HTTP API and the UI's server
  ['cli'], // the command: parses, calls the folders above, renders
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The files of src/cli that may touch the file system: to check a flag's
 * file or path before a capability reads it. Reading and writing (specs,
 * secrets, stores, artefacts) is the capabilities' (issue 11, "A CLI that
 * only parses and renders").
 */
const CLI_FILE_CHECKS = ['src/cli/flag-parsers.ts', 'src/cli/spec-path.ts'];

describe('architecture of src/', () => {
  it("has no import cycle, no upward import and no import past another folder's index.ts", () => {
    const problems = layeringProblems(readImportGraph(ROOT, 'src'), 'src', LAYERS);
    if (problems.length > 0) assert.fail(`the layering of src/ is broken:\n  ${problems.join('\n  ')}`);
  });

  it('leaves file I/O to the capabilities: in src/cli only the flag checks import node:fs', () => {
    const fsUsers = [...readBuiltinImports(ROOT, 'src/cli')]
      .filter(
        ([file, builtins]) =>
          builtins.some((b) => /^node:fs(\/|$)/.test(b)) && !CLI_FILE_CHECKS.includes(file),
      )
      .map(([file]) => file);
    assert.deepEqual(fsUsers, [], 'these src/cli files read or write files: move that into a capability');
  });
});

describe('the layering checker', () => {
  const layers = [['low'], ['mid-a', 'mid-b'], ['high']];
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('reads every form of import, and no comment or string', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/index.ts';",
      "import './side-effect.ts';",
      "export { c } from './c.ts';",
      "export type * as D from './d.ts';",
      "const e = await import('./e.ts');",
      "let f: import('./f.ts').F;",
      "// import { g } from './g.ts';",
      'const h = "import { h } from \'./h.ts\'";',
    ].join('\n');
    assert.deepEqual(importSpecifiers('x.ts', text), [
      './a.ts',
      '../b/index.ts',
      './side-effect.ts',
      './c.ts',
      './d.ts',
      './e.ts',
      './f.ts',
    ]);
  });

  it('accepts downward imports through index.ts', () => {
    const g = graph({
      'src/high/x.ts': ['src/mid-a/index.ts', 'src/high/y.ts'],
      'src/high/y.ts': ['src/low/index.ts'],
      'src/mid-a/index.ts': ['src/mid-a/z.ts'],
      'src/mid-a/z.ts': ['src/low/index.ts'],
      'src/low/index.ts': [],
    });
    assert.deepEqual(layeringProblems(g, 'src', layers), []);
  });

  it('names an upward import, an import within one layer and one past index.ts', () => {
    const g = graph({
      'src/low/a.ts': ['src/high/index.ts'],
      'src/mid-a/b.ts': ['src/mid-b/index.ts', 'src/low/a.ts'],
      'src/high/index.ts': [],
      'src/mid-b/index.ts': [],
    });
    assert.deepEqual(layeringProblems(g, 'src', layers), [
      'src/low/a.ts imports src/high/index.ts: low may not import high (a higher layer)',
      'src/mid-a/b.ts imports src/mid-b/index.ts: mid-a may not import mid-b (same layer)',
      'src/mid-a/b.ts imports src/low/a.ts: another folder is imported through its index.ts only',
    ]);
  });

  it('names every cycle as a chain, within a folder and across index files', () => {
    const g = graph({
      'src/low/a.ts': ['src/low/b.ts'],
      'src/low/b.ts': ['src/low/c.ts'],
      'src/low/c.ts': ['src/low/a.ts'],
      'src/low/self.ts': ['src/low/self.ts'],
      'src/high/index.ts': ['src/high/x.ts'],
      'src/high/x.ts': ['src/high/index.ts'],
    });
    assert.deepEqual(layeringProblems(g, 'src', layers), [
      'import cycle: src/high/index.ts -> src/high/x.ts -> src/high/index.ts',
      'import cycle: src/low/a.ts -> src/low/b.ts -> src/low/c.ts -> src/low/a.ts',
      'import cycle: src/low/self.ts -> src/low/self.ts',
    ]);
  });

  it('asks for a place in the order for a new folder', () => {
    const g = graph({ 'src/new/index.ts': ['src/low/index.ts'], 'src/low/index.ts': [] });
    assert.deepEqual(layeringProblems(g, 'src', layers), ['folder new has no place in the layer order']);
  });
});
