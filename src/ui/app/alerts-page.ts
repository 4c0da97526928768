/**
 * Alerts: firing first, then pending (condition true, `for` not yet
 * elapsed), then those resolved in the last 24 hours, newest first.
 */
import type { AlertInfo, AlertsDocument } from '../../api/index.ts';
import { fetchAlerts } from './api.ts';
import { h, replace } from './dom.ts';
import { formatAgo, formatClock } from './format.ts';
import { type Page, type PageContext, setTitle } from './page.ts';

/** Severity colour: critical pages (red), high and medium are tickets (amber), the rest grey. */
function severityClass(s: string): string {
  return s === 'critical' ? 'breached' : s === 'high' || s === 'medium' ? 'warning' : 'nodata';
}

/** Labels other than the ones with their own column. */
function extraLabels(a: AlertInfo): string {
  return Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity' && k !== 'environment')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function when(iso: string | null, now: number): HTMLElement {
  if (iso === null) return h('span', null, '—');
  const t = Date.parse(iso);
  return h(
    'span',
    { title: iso },
    Number.isNaN(t) ? iso : formatClock(t),
    h('span', { class: 'muted' }, ` (${formatAgo(iso, now)})`),
  );
}

function section(
  title: string,
  id: string,
  alerts: readonly AlertInfo[],
  now: number,
  emptyText: string,
): HTMLElement {
  const resolved = id === 'resolved';
  return h(
    'section',
    { testid: `alerts-${id}` },
    h(
      'h2',
      null,
      `${title} `,
      h('span', { class: 'count', testid: `alerts-${id}-count` }, String(alerts.length)),
    ),
    alerts.length === 0
      ? h('p', { class: 'empty' }, emptyText)
      : h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...[
                'Severity',
                'Alert',
                'Environment',
                'Summary',
                'Labels',
                'Since',
                resolved ? 'Resolved' : '',
              ].map((c) => h('th', null, c)),
            ),
          ),
          h(
            'tbody',
            null,
            ...alerts.map((a) =>
              h(
                'tr',
                { testid: `alert-${id}-${a.alertname}` },
                h(
                  'td',
                  null,
                  h('span', { class: `badge state-bg-${severityClass(a.severity)}` }, a.severity),
                ),
                h('td', null, h('strong', null, a.alertname)),
                h('td', null, a.environment),
                h('td', null, a.summary),
                h('td', { class: 'muted small labels' }, extraLabels(a)),
                h('td', null, when(a.active_since, now)),
                h('td', null, resolved ? when(a.resolved_at, now) : null),
              ),
            ),
          ),
        ),
  );
}

export class AlertsPage implements Page {
  constructor(private readonly ctx: PageContext) {
    setTitle('Alerts');
    replace(ctx.root, h('h1', null, 'Alerts'), h('p', { class: 'muted' }, 'Loading…'));
  }

  async load(signal: AbortSignal): Promise<void> {
    const doc: AlertsDocument = await fetchAlerts(signal);
    const now = Date.now();
    replace(
      this.ctx.root,
      h('h1', null, 'Alerts'),
      section('Firing', 'firing', doc.firing, now, 'Nothing is firing.'),
      section('Pending', 'pending', doc.pending, now, 'Nothing is pending.'),
      section(
        'Resolved in the last 24 hours',
        'resolved',
        doc.resolved,
        now,
        'Nothing resolved in the last 24 hours.',
      ),
    );
  }

  destroy(): void {}
}
