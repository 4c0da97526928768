/**
 * The YAML limits (src/spec/yaml-limits.ts) on inputs too large for a
 * fixture file: the 1 MiB size, nesting far past any stack, and aliases used
 * honestly. Every refusal is a problem, never an exception.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultSpecText, formatProblem, parseSpec, readSpec } from '../../src/spec/index.ts';
import { MAX_SPEC_BYTES } from '../../src/spec/yaml-limits.ts';
import { withTempDir } from '../helpers/tools.ts';

const TOO_LARGE = 'slo.yaml: is larger than 1048576 bytes (1 MiB), the most a spec may be';

/** The default spec followed by a comment that brings it to `bytes`. */
function paddedSpec(bytes: number): string {
  const text = `${defaultSpecText()}#`;
  return `${text}${'x'.repeat(bytes - Buffer.byteLength(text) - 1)}\n`;
}

describe('spec size', () => {
  test('a spec of exactly 1 MiB is read', async () => {
    const text = paddedSpec(MAX_SPEC_BYTES);
    assert.equal(Buffer.byteLength(text), MAX_SPEC_BYTES);
    const r = parseSpec(text, 'slo.yaml');
    assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), []);
  });

  test('a byte more is refused, from text and from a file', async () => {
    const text = paddedSpec(MAX_SPEC_BYTES + 1);
    const r = parseSpec(text, 'slo.yaml');
    assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), [TOO_LARGE]);
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      writeFileSync(path, text);
      const f = await readSpec(path, 'slo.yaml');
      assert.deepEqual(f.ok ? [] : f.problems.map(formatProblem), [TOO_LARGE]);
    });
  });

  test('a multi-megabyte string value is refused before parsing', () => {
    const text = defaultSpecText().replace('requests: vllm_requests_total', `requests: ${'a'.repeat(20e6)}`);
    const r = parseSpec(text, 'slo.yaml');
    assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), [TOO_LARGE]);
  });

  test('an endless device is read no further than the limit', async () => {
    const r = await readSpec('/dev/zero', 'slo.yaml');
    assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), [TOO_LARGE]);
  });
});

describe('nesting and aliases', () => {
  test('half a million nested lists are a positioned problem, not a stack overflow', () => {
    const text = `apiVersion: vllm-slo/v1\nx: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    const r = parseSpec(text, 'slo.yaml');
    assert.deepEqual(r.ok ? [] : r.problems.map(formatProblem), [
      'slo.yaml:2:36 nested more than 32 levels deep: a spec needs fewer than ten',
    ]);
  });

  test('an anchor and alias used to share a value are accepted', () => {
    const text = defaultSpecText()
      .replace('    podRegex: ".*-staging-.*"', '    podRegex: &shared ".*-(staging|development)-.*"')
      .replace('    podRegex: ".*-development-.*"', '    podRegex: *shared');
    const r = parseSpec(text, 'slo.yaml');
    assert.equal(r.ok, true, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  });
});
