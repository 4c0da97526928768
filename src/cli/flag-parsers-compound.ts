/**
 * Flag parsers for values with a grammar of their own (an upstream pod, a
 * gateway to scrape, the simulator's error rates), at start, so a bad value
 * is a usage error naming the flag (exit 2) rather than a failure later.
 * They import no capability at run time: flag parsing (and --help) stays
 * light. `--trusted-proxies` is checked by the gateway's own parser when the
 * command starts (forward-headers.ts, exit 2 naming the flag).
 */
import { InvalidArgumentError } from 'commander';
import type { FaultPatch } from '../sim/index.ts';
import { dnsLabel, httpUrl } from './flag-parsers.ts';

/** Runs `check`, turning whatever it throws into commander's InvalidArgumentError with its message. */
function strict(value: string, check: (value: string) => unknown): string {
  try {
    check(value);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw err;
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

/**
 * `--upstream`: `URL` or `NAME=URL` of an http(s) pod. The URL is checked
 * here; the pod name and duplicates by the gateway's own grammar when the
 * command starts (pod-upstreams.ts, also exit 2), which keeps the gateway
 * out of flag parsing.
 */
export function upstream(value: string): string {
  const eq = value.indexOf('=');
  const named = !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && eq >= 0;
  httpUrl(named ? value.slice(eq + 1) : value);
  return value;
}

/** `--scrape-gateway ENV=URL`: an environment name and the gateway's http(s) /metrics URL. */
export function environmentUrl(value: string): string {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new InvalidArgumentError('expected ENV=URL, e.g. production=http://127.0.0.1:9000/metrics');
  dnsLabel(value.slice(0, eq));
  httpUrl(value.slice(eq + 1));
  return value;
}

/** "500=0.01,503=0.002" -> { 500: 0.01, 503: 0.002 }; undefined and a message when malformed. */
export function parseErrorRates(text: string): { rates: FaultPatch['errorRates'] } | { error: string } {
  const rates: Record<number, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const m = /^(400|429|500|503)=(0(\.\d+)?|1(\.0+)?)$/.exec(part.trim());
    if (!m)
      return {
        error: `--errors: expected STATUS=RATE pairs like 500=0.01,503=0.002 (status 400, 429, 500 or 503; rate 0..1), got ${JSON.stringify(part)}`,
      };
    rates[Number(m[1])] = Number(m[2]);
  }
  return { rates };
}

/** `sim --errors`: STATUS=RATE pairs such as 500=0.01,503=0.002. */
export function errorRates(value: string): string {
  return strict(value, (v) => {
    const r = parseErrorRates(v);
    if ('error' in r) throw new InvalidArgumentError(r.error.replace(/^--errors: /, ''));
    if (Object.keys(r.rates ?? {}).length === 0)
      throw new InvalidArgumentError('expected STATUS=RATE pairs like 500=0.01,503=0.002');
  });
}
