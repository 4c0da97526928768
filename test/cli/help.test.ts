/**
 * `--help` of every command: exit 0, an example, and the exit codes it lists
 * worded as the one table (exit-codes.ts) words them; and a bad spec exits
 * with the same code in every command that reads one (README, "Commands").
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT, EXIT_MEANING } from '../../src/cli/exit-codes.ts';
import { COMMAND_HELP, type CommandName } from '../../src/cli/help-text.ts';
import { runCli } from '../helpers/cli.ts';
import { withTempDir } from '../helpers/tools.ts';

const COMMANDS = Object.keys(COMMAND_HELP) as CommandName[];

/** The `N  meaning` lines under "Exit codes:", as code -> text. */
function listedExits(help: string): Map<number, string> {
  const section = help.split(/^Exit codes:$/m)[1];
  assert.ok(section !== undefined, `no "Exit codes:" section in:\n${help}`);
  const listed = new Map<number, string>();
  for (const line of section.split('\n').slice(1)) {
    const m = /^ {2}(\d+) {2}(.+)$/.exec(line);
    if (!m) break;
    listed.set(Number(m[1]), m[2] as string);
  }
  return listed;
}

function assertTableText(listed: Map<number, string>): void {
  assert.ok(listed.size > 0, 'no exit code listed');
  for (const [code, text] of listed) {
    assert.ok(Object.hasOwn(EXIT_MEANING, code), `exit ${code} is not in the table`);
    assert.equal(text, EXIT_MEANING[code as keyof typeof EXIT_MEANING], `exit ${code}`);
  }
}

describe('vllm-slo --help', () => {
  it('the program lists every code of the table and an example', async () => {
    const r = await runCli('--help');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Examples?:\n {2}\$ vllm-slo /m);
    const listed = listedExits(r.out);
    assertTableText(listed);
    assert.deepEqual([...listed.keys()], Object.values(EXIT));
  });

  for (const name of COMMANDS) {
    it(`${name} --help exits 0 with an example and its codes from the table`, async () => {
      const r = await runCli(name, '--help');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`^Examples?:\\n {2}\\$ vllm-slo ${name}\\b`, 'm'));
      const listed = listedExits(r.out);
      assertTableText(listed);
      assert.deepEqual([...listed.keys()], [...COMMAND_HELP[name].exits]);
      // A code a command returns for a bad spec or flags must be among those it lists.
      assert.ok(listed.has(EXIT.usage), 'every command can fail on bad flags');
    });
  }
});

const INVALID = join(import.meta.dirname, '..', 'fixtures', 'spec', 'invalid', 'bad-duration.yaml');

/** Every command that reads a spec, with the spec in its place and whatever else it needs to get that far. */
const READERS: ReadonlyArray<[string, (spec: string, dir: string) => string[]]> = [
  ['validate', (spec) => ['validate', spec]],
  ['generate', (spec, dir) => ['generate', spec, '-o', join(dir, 'out')]],
  ['status', (spec) => ['status', '--spec', spec, '--db', ':memory:']],
  ['alerts', (spec) => ['alerts', spec, '--db', ':memory:']],
  ['serve', (spec) => ['serve', '--spec', spec, '--db', ':memory:', '--port', '0']],
  ['gateway', (spec) => ['gateway', '--spec', spec, '--upstream', 'http://127.0.0.1:1', '--port', '0']],
  ['demo', (spec) => ['demo', '--spec', spec, '--port', '0', '--backfill-days', '0']],
];

describe('a bad spec exits 2 (usage) in every command that reads one', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['an invalid', INVALID],
    ['a missing', '/nonexistent/slo.yaml'],
  ];
  for (const [what, spec] of cases)
    for (const [command, args] of READERS)
      it(`${command} with ${what} spec`, async () => {
        await withTempDir(async (dir) => {
          const r = await runCli(...args(spec, dir));
          assert.equal(r.code, EXIT.usage, `${command}: ${r.err}`);
          assert.match(r.err, /slo\.yaml|bad-duration\.yaml/, 'the message names the file');
          assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
        });
      });
});
