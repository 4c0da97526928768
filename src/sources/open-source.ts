/**
 * The opening that `status`, `alerts` and `serve --source prometheus` share:
 * read the spec, check the environment asked for, open the embedded store or
 * a Prometheus client with its credentials. The errors a user can fix (a bad
 * spec, an unknown environment, a missing store or Prometheus URL, a missing
 * or malformed secret file) are thrown before anything is opened.
 */
import { existsSync } from 'node:fs';
import { readSecretFile, SecretFileError } from '../net/index.ts';
import { readSpec, type SloSpec, SpecError } from '../spec/index.ts';
import { SloStore } from '../store/index.ts';
import { EmbeddedSource } from './embedded-source.ts';
import { PrometheusClient } from './prometheus-client.ts';
import { PrometheusSource } from './prometheus-source.ts';
import type { SloSource } from './source.ts';

/** Where the numbers come from, as the command's flags name it. */
export interface OpenSourceOptions {
  /** The spec file, already resolved (./slo.yaml, else the built-in default). */
  specFile: string;
  source: 'embedded' | 'prometheus';
  /** The Prometheus API's base URL (`--prometheus`); required with source prometheus. */
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  /** The embedded store's file; it must exist (`:memory:` aside). */
  db: string;
  /** The one environment asked for (`--env`); it must be in the spec. */
  env?: string;
}

/** The spec and the source it was opened for; close() releases the store (a no-op for Prometheus). */
export interface OpenedSource {
  spec: SloSpec;
  source: SloSource;
  close(): void;
}

/**
 * A source that cannot be opened as asked: the message names the flag and
 * the value (the CLI exits 2, usage, with it). An invalid spec is a SpecError.
 */
export class OpenSourceError extends Error {
  constructor(
    readonly code: 'unknown_environment' | 'missing_prometheus' | 'no_store' | 'credentials',
    readonly value: string,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'OpenSourceError';
  }
}

type Credentials = { bearerToken?: string; basicAuth?: { username: string; password: string } };

/** The Prometheus credentials from their files. */
async function credentials(o: OpenSourceOptions): Promise<Credentials> {
  const read = (flag: string, file: string | undefined, what: string, noun: string) =>
    readSecretFile(file, undefined, { flag, what, noun, without: `leave out ${flag} to send none` });
  const basic = await read('--basic-auth-file', o.basicAuthFile, 'user:password', 'secret');
  const bearer = await read('--bearer-token-file', o.bearerTokenFile, 'a bearer token', 'token');
  const out: Credentials = bearer ? { bearerToken: bearer } : {};
  if (basic !== undefined) {
    const colon = basic.indexOf(':');
    if (colon < 0)
      throw new OpenSourceError(
        'credentials',
        o.basicAuthFile ?? '',
        'user:password',
        `--basic-auth-file ${o.basicAuthFile}: expected user:password (no ":" in the file)`,
      );
    out.basicAuth = { username: basic.slice(0, colon), password: basic.slice(colon + 1) };
  }
  return out;
}

/** Usage errors in the options against the spec, before anything is opened. */
function checkOptions(spec: SloSpec, o: OpenSourceOptions): void {
  const names = spec.environments.map((e) => e.name).join(', ');
  if (o.env && !spec.environments.some((e) => e.name === o.env))
    throw new OpenSourceError(
      'unknown_environment',
      o.env,
      `one of ${names}`,
      `--env: no environment ${JSON.stringify(o.env)} in ${o.specFile} (has ${names})`,
    );
  if (o.source === 'prometheus' && !o.prometheus)
    throw new OpenSourceError(
      'missing_prometheus',
      '',
      '--prometheus URL',
      '--source prometheus needs --prometheus URL',
    );
  // SloStore.open would create an empty store, which would read as "no traffic" rather than a typo.
  if (o.source === 'embedded' && o.db !== ':memory:' && !existsSync(o.db))
    throw new OpenSourceError(
      'no_store',
      o.db,
      'an existing store file',
      `no embedded store at ${o.db} (the gateway or collector writes it; --db names another)`,
    );
}

/**
 * Reads the spec and opens the source the options name.
 * @throws SpecError for an invalid or unreadable spec, OpenSourceError for
 *   options the spec or the files refuse, StoreError when the store cannot
 *   be opened.
 */
export async function openSource(o: OpenSourceOptions): Promise<OpenedSource> {
  const r = await readSpec(o.specFile);
  if (!r.ok) throw new SpecError(o.specFile, r.problems);
  checkOptions(r.spec, o);
  if (o.source === 'prometheus') {
    let auth: Credentials;
    try {
      auth = await credentials(o);
    } catch (err) {
      if (!(err instanceof SecretFileError)) throw err;
      throw new OpenSourceError('credentials', err.value, err.expected, err.message);
    }
    const client = new PrometheusClient({ url: o.prometheus ?? '', ...auth });
    return { spec: r.spec, source: new PrometheusSource(r.spec, client), close: () => {} };
  }
  const store = SloStore.open(o.db);
  return { spec: r.spec, source: new EmbeddedSource(store), close: () => store.close() };
}
