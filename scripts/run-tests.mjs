#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (Node 20's --test takes
// no globs, so the files are listed here). Extra arguments filter by path.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'golden' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = find('test')
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
mkdirSync('test-results', { recursive: true });
const tap = 'test-results/tap.txt';
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
// A plain closing line CI reads whatever the reporter prints: "N passed, N failed".
const text = readFileSync(tap, 'utf8');
const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
const failed = count('fail') + count('cancelled');
console.log(`${count('pass')} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
