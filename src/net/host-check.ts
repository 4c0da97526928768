/**
 * Which Host names a local server answers to. A server bound to loopback is
 * reachable only from this machine, but a web page the operator opens can
 * still reach it through DNS rebinding (a name of the attacker's that
 * resolves to 127.0.0.1): the browser then sends the attacker's name as
 * Host. Answering only loopback Host names closes that. serve's access check
 * and the simulator's admin endpoint share this one rule.
 */

/** True for 127.0.0.0/8, ::1 and localhost (with or without IPv6 brackets). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** A Host header's name without its port ("[::1]:8080" -> "[::1]"). */
export function hostHeaderName(header: string | undefined): string {
  const h = header ?? '';
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : (h.split(':')[0] ?? '');
}

/**
 * Whether a request with this Host header may be answered by a server bound
 * to `boundHost`: always when bound beyond loopback (then the network decides
 * who reaches it, and serve requires a token), else only under a loopback name.
 */
export function hostAllowed(header: string | undefined, boundHost: string): boolean {
  return !isLoopback(boundHost) || isLoopback(hostHeaderName(header));
}
