/** The generated rules' annotation templates, filled in as Prometheus fills them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  humanizeDuration,
  humanizePercentage,
  renderAnnotations,
  renderTemplate,
} from '../../src/alerting/index.ts';

describe('alert annotation templates', () => {
  it('humanizes durations and percentages as Prometheus does', () => {
    assert.equal(humanizeDuration(0), '0s');
    assert.equal(humanizeDuration(0.25), '250ms');
    assert.equal(humanizeDuration(0.0012345), '1.234ms');
    assert.equal(humanizeDuration(3.5), '3.5s');
    assert.equal(humanizeDuration(65.2), '1m 5s');
    assert.equal(humanizeDuration(7322), '2h 2m 2s');
    assert.equal(humanizePercentage(0.0123), '1.23%');
    assert.equal(humanizePercentage(1 / 3), '33.33%');
  });

  it('fills labels and values; leaves an unknown form as written', () => {
    const labels = { environment: 'production', model: 'llama' };
    assert.equal(
      renderTemplate(
        '{{ $labels.environment }}: {{ $labels.model }} at {{ $value | printf "%.3f" }}%',
        labels,
        98.5,
      ),
      'production: llama at 98.500%',
    );
    assert.equal(renderTemplate('{{ $labels.pod }}|{{ $value | humanizeDuration }}', labels, 4), '|4s');
    assert.equal(renderTemplate('{{ $value | title }}', labels, 1), '{{ $value | title }}');
    assert.deepEqual(renderAnnotations({ a: '{{$value|humanizePercentage}}', b: 'x' }, labels, 0.5), {
      a: '50%',
      b: 'x',
    });
  });
});
