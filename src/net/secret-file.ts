/**
 * Reading a secret from a file named by a flag (serve's --token-file, the
 * gateway's --api-key-file, status's Prometheus credentials): never empty,
 * long enough beyond loopback, never printed.
 */
import { readFile } from 'node:fs/promises';
import { isLoopback } from './host-check.ts';

/**
 * The shortest token accepted beyond loopback: 16 characters is 96 bits when
 * random base64url (`openssl rand -base64 12`), out of reach of guessing over
 * the network, and the length of a short passphrase otherwise. A 1-character
 * token (accepted before) falls to under a hundred guesses.
 */
export const MIN_TOKEN_LENGTH = 16;

/**
 * A secret file that cannot be used: unreadable, empty, or too short beyond
 * loopback. The message names the flag and the file, never the content; the
 * CLI exits 2 (usage) with it.
 */
export class SecretFileError extends Error {
  constructor(
    readonly code: 'unreadable' | 'empty' | 'too_short',
    /** The file named by the flag. */
    readonly value: string,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretFileError';
  }
}

/** Which flag names the file, what the file holds, and what leaving the flag out does (for the messages). */
export interface SecretFlag {
  flag: string;
  /** e.g. "an access token" */
  what: string;
  /** e.g. "token" */
  noun: string;
  /** e.g. "leave out --token-file for no token on loopback" */
  without: string;
}

/**
 * The secret in `file` (trimmed), undefined when no file is named. An empty
 * file would silently turn the check it guards off, and beyond loopback
 * (`host` given and not loopback) a secret shorter than MIN_TOKEN_LENGTH can
 * be guessed.
 * @throws SecretFileError naming the flag and the file, never the content.
 */
export async function readSecretFile(
  file: string | undefined,
  host: string | undefined,
  s: SecretFlag,
): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let token: string;
  try {
    token = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SecretFileError(
      'unreadable',
      file,
      'a readable file',
      `${s.flag} ${file}: cannot read the file (${code})`,
    );
  }
  if (token === '')
    throw new SecretFileError(
      'empty',
      file,
      s.what,
      `${s.flag} ${file}: the file is empty (expected ${s.what}; ${s.without})`,
    );
  if (host !== undefined && !isLoopback(host) && token.length < MIN_TOKEN_LENGTH)
    throw new SecretFileError(
      'too_short',
      file,
      `at least ${MIN_TOKEN_LENGTH} characters`,
      `${s.flag} ${file}: the ${s.noun} has ${token.length} characters; with --host ${host} it needs at least ${MIN_TOKEN_LENGTH} (e.g. openssl rand -base64 24 > ${file})`,
    );
  return token;
}

/** serve's --token-file: the access token of the UI and API. */
export function readTokenFile(file: string | undefined, host: string): Promise<string | undefined> {
  return readSecretFile(file, host, {
    flag: '--token-file',
    what: 'an access token',
    noun: 'token',
    without: 'leave out --token-file for no token on loopback',
  });
}
