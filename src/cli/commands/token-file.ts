/**
 * Reading a secret from a file named by a flag (serve's --token-file, the
 * gateway's --api-key-file, status's Prometheus credentials): never empty,
 * long enough beyond loopback, never printed.
 */
import { readFile } from 'node:fs/promises';
import { isLoopback, MIN_TOKEN_LENGTH } from '../../server/index.ts';
import { EXIT } from '../exit-codes.ts';

export type TokenFileResult =
  | { ok: true; token: string | undefined }
  /** A usage error (exit 2): the file cannot be read or its content is not a usable secret. */
  | { ok: false; exit: typeof EXIT.usage; message: string };

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
 * The secret in `file` (trimmed), or why it cannot be used: an empty file
 * would silently turn the check it guards off, and beyond loopback (`host`
 * given and not loopback) a secret shorter than MIN_TOKEN_LENGTH can be
 * guessed. The messages name the flag and the file, never the content.
 */
export async function readSecretFile(
  file: string | undefined,
  host: string | undefined,
  s: SecretFlag,
): Promise<TokenFileResult> {
  if (file === undefined) return { ok: true, token: undefined };
  let token: string;
  try {
    token = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, exit: EXIT.usage, message: `${s.flag} ${file}: cannot read the file (${code})` };
  }
  if (token === '')
    return {
      ok: false,
      exit: EXIT.usage,
      message: `${s.flag} ${file}: the file is empty (expected ${s.what}; ${s.without})`,
    };
  if (host !== undefined && !isLoopback(host) && token.length < MIN_TOKEN_LENGTH)
    return {
      ok: false,
      exit: EXIT.usage,
      message: `${s.flag} ${file}: the ${s.noun} has ${token.length} characters; with --host ${host} it needs at least ${MIN_TOKEN_LENGTH} (e.g. openssl rand -base64 24 > ${file})`,
    };
  return { ok: true, token };
}

/** serve's --token-file: the access token of the UI and API. */
export function readTokenFile(file: string | undefined, host: string): Promise<TokenFileResult> {
  return readSecretFile(file, host, {
    flag: '--token-file',
    what: 'an access token',
    noun: 'token',
    without: 'leave out --token-file for no token on loopback',
  });
}
