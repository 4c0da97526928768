/**
 * Two checks on what a client controls in serve's URLs: whether a path can
 * be decoded at all (a malformed percent-encoding is the client's error,
 * 400, never a 500 from deep inside a route), and where the login redirect
 * may send the browser (this server only: an open redirect would lend the
 * server's name to a phishing link).
 */

/** True when every `%` in `text` (a path, a cookie) starts a valid UTF-8 percent-encoding. */
export function decodable(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `location` when it is a path on this server, else "/". Browsers read
 * "//host/..." and "/\host/..." as another host (WHATWG URL treats "\" as
 * "/"), and anything not starting with "/" may carry a scheme.
 */
export function localRedirect(location: string): string {
  return location.startsWith('/') && !/^\/[/\\]/.test(location) ? location : '/';
}
