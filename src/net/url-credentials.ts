/**
 * Credentials written into URLs (`http://user:password@host`): taken apart
 * for a client to send as basic auth, and hidden wherever a URL can reach a
 * message. Such a URL given by flag would otherwise be echoed by the flag
 * parser's "argument ... is invalid" and by any error that names the URL.
 */

/** `scheme://` followed by user info up to its `@` (no spaces, slashes or quotes in between). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;

/** `text` with the user info of every URL in it replaced by `***`. */
export function hideUrlCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

/** User and password of a URL's user info, percent-decoded where the encoding is valid. */
export interface UrlCredentials {
  username: string;
  password: string;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // A malformed escape ("%zz") is kept as written: it is the user's password, not ours to refuse here.
    return part;
  }
}

/**
 * The URL without its user info, and the user info as credentials
 * (undefined when it has none). A string that is not a URL comes back
 * as given, without a trailing slash.
 */
export function splitUrlCredentials(url: string): { base: string; credentials?: UrlCredentials } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { base: url.replace(/\/+$/, '') };
  }
  if (parsed.username === '' && parsed.password === '') return { base: url.replace(/\/+$/, '') };
  const credentials = { username: decoded(parsed.username), password: decoded(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  return { base: parsed.toString().replace(/\/+$/, ''), credentials };
}
