/** Reading serve's --token-file: never empty, long enough beyond loopback, never printed. */
import { readFile } from 'node:fs/promises';
import { isLoopback, MIN_TOKEN_LENGTH } from '../../server/index.ts';

export type TokenFileResult =
  | { ok: true; token: string | undefined }
  /** exit 1 when the file cannot be read, 2 when its content is not a usable token (a usage error). */
  | { ok: false; exit: 1 | 2; message: string };

/**
 * The token in `file` (trimmed), or why it cannot be used: an empty file
 * would silently turn authentication off, and beyond loopback a token
 * shorter than MIN_TOKEN_LENGTH can be guessed. The messages name the file,
 * never its content.
 */
export async function readTokenFile(file: string | undefined, host: string): Promise<TokenFileResult> {
  if (file === undefined) return { ok: true, token: undefined };
  let token: string;
  try {
    token = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, exit: 1, message: `${file}: cannot read the access token (${code})` };
  }
  if (token === '')
    return {
      ok: false,
      exit: 2,
      message: `--token-file ${file}: the file is empty (expected an access token; leave out --token-file for no token on loopback)`,
    };
  if (!isLoopback(host) && token.length < MIN_TOKEN_LENGTH)
    return {
      ok: false,
      exit: 2,
      message: `--token-file ${file}: the token has ${token.length} characters; with --host ${host} it needs at least ${MIN_TOKEN_LENGTH} (e.g. openssl rand -base64 24 > ${file})`,
    };
  return { ok: true, token };
}
