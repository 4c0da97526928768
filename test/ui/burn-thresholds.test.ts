/** The burn-rate chart's threshold lines: one per factor and severity, named by all its pairs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BurnPairState } from '../../src/api/index.ts';
import { burnThresholds } from '../../src/ui/app/burn-thresholds.ts';

function pair(
  severity: BurnPairState['severity'],
  long: string,
  short: string,
  factor: number,
): BurnPairState {
  return { severity, long, short, factor, long_rate: null, short_rate: null, firing: false };
}

describe('burnThresholds', () => {
  it('draws one line per factor of the default pairs, each named by its windows', () => {
    const lines = burnThresholds([
      pair('page', '1h', '5m', 14.4),
      pair('page', '6h', '30m', 6),
      pair('ticket', '1d', '2h', 3),
      pair('ticket', '3d', '6h', 1),
    ]);
    assert.deepEqual(
      lines.map((l) => [l.severity, l.factor]),
      [
        ['page', 14.4],
        ['page', 6],
        ['ticket', 3],
        ['ticket', 1],
      ],
    );
    assert.match(lines[0]?.label ?? '', /^Page 1h\/5m at 14\.4/);
  });

  it('names every pair that shares a factor on its one line, and keeps severities apart', () => {
    const lines = burnThresholds([
      pair('page', '1h', '5m', 6),
      pair('page', '6h', '30m', 6),
      pair('ticket', '1d', '2h', 6),
    ]);
    assert.equal(lines.length, 2);
    assert.match(lines[0]?.label ?? '', /^Page 1h\/5m, 6h\/30m at 6/);
    assert.match(lines[1]?.label ?? '', /^Ticket 1d\/2h at 6/);
  });
});
