/**
 * Pods: what the gateway knows of each upstream: healthy or ejected (and
 * why), open requests, the last health probe, and requests/s over the last
 * five minutes, grouped by environment.
 */
import type { PodInfo } from '../../server/api-types.ts';
import { fetchPods } from './api.ts';
import { h, replace } from './dom.ts';
import { formatAgo, formatCount, formatRate } from './format.ts';
import { type Page, type PageContext, setTitle } from './page.ts';

function status(p: PodInfo): HTMLElement {
  return p.healthy
    ? h('span', { class: 'badge state-bg-ok' }, 'healthy')
    : h('span', { class: 'badge state-bg-breached', title: p.eject_reason ?? '' }, 'unhealthy');
}

function probe(p: PodInfo, now: number): HTMLElement {
  const outcome = p.last_probe_ok === null ? '' : p.last_probe_ok ? ' ✓' : ' ✗';
  return h(
    'span',
    { class: p.last_probe_ok === false ? 'bad' : '', title: p.last_probe ?? '' },
    formatAgo(p.last_probe, now) + outcome,
  );
}

export class PodsPage implements Page {
  constructor(private readonly ctx: PageContext) {
    setTitle('Pods');
    replace(ctx.root, h('h1', null, 'Pods'), h('p', { class: 'muted' }, 'Loading…'));
  }

  async load(signal: AbortSignal): Promise<void> {
    const doc = await fetchPods(signal);
    const now = Date.now();
    const pods = [...doc.pods].sort(
      (a, b) => a.environment.localeCompare(b.environment) || a.pod.localeCompare(b.pod),
    );
    const up = pods.filter((p) => p.healthy).length;
    const rows = pods.map((p) => {
      const id = `${p.environment}-${p.pod}`;
      return h(
        'tr',
        { testid: `pod-${id}` },
        h('td', { testid: `pod-status-${id}` }, status(p)),
        h('td', null, p.environment),
        h('td', null, h('strong', null, p.pod), h('div', { class: 'muted small' }, p.url)),
        h('td', { class: 'muted' }, p.models.join(', ') || '—'),
        h('td', { class: 'num', testid: `pod-inflight-${id}` }, formatCount(p.in_flight)),
        h('td', { class: 'num', testid: `pod-rps-${id}` }, formatRate(p.requests_per_second)),
        h('td', null, probe(p, now)),
        h('td', { class: 'muted' }, p.eject_reason ?? ''),
      );
    });
    replace(
      this.ctx.root,
      h(
        'h1',
        null,
        'Pods ',
        h('span', { class: 'muted small', testid: 'pods-summary' }, `${up} of ${pods.length} healthy`),
      ),
      pods.length === 0
        ? h(
            'p',
            { class: 'empty', testid: 'pods-empty' },
            'No pods known: the gateway is not running in this process.',
          )
        : h(
            'table',
            { class: 'grid', testid: 'pods-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ...[
                  'Status',
                  'Environment',
                  'Pod',
                  'Models',
                  'In flight',
                  'Requests/s (5m)',
                  'Last probe',
                  'Ejected because',
                ].map((c, i) => h('th', { class: i === 4 || i === 5 ? 'num' : '' }, c)),
              ),
            ),
            h('tbody', null, ...rows),
          ),
    );
  }

  destroy(): void {}
}
