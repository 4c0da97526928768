/**
 * An environment's pod URLs (`environments.<env>.pods`). `gateway` and `serve`
 * read them as upstreams (src/gateway/pod-upstreams.ts, parseUpstreams), so
 * validate holds them to the same rules: http(s) only, no credentials (they
 * would reach logs and the `pod` label), no query or fragment (a base URL),
 * and no two for one pod (same URL, or same host:port, the pod's name).
 * The spec cannot import the gateway, so the rules are restated here; a test
 * feeds every accepted list to parseUpstreams.
 */
import { z } from 'zod';

/** Why a pod URL is not usable as an upstream, or undefined when it is. */
export function podUrlProblem(text: string): string | undefined {
  let u: URL;
  try {
    // The gateway reads a value without "scheme://" as name=URL, so "http:host" is not a URL to it.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new TypeError('no scheme');
    u = new URL(text);
  } catch {
    return 'expected a URL like http://vllm-0.vllm:8000';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return `scheme ${u.protocol} is not supported: use http or https, like http://vllm-0.vllm:8000`;
  if (u.username !== '' || u.password !== '')
    return 'must not carry credentials (user:password@host): vLLM authenticates with a bearer API key';
  if (u.search !== '' || u.hash !== '') return 'must not have a query or fragment: it is a base URL';
  return undefined;
}

/** A pod URL as the gateway accepts it. */
export const podUrl = z
  .string({ error: 'expected a URL like http://vllm-0.vllm:8000' })
  .superRefine((s, ctx) => {
    const why = podUrlProblem(s);
    if (why !== undefined) ctx.addIssue({ code: 'custom', message: why });
  });

/** The gateway's identity of a pod URL: its normalised base URL and its default name, host:port. */
function identity(text: string): { url: string; name: string } {
  const u = new URL(text);
  const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  return { url: `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`, name: `${u.hostname}:${port}` };
}

/** Indexes of pod URLs that name a pod already listed, each with why (the gateway refuses such lists). */
export function duplicatePods(pods: readonly string[]): Array<{ index: number; message: string }> {
  const out: Array<{ index: number; message: string }> = [];
  const byUrl = new Map<string, number>();
  const byName = new Map<string, number>();
  pods.forEach((p, index) => {
    const id = identity(p);
    const sameUrl = byUrl.get(id.url);
    const sameName = byName.get(id.name);
    if (sameUrl !== undefined)
      out.push({ index, message: `duplicate pod: ${id.url} is already pods[${sameUrl}]` });
    else if (sameName !== undefined)
      out.push({
        index,
        message: `duplicate pod: ${id.name} is already pods[${sameName}] (the gateway names a pod by host:port)`,
      });
    byUrl.set(id.url, byUrl.get(id.url) ?? index);
    byName.set(id.name, byName.get(id.name) ?? index);
  });
  return out;
}
