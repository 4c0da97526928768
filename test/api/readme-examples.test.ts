/**
 * The README's API contract (issue 11): every route of API_ROUTES, and the
 * error shape, has an example response in README.md ("Web UI and the live
 * demo", each after `<!-- api-example: NAME -->`), and each example has the
 * shape of what the server answers now, in api-world.ts's world. A field
 * added, renamed or retyped without the README changing fails here.
 * `UPDATE_GOLDEN=1` rewrites the examples from the responses (trimmed, see
 * json-shape.ts); check the diff before committing.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_ERROR_CODES, API_ROUTES, type ApiRoute, apiPaths } from '../../src/api/index.ts';
import { type ApiWorld, startApiWorld } from './api-world.ts';
import { LIST_ITEMS, layout, SERIES_ITEMS, shapeDiff, trimmed } from './json-shape.ts';

const README = join(import.meta.dirname, '..', '..', 'README.md');
const EXAMPLE = /<!-- api-example: ([a-z-]+) -->\n```json\n([\s\S]*?)\n```/g;

/** The request each example answers: one per route (typed: a new route needs one), and an error. */
const EXAMPLE_PATHS: Record<ApiRoute | 'error', string> = {
  config: apiPaths.config(),
  status: apiPaths.status('staging'),
  objectives: apiPaths.objective('production', 'latency-p95', '1h'),
  pods: apiPaths.pods(),
  alerts: apiPaths.alerts(),
  error: apiPaths.objective('production', 'latency-p90', '1h'),
};

function examples(text: string): Map<string, string> {
  return new Map([...text.matchAll(EXAMPLE)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

let world: ApiWorld;
before(async () => {
  world = await startApiWorld();
});
after(() => world.stop());

/** Each example's request answered now; with UPDATE_GOLDEN=1 the README's examples rewritten from them first. */
async function responses(): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const [name, path] of Object.entries(EXAMPLE_PATHS)) {
    const res = await fetch(`${world.url}${path}`);
    assert.equal(res.status, name === 'error' ? 404 : 200, path);
    out.set(name, await res.json());
  }
  if (process.env.UPDATE_GOLDEN === '1') {
    let text = readFileSync(README, 'utf8');
    for (const [name, real] of out)
      text = text.replace(
        new RegExp(`(<!-- api-example: ${name} -->\\n\`\`\`json\\n)[\\s\\S]*?(\\n\`\`\`)`),
        (_m, open: string, close: string) => `${open}${layout(trimmed(real))}${close}`,
      );
    writeFileSync(README, text);
  }
  return out;
}

describe("the README's API examples", () => {
  let readme: string;
  let real: Map<string, unknown>;
  before(async () => {
    real = await responses();
    readme = readFileSync(README, 'utf8');
  });

  it('has one for every route of API_ROUTES and for the error shape, and no other', () => {
    assert.deepEqual([...examples(readme).keys()].sort(), [...API_ROUTES, 'error'].sort());
  });

  it("has each example in the shape of the server's response", () => {
    const found = examples(readme);
    const diffs: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(EXAMPLE_PATHS)) {
      const text = found.get(name);
      assert.ok(text !== undefined, `README.md has no <!-- api-example: ${name} --> json block`);
      let example: unknown;
      assert.doesNotThrow(() => {
        example = JSON.parse(text);
      }, `the README's ${name} example is not JSON`);
      const diff = shapeDiff(example, real.get(name));
      if (diff.length > 0) diffs[`${name} (GET ${path})`] = diff;
    }
    assert.deepEqual(
      diffs,
      {},
      "the README's examples differ from the responses; UPDATE_GOLDEN=1 rewrites them",
    );
  });

  it('lists every error code with its status, and says how far arrays are trimmed', () => {
    for (const [code, status] of Object.entries(API_ERROR_CODES))
      assert.match(readme, new RegExp(`\\| \`${code}\` +\\| ${status} +\\|`), `${code} ${status}`);
    assert.match(readme, new RegExp(`first ${LIST_ITEMS} items.*first ${SERIES_ITEMS} points`, 's'));
  });
});

describe('shapeDiff', () => {
  const real = {
    a: 1,
    b: [
      { c: 'x', d: null },
      { c: 'y', d: 2 },
    ],
    e: {},
  };

  it('accepts a trimmed example of the same shape', () => {
    assert.deepEqual(shapeDiff({ a: 7, b: [{ c: 'z', d: null }], e: {} }, real), []);
  });

  it('finds a renamed, added, removed or retyped field, and an emptied array', () => {
    assert.deepEqual(shapeDiff({ A: 1, b: [{ c: 'x', d: null }], e: {} }, real), [
      '$: the example lacks key a',
      '$: the response has no key A',
    ]);
    assert.deepEqual(shapeDiff({ a: 1, b: [{ c: 'x', d: null, f: 1 }], e: {} }, real), [
      '$.b[0]: the response has no key f',
    ]);
    assert.deepEqual(shapeDiff({ a: '1', b: [], e: { g: true } }, real), [
      '$.a: the example has string, the response number',
      '$.b: the example shows no item, the response has 2',
      '$.e: the response has no key g',
    ]);
    assert.deepEqual(shapeDiff({ a: 1, b: [{ c: 'x', d: 0 }], e: {} }, real), [
      '$.b[0].d: the example has number, the response null',
    ]);
  });
});
