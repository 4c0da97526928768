/**
 * Counter deltas: baseline on the first scrape, plain differences, counter
 * resets (per series, per histogram, per process restart), series that
 * appear later, vanish or return, NaN values, and gaps left by failed scrapes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CounterDeltas, counterFamily, parseExposition, type SeriesDelta } from '../../src/collect/index.ts';

/** Feeds one exposition text; returns "name{labels} delta" lines, sorted, for easy comparison. */
function feed(d: CounterDeltas, text: string): string[] {
  const exp = parseExposition(text);
  assert.deepEqual(exp.problems, []);
  return d.observe(exp.samples, exp.types).deltas.map(show).sort();
}

function show(s: SeriesDelta): string {
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${s.name}{${labels}} ${s.delta}`;
}

const counter = (values: Record<string, number>) =>
  `# TYPE req_total counter\n${Object.entries(values)
    .map(([pod, v]) => `req_total{pod="${pod}"} ${v}`)
    .join('\n')}\n# TYPE inflight gauge\ninflight 3\n`;

const histogram = (buckets: [string, number][], sum: number) =>
  `# TYPE lat histogram\n${buckets.map(([le, v]) => `lat_bucket{le="${le}"} ${v}`).join('\n')}\nlat_sum ${sum}\nlat_count ${buckets.at(-1)?.[1]}\n`;

