/**
 * openSource: the spec read, the environment and flags checked and the
 * credentials read before anything is opened; each refusal is a typed error
 * whose message names the flag (the CLI prints it and exits 2).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OpenSourceError, type OpenSourceOptions, openSource } from '../../src/sources/index.ts';
import { DEFAULT_SPEC_PATH, SpecError } from '../../src/spec/index.ts';
import { rejectsWith } from '../helpers/rejects.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const EMBEDDED: OpenSourceOptions = { specFile: DEFAULT_SPEC_PATH, source: 'embedded', db: ':memory:' };
const PROMETHEUS: OpenSourceOptions = { ...EMBEDDED, source: 'prometheus', prometheus: 'http://127.0.0.1:1' };

describe('openSource', () => {
  it('opens the embedded store and the Prometheus source the options name', async () => {
    const embedded = await openSource({ ...EMBEDDED, env: 'staging' });
    assert.equal(embedded.source.kind, 'embedded');
    assert.deepEqual(
      embedded.spec.environments.map((e) => e.name),
      ['production', 'staging', 'development'],
    );
    embedded.close();
    // Nothing is asked of Prometheus before the first query.
    const prometheus = await openSource(PROMETHEUS);
    assert.equal(prometheus.source.kind, 'prometheus');
    prometheus.close();
  });

  it('throws the problems of an invalid spec as a SpecError', async () => {
    const specFile = join(FIXTURES, 'spec', 'invalid', 'bad-duration.yaml');
    await assert.rejects(openSource({ ...EMBEDDED, specFile }), (err) => {
      assert.ok(err instanceof SpecError, String(err));
      assert.ok(err.problems.length > 0);
      return true;
    });
  });

  it('names an unknown environment, a missing --prometheus and a missing store', async () => {
    await rejectsWith(
      openSource({ ...EMBEDDED, env: 'qa' }),
      OpenSourceError,
      'unknown_environment',
      /^--env: no environment "qa" in .*\(has production, staging, development\)$/,
    );
    await rejectsWith(
      openSource({ ...PROMETHEUS, prometheus: '' }),
      OpenSourceError,
      'missing_prometheus',
      /^--source prometheus needs --prometheus URL$/,
    );
    await rejectsWith(
      openSource({ ...EMBEDDED, db: '/nonexistent/slo.db' }),
      OpenSourceError,
      'no_store',
      /^no embedded store at \/nonexistent\/slo\.db /,
    );
  });

  it('names the credential file that is empty or has no user:password', async () => {
    const cli = join(FIXTURES, 'cli');
    await rejectsWith(
      openSource({ ...PROMETHEUS, basicAuthFile: join(cli, 'basic-auth-no-colon.txt') }),
      OpenSourceError,
      'credentials',
      /^--basic-auth-file .*: expected user:password \(no ":" in the file\)$/,
    );
    await rejectsWith(
      openSource({ ...PROMETHEUS, bearerTokenFile: join(cli, 'empty-secret.txt') }),
      OpenSourceError,
      'credentials',
      /^--bearer-token-file .*: the file is empty \(expected a bearer token; leave out --bearer-token-file to send none\)$/,
    );
  });
});
