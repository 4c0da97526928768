/**
 * A secret file (serve's --token-file, the gateway's --api-key-file, the
 * Prometheus credentials) is refused when it cannot be read, is empty, or is
 * too short beyond loopback; the message names the flag and the file, never
 * the content.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MIN_TOKEN_LENGTH, readSecretFile, readTokenFile, SecretFileError } from '../../src/net/index.ts';
import { rejectsWith } from '../helpers/rejects.ts';
import { withTempDir } from '../helpers/tools.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cli');
const FLAG = { flag: '--key-file', what: 'a key', noun: 'key', without: 'leave out --key-file for none' };

describe('readSecretFile', () => {
  it('is undefined without a file, and the trimmed content with one', async () => {
    assert.equal(await readSecretFile(undefined, '0.0.0.0', FLAG), undefined);
    await withTempDir(async (dir) => {
      const file = join(dir, 'key');
      writeFileSync(file, 'short\n');
      assert.equal(await readSecretFile(file, '127.0.0.1', FLAG), 'short');
      assert.equal(await readSecretFile(file, undefined, FLAG), 'short');
    });
  });

  it('names the flag and the file of one it cannot read, or that is empty or blank', async () => {
    await rejectsWith(
      readSecretFile('/nonexistent/key', undefined, FLAG),
      SecretFileError,
      'unreadable',
      /^--key-file \/nonexistent\/key: cannot read the file \(ENOENT\)$/,
    );
    for (const f of ['empty-secret.txt', 'blank-secret.txt'])
      await rejectsWith(
        readSecretFile(join(FIXTURES, f), undefined, FLAG),
        SecretFileError,
        'empty',
        /--key-file .*: the file is empty \(expected a key; leave out --key-file for none\)/,
      );
  });

  it(`refuses a token shorter than ${MIN_TOKEN_LENGTH} characters beyond loopback, without printing it`, async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'token');
      writeFileSync(file, 'sesame');
      await rejectsWith(
        readTokenFile(file, '0.0.0.0'),
        SecretFileError,
        'too_short',
        new RegExp(
          `^--token-file ${file}: the token has 6 characters; with --host 0\\.0\\.0\\.0 it needs at least 16 `,
        ),
      );
      await assert.rejects(
        readTokenFile(file, '0.0.0.0'),
        (err) => !(err as Error).message.includes('sesame'),
      );
      writeFileSync(file, 'x'.repeat(MIN_TOKEN_LENGTH));
      assert.equal(await readTokenFile(file, '0.0.0.0'), 'x'.repeat(MIN_TOKEN_LENGTH));
    });
  });
});
