/** The hash routes: every view is a link, and links survive a round trip. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_RANGE,
  formatHash,
  linkTo,
  openingRange,
  parseHash,
  parseRefresh,
} from '../../src/ui/app/route.ts';

describe('hash routes', () => {
  it('names the four pages', () => {
    assert.deepEqual(parseHash('').route, { page: 'overview' });
    assert.deepEqual(parseHash('#/').route, { page: 'overview' });
    assert.deepEqual(parseHash('#/pods').route, { page: 'pods' });
    assert.deepEqual(parseHash('#/alerts?range=6h').route, { page: 'alerts' });
    assert.deepEqual(parseHash('#/objective/production/availability').route, {
      page: 'objective',
      env: 'production',
      name: 'availability',
    });
    assert.deepEqual(parseHash('#/objective/production').route, {
      page: 'notfound',
      path: '/objective/production',
    });
  });

  it('reads range and refresh, falling back to defaults for nonsense', () => {
    const s = parseHash('#/objective/production/availability?range=6h&refresh=30s');
    assert.equal(s.range, '6h');
    assert.equal(s.refresh, 30);
    assert.equal(parseHash('#/?range=2y').range, DEFAULT_RANGE);
    assert.equal(parseHash('#/?refresh=off').refresh, 0);
    assert.equal(parseHash('#/?refresh=1m').refresh, 60);
    assert.equal(parseHash('#/?refresh=soon').refresh, undefined);
    assert.equal(parseRefresh(null), undefined);
  });

  it('round-trips, with names that need escaping', () => {
    const hash = '#/objective/prod%20eu/p95%2Flatency?range=7d&refresh=off&q=lat';
    const s = parseHash(hash);
    assert.deepEqual(s.route, { page: 'objective', env: 'prod eu', name: 'p95/latency' });
    assert.deepEqual(s.params, { q: 'lat' });
    assert.equal(formatHash(s), hash);
    assert.equal(formatHash(parseHash('#/')), '#/');
  });

  it('links to another page keep range and refresh but drop page settings', () => {
    const s = parseHash('#/?range=6h&refresh=10s&q=latency&sort=budget');
    assert.equal(
      linkTo(s, { page: 'objective', env: 'staging', name: 'availability' }),
      '#/objective/staging/availability?range=6h&refresh=10s',
    );
  });

  it('an objective without a range opens on 1h while its alert or its environment-wide alert fires', () => {
    const burn = { environment: 'staging', labels: { slo: 'availability' } };
    const errorRate = { environment: 'staging', labels: {} };
    const at = (hash: string, firing: Array<{ environment: string; labels: Record<string, string> }>) =>
      openingRange(parseHash(hash), firing);
    assert.equal(at('#/objective/staging/availability', [burn]), '1h');
    assert.equal(at('#/objective/staging/latency-p95', [burn]), DEFAULT_RANGE, 'another objective burns');
    assert.equal(at('#/objective/staging/latency-p95', [errorRate]), '1h');
    assert.equal(at('#/objective/production/availability', [burn, errorRate]), DEFAULT_RANGE);
    assert.equal(at('#/objective/staging/availability?range=7d', [burn]), '7d', 'the URL wins');
    // A picked range stays out of links, so the next page picks its own.
    assert.equal(
      formatHash({ ...parseHash('#/objective/staging/availability'), range: '1h' }),
      '#/objective/staging/availability',
    );
  });
});
