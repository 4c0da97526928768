/**
 * The request path as the gateway routes and forwards it: one canonical
 * form, so a path cannot look like `/v1/...` to the gateway and mean
 * `/admin/faults` to the pod. The check decodes what servers decode
 * (percent-encoded octets, backslashes as slashes, as WHATWG URL parsing and
 * several Python and Windows servers do), removes dot segments (RFC 3986
 * section 5.2.4) and merges repeated slashes (nginx's `merge_slashes`, Go's
 * path.Clean); the pod receives that normalised path, re-encoded, and the
 * query string unchanged. What cannot be normalised without guessing is
 * refused with 400 (RequestPathProblem names each case).
 */

/** Why a request target was refused; the gateway answers 400 with the message. */
export type RequestPathProblem =
  | 'not_origin_form'
  | 'bad_percent_encoding'
  | 'encoded_separator'
  | 'double_encoding'
  | 'control_character'
  | 'not_utf8';

export type RequestPath =
  | { ok: true; path: string; query: string; target: string }
  | { ok: false; code: RequestPathProblem; message: string };

/** RFC 3986 pchar minus pct-encoded: the bytes that may stay raw in a forwarded segment. */
const PCHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

const refuse = (code: RequestPathProblem, message: string): RequestPath => ({ ok: false, code, message });

/**
 * RFC 3986 section 5.2.4 on a path already split into segments (no empty
 * ones): "." is dropped, ".." drops the segment before it and never climbs
 * above the root. `trailing` says whether the path ends in a slash, which a
 * final dot segment implies (`/v1/models/.` is `/v1/models/`).
 */
function removeDotSegments(segments: readonly string[], trailingSlash: boolean): string {
  const out: string[] = [];
  let trailing = trailingSlash;
  for (const [i, s] of segments.entries()) {
    const last = i === segments.length - 1;
    if (s === '.' || s === '..') {
      if (s === '..') out.pop();
      if (last) trailing = true;
      continue;
    }
    out.push(s);
  }
  const joined = `/${out.join('/')}`;
  return trailing && out.length > 0 ? `${joined}/` : joined;
}

/** Percent-encodes every byte of a decoded segment that is not a pchar. */
function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (PCHAR.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Normalises a request target (`req.url`). Refused: anything but a path
 * (absolute-form, `*`), `%` not followed by two hex digits, an encoded slash
 * or backslash (`%2F`, `%5C`: a segment that contains a separator means one
 * thing to a server that decodes before routing and another to one that does
 * not), a `%25` (double encoding: `%252e` would become a dot segment at a
 * server that decodes twice), control characters (NUL included) and bytes
 * that are not UTF-8.
 */
export function normaliseRequestPath(target: string): RequestPath {
  if (!target.startsWith('/')) return refuse('not_origin_form', 'the request target must be a path');
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q);
  if (/%(?![0-9A-Fa-f]{2})/.test(rawPath))
    return refuse('bad_percent_encoding', 'the path has a "%" not followed by two hex digits');
  if (/%(2f|5c)/i.test(rawPath))
    return refuse('encoded_separator', 'the path has an encoded slash or backslash (%2F, %5C)');
  if (/%25/.test(rawPath)) return refuse('double_encoding', 'the path has an encoded "%" (%25)');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse('not_utf8', 'the path is not percent-encoded UTF-8');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
  if (/[\u0000-\u001f\u007f]/.test(decoded) || /[\u0000-\u001f\u007f]/.test(query))
    return refuse('control_character', 'the request target has a control character');
  const unified = decoded.replaceAll('\\', '/');
  const segments = unified.split('/').filter((s) => s !== '');
  const path = removeDotSegments(segments, unified.endsWith('/')).split('/').map(encodeSegment).join('/');
  return { ok: true, path, query, target: `${path}${query}` };
}
