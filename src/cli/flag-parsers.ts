/**
 * One strict parser per kind of flag value, for commander's argParser hook.
 * Each throws commander's InvalidArgumentError, which commander reports as
 * "option '--port <port>' argument '0x4A4C' is invalid. expected ..." and
 * main turns into the usage exit code (2), before the command starts: a
 * typo never becomes a random port, a busy loop or a silent default.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../spec/index.ts';

/** A flag value parser: the parsed value, or InvalidArgumentError saying what was expected. */
export type FlagParser<T> = (value: string) => T;

/** The longest delay a Node timer honours (2^31-1 ms, about 24.8 days); a longer one fires after 1 ms (Node docs, setTimeout). */
export const MAX_TIMER_MS = 2_147_483_647;

/** The shortest `serve --scrape-interval`, `--evaluation-interval` and `gateway --probe-interval` (README, "Commands"). */
export const INTERVAL_FLOOR_MS = 1000;

/** Commander's message quotes the value ("argument 'abc' is invalid."); this one says what was expected. */
function bad(expected: string): InvalidArgumentError {
  return new InvalidArgumentError(`expected ${expected}`);
}

/** Plain decimal digits only: no sign, exponent, hex, whitespace or empty string (Number() accepts all of them). */
const INTEGER = /^\d+$/;
/** A plain decimal number, e.g. 15, 0.5. */
const DECIMAL = /^\d+(\.\d+)?$/;
/** RFC 1123 label, as Kubernetes namespaces and the spec's environment names: at most 63 characters. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1123 host name: labels (letters, digits, '-') joined by dots. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A TCP port: decimal 0-65535, where 0 asks the system for a free port (the tests' way to avoid clashes). */
export function port(value: string): number {
  const n = Number(value);
  if (!INTEGER.test(value) || n > 65535) throw bad('a port number from 0 to 65535 (0: any free port)');
  return n;
}

/** Text that is not empty nor only white space: a store path, a model id, an output directory. */
export function nonEmpty(value: string): string {
  if (value.trim() === '') throw bad('a non-empty value');
  return value;
}

/** A Kubernetes namespace or an environment name: an RFC 1123 label (lowercase letters, digits, '-'; at most 63). */
export function dnsLabel(value: string): string {
  if (!DNS_LABEL.test(value))
    throw bad(
      'an RFC 1123 name: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    );
  return value;
}

/** An address to bind: an IP literal or a host name such as localhost. */
export function host(value: string): string {
  if (isIP(value) === 0 && !HOST_NAME.test(value))
    throw bad('an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name');
  return value;
}

/** An http(s) URL with a host, e.g. http://alertmanager:9093. */
export function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad('an http:// or https:// URL such as http://127.0.0.1:9093');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    throw bad('an http:// or https:// URL such as http://127.0.0.1:9093');
  return value;
}

/** A whole number from `min` (0 or 1) up, in plain decimal digits. */
export function count(min: 0 | 1): FlagParser<number> {
  return (value) => {
    const n = Number(value);
    if (!INTEGER.test(value) || n < min || !Number.isSafeInteger(n))
      throw bad(min === 0 ? 'a whole number, 0 or more' : 'a whole number, 1 or more');
    return n;
  };
}

/** A whole percentage from 0 to 100. */
export function percent(value: string): number {
  const n = Number(value);
  if (!INTEGER.test(value) || n > 100) throw bad('a whole percentage from 0 to 100');
  return n;
}

/** A probability: a decimal from 0 to 1, e.g. 0.05. */
export function probability(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || n > 1) throw bad('a share from 0 to 1, e.g. 0.05');
  return n;
}

/** A decimal above 0, e.g. 3 or 0.5 (a multiplier, a time scale). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !(n > 0) || !Number.isFinite(n)) throw bad('a number above 0, e.g. 2 or 0.5');
  return n;
}

/** A Prometheus duration ("30s", "5m", "1h30m") above 0 that a timer can wait: milliseconds. */
export function duration(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw bad('a duration like 30s, 5m or 1h30m');
  }
  if (ms <= 0 || ms > MAX_TIMER_MS) throw bad(`a duration above 0 and at most 24d (a timer's limit)`);
  return ms;
}

function secondsOrDuration(value: string): number | undefined {
  if (DECIMAL.test(value)) return Number(value) * 1000;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

/**
 * Seconds as a number ("15") or a Prometheus duration ("15s", "1m"), at
 * least `floorMs` (0: none) and at most a timer's limit; the value in seconds.
 */
export function seconds(floorMs: number): FlagParser<number> {
  const floor = floorMs === 0 ? '0 or more' : `at least ${floorMs / 1000}s`;
  return (value) => {
    const ms = secondsOrDuration(value);
    if (ms === undefined || ms < floorMs || ms > MAX_TIMER_MS)
      throw bad(`seconds (15) or a duration (15s, 2m), ${floor} and at most 24d`);
    return ms / 1000;
  };
}

/** A file that exists, is a regular file (not a directory) and can be read: a token, a key, a fault schedule. */
export function readableFile(value: string): string {
  nonEmpty(value);
  try {
    if (!statSync(value).isFile()) throw bad('a regular file (not a directory or a device)');
    accessSync(value, constants.R_OK);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw err;
    throw bad(`a readable file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return value;
}

/** The embedded store: a file path (not a directory) or ":memory:"; "" would be a throw-away database. */
export function storePath(value: string): string {
  nonEmpty(value);
  let dir = false;
  try {
    dir = statSync(value).isDirectory();
  } catch {
    // Not there yet: serve creates it; status and alerts say the store is missing.
  }
  if (dir) throw bad('a database file, not a directory');
  return value;
}

/** A repeatable flag: each value parsed, all of them kept in order. */
export function repeatable<T>(parse: FlagParser<T>): (value: string, previous: T[]) => T[] {
  return (value, previous) => [...previous, parse(value)];
}