describe('CounterDeltas', () => {
  it('gives no deltas on the first scrape, then differences; gauges never', () => {
    const d = new CounterDeltas();
    const first = parseExposition(counter({ a: 10 }));
    const r = d.observe(first.samples, first.types);
    assert.equal(r.baseline, true);
    assert.deepEqual(r.deltas, []);
    assert.deepEqual(feed(d, counter({ a: 14 })), ['req_total{pod=a} 4']);
    assert.deepEqual(feed(d, counter({ a: 14 })), ['req_total{pod=a} 0']);
  });

  it('counts a reset series from zero', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 100, b: 50 }));
    assert.deepEqual(feed(d, counter({ a: 7, b: 60 })), ['req_total{pod=a} 7', 'req_total{pod=b} 10']);
    const exp = parseExposition(counter({ a: 9, b: 61 }));
    assert.equal(d.observe(exp.samples, exp.types).resets, 0);
  });

  it('resets a whole histogram when one of its series went down', () => {
    const d = new CounterDeltas();
    feed(
      d,
      histogram(
        [
          ['1', 2],
          ['+Inf', 10],
        ],
        30,
      ),
    );
    // Restarted with more fast requests than before: only the +Inf bucket went down.
    const after = feed(
      d,
      histogram(
        [
          ['1', 5],
          ['+Inf', 6],
        ],
        8,
      ),
    );
    assert.deepEqual(after, ['lat_bucket{le=+Inf} 6', 'lat_bucket{le=1} 5', 'lat_count{} 6', 'lat_sum{} 8']);
  });

  it('treats a changed process_start_time_seconds as a reset of everything', () => {
    const d = new CounterDeltas();
    const start = (t: number) => `# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds ${t}\n`;
    feed(d, start(1000) + counter({ a: 5 }));
    assert.deepEqual(feed(d, start(1000) + counter({ a: 8 })), ['req_total{pod=a} 3']);
    const exp = parseExposition(start(2000) + counter({ a: 9 }));
    const r = d.observe(exp.samples, exp.types);
    assert.equal(r.restarted, true);
    assert.deepEqual(r.deltas.map(show), ['req_total{pod=a} 9']);
  });

  it('takes a series that appears after the first scrape as a baseline when it is not known to be new', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 1 }));
    assert.deepEqual(feed(d, counter({ a: 1, b: 2 })), ['req_total{pod=a} 0']);
    assert.deepEqual(feed(d, counter({ a: 1, b: 5 })), ['req_total{pod=a} 0', 'req_total{pod=b} 3']);
  });

  it('adds no phantom requests when 10,000 old series appear at once (issue 17: 100,000 added 5 x 10^9)', () => {
    const d = new CounterDeltas();
    const many = (n: number, value: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, value]));
    let exp = parseExposition(counter({ a: 1 }));
    d.observe(exp.samples, exp.types, 1_000);
    exp = parseExposition(counter({ a: 2, ...many(10_000, 50_000) }));
    const r = d.observe(exp.samples, exp.types, 16_000);
    assert.equal(
      r.deltas.reduce((n, x) => n + x.delta, 0),
      1,
    );
    assert.equal(r.baselined, 10_000);
  });

  it('counts a new series from zero when its _created sample is after the previous scrape', () => {
    const d = new CounterDeltas();
    const created = (pod: string, seconds: number) =>
      `# TYPE req_created gauge\nreq_created{pod="${pod}"} ${seconds}\n`;
    let exp = parseExposition(counter({ a: 1 }));
    d.observe(exp.samples, exp.types, 100_000);
    // b was created at 105 s, after the scrape at 100 s; c at 50 s, before it (an old series).
    exp = parseExposition(counter({ a: 1, b: 2, c: 9 }) + created('b', 105) + created('c', 50));
    assert.deepEqual(d.observe(exp.samples, exp.types, 115_000).deltas.map(show).sort(), [
      'req_total{pod=a} 0',
      'req_total{pod=b} 2',
    ]);
  });

  it('reads _created of a histogram (without le) for its buckets', () => {
    const d = new CounterDeltas();
    let exp = parseExposition(counter({ a: 1 }));
    d.observe(exp.samples, exp.types, 100_000);
    exp = parseExposition(
      `${counter({ a: 1 })}${histogram(
        [
          ['1', 2],
          ['+Inf', 3],
        ],
        4,
      )}# TYPE lat_created gauge\nlat_created 101\n`,
    );
    assert.deepEqual(d.observe(exp.samples, exp.types, 115_000).deltas.map(show).sort(), [
      'lat_bucket{le=+Inf} 3',
      'lat_bucket{le=1} 2',
      'lat_count{} 3',
      'lat_sum{} 4',
      'req_total{pod=a} 0',
    ]);
  });

  it('counts new series from zero when the target restarted: every counter went down', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 100, b: 50 }));
    const exp = parseExposition(counter({ a: 3, b: 1, c: 2 }));
    const r = d.observe(exp.samples, exp.types);
    assert.equal(r.restarted, true);
    assert.deepEqual(r.deltas.map(show).sort(), [
      'req_total{pod=a} 3',
      'req_total{pod=b} 1',
      'req_total{pod=c} 2',
    ]);
  });

  it('forgets a vanished series; when it returns, it is a baseline unless known to be new', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 1, b: 40 }));
    assert.deepEqual(feed(d, counter({ a: 2 })), ['req_total{pod=a} 1']);
    assert.deepEqual(feed(d, counter({ a: 2, b: 3 })), ['req_total{pod=a} 0']);
  });

  it('continues from a saved state as from the scrape that produced it', () => {
    const d = new CounterDeltas();
    const exp = parseExposition(counter({ a: 10 }));
    d.observe(exp.samples, exp.types, 5_000);
    const state = d.state();
    assert.ok(state);
    const restored = new CounterDeltas(JSON.parse(JSON.stringify(state)));
    const next = parseExposition(counter({ a: 14 }));
    const r = restored.observe(next.samples, next.types, 20_000);
    assert.deepEqual([r.baseline, r.previousAt, r.deltas.map(show)], [false, 5_000, ['req_total{pod=a} 4']]);
  });

  it('keeps the last good value through a NaN sample', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 5 }));
    assert.deepEqual(feed(d, '# TYPE req_total counter\nreq_total{pod="a"} NaN\n'), []);
    assert.deepEqual(feed(d, counter({ a: 6 })), ['req_total{pod=a} 1']);
  });

  it('covers the gap of failed scrapes (which are not fed) with the next good one', () => {
    const d = new CounterDeltas();
    feed(d, counter({ a: 10 }));
    // Scrapes at 12 and 15 failed and were never observed.
    assert.deepEqual(feed(d, counter({ a: 19 })), ['req_total{pod=a} 9']);
  });
});

describe('counterFamily', () => {
  const types = new Map([
    ['c_total', 'counter'],
    ['om', 'counter'],
    ['h', 'histogram'],
    ['s', 'summary'],
    ['g', 'gauge'],
    ['om_created', 'gauge'],
  ]);
  it('knows counters, histogram and summary parts, and untyped _total series', () => {
    assert.equal(counterFamily('c_total', {}, types), 'c_total');
    assert.equal(counterFamily('om_total', {}, types), 'om');
    assert.equal(counterFamily('h_bucket', { le: '1' }, types), 'h');
    assert.equal(counterFamily('h_sum', {}, types), 'h');
    assert.equal(counterFamily('s_count', {}, types), 's');
    assert.equal(counterFamily('s', { quantile: '0.5' }, types), undefined);
    assert.equal(counterFamily('g', {}, types), undefined);
    assert.equal(counterFamily('om_created', {}, types), undefined);
    assert.equal(counterFamily('untyped_total', {}, types), 'untyped');
    assert.equal(counterFamily('plain', {}, types), undefined);
  });
});
