/** The README's Quick start and its example spec stay true. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatProblem, parseSpec } from '../../src/spec/index.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('opens with a Quick start holding `npm install && npm start` and `npm test`', () => {
    const quick = README.slice(README.indexOf('## Quick start'));
    assert.ok(
      README.indexOf('## Quick start') > 0 &&
        README.indexOf('## Quick start') < README.indexOf('## Commands'),
    );
    assert.match(quick, /npm install && npm start/);
    assert.match(quick, /npm test/);
  });

  it("the spec example under 'The spec' is valid", () => {
    const section = README.slice(README.indexOf('## The spec'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(block, 'no yaml block under ## The spec');
    const r = parseSpec(block, 'README.md');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    assert.equal(r.spec.environments[0]?.objectives.length, 7);
  });
});
