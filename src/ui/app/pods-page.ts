/**
 * Pods: what the gateway knows of each upstream: its place in rotation
 * (healthy, ejected by outlier detection until a time, unhealthy while its
 * probes fail) and why, panic mode, open requests, the last health probe,
 * and requests/s over the last five minutes, grouped by environment.
 */
import type { PodInfo, PodRotationState } from '../../api/index.ts';
import { fetchPods } from './api.ts';
import { h, replace } from './dom.ts';
import { formatAgo, formatClock, formatCount, formatRate } from './format.ts';
import { type Page, type PageContext, setTitle } from './page.ts';

const STATE_CLASS: Record<PodRotationState, string> = {
  healthy: 'state-bg-ok',
  ejected: 'state-bg-warning',
  unhealthy: 'state-bg-breached',
};

function status(p: PodInfo): HTMLElement {
  return h('span', { class: `badge ${STATE_CLASS[p.state]}`, title: p.eject_reason ?? '' }, p.state);
}

/** Why the pod is out, and for an ejection until when and how many times. */
function reason(p: PodInfo): string {
  const why = p.eject_reason ?? '';
  if (p.ejected_until === null) return why;
  const times = p.ejections === null ? '' : `, ejected ${p.ejections}×`;
  return `${why}; until ${formatClock(Date.parse(p.ejected_until))}${times}`;
}

/** One line per environment whose gateway routes to every pod because too few are in rotation. */
function panicNotes(pods: readonly PodInfo[]): HTMLElement[] {
  const envs = [...new Set(pods.filter((p) => p.panic === true).map((p) => p.environment))];
  return envs.map((env) => {
    const of = pods.filter((p) => p.environment === env);
    const inRotation = of.filter((p) => p.state === 'healthy').length;
    return h(
      'p',
      { class: 'banner inline', testid: `pods-panic-${env}` },
      `${env}: panic mode: ${inRotation} of ${of.length} pods in rotation, so the gateway sends requests to every pod`,
    );
  });
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
    const up = pods.filter((p) => p.state === 'healthy').length;
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
        h('td', { class: 'muted', testid: `pod-reason-${id}` }, reason(p)),
      );
    });
    replace(
      this.ctx.root,
      h(
        'h1',
        null,
        'Pods ',
        h('span', { class: 'muted small', testid: 'pods-summary' }, `${up} of ${pods.length} in rotation`),
      ),
      ...panicNotes(pods),
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
                  'Out of rotation because',
                ].map((c, i) => h('th', { class: i === 4 || i === 5 ? 'num' : '' }, c)),
              ),
            ),
            h('tbody', null, ...rows),
          ),
    );
  }

  destroy(): void {}
}
