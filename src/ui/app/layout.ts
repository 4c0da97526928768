/**
 * The frame around every page, Grafana-style: navigation on the left of the
 * top bar, the time-range picker and auto-refresh on the right, and a line
 * saying where the numbers come from and when they were last fetched. API
 * failures show as a banner above the page, so a failed refresh never
 * leaves a blank or silently stale screen.
 */
import type { ApiConfig, RangeName } from '../../api/index.ts';
import { ApiFailure } from './api.ts';
import { h, replace } from './dom.ts';
import { formatClock } from './format.ts';
import { REFRESH_CHOICES, type Route, refreshLabel } from './route.ts';

export interface LayoutEvents {
  onRange(range: RangeName): void;
  onRefreshInterval(seconds: number): void;
  onRefreshNow(): void;
}

const NAV: { page: Route['page']; label: string; hash: string }[] = [
  { page: 'overview', label: 'Overview', hash: '#/' },
  { page: 'pods', label: 'Pods', hash: '#/pods' },
  { page: 'alerts', label: 'Alerts', hash: '#/alerts' },
];

/** What an error says to the person looking at the page. */
export function describeError(err: unknown): string {
  if (err instanceof ApiFailure) {
    const status = err.status === 0 ? 'no answer' : `HTTP ${err.status} ${err.code}`;
    return `GET ${err.path} failed (${status}): ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export class Layout {
  readonly content = h('main', { class: 'content', testid: 'content' });
  private readonly nav = h('nav', { class: 'nav' });
  private readonly range = h('select', { class: 'picker', testid: 'range-picker', title: 'Time range' });
  private readonly refresh = h('select', {
    class: 'picker',
    testid: 'refresh-picker',
    title: 'Auto-refresh',
  });
  private readonly source = h('span', { testid: 'data-source' });
  private readonly updated = h('span', { testid: 'last-refresh' }, 'not yet loaded');
  private lastLoaded: number | undefined;
  private readonly banner = h('div', { class: 'banner', testid: 'error-banner', attrs: { role: 'alert' } });

  constructor(root: HTMLElement, events: LayoutEvents) {
    this.range.addEventListener('change', () => events.onRange(this.range.value as RangeName));
    this.refresh.addEventListener('change', () => events.onRefreshInterval(Number(this.refresh.value)));
    const now = h(
      'button',
      {
        class: 'button',
        testid: 'refresh-now',
        title: 'Refresh now',
        on: { click: () => events.onRefreshNow() },
      },
      '↻',
    );
    this.banner.hidden = true;
    replace(
      root,
      h(
        'header',
        { class: 'topbar' },
        h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark' }, '◆'), 'vLLM SLO'),
        this.nav,
        h('div', { class: 'spacer' }),
        h('label', { class: 'control' }, 'Range ', this.range),
        h('label', { class: 'control' }, 'Refresh ', this.refresh),
        now,
      ),
      h(
        'div',
        { class: 'statusline' },
        'Source: ',
        this.source,
        h('span', { class: 'sep' }, '·'),
        this.updated,
      ),
      this.banner,
      this.content,
    );
  }

  /** Fills the pickers from the server's config and marks the current page, range and interval. */
  show(config: ApiConfig, page: Route['page'], range: RangeName, refreshSeconds: number): void {
    replace(
      this.nav,
      ...NAV.map((n) =>
        h(
          'a',
          { class: n.page === page ? 'nav-link active' : 'nav-link', href: n.hash, testid: `nav-${n.page}` },
          n.label,
        ),
      ),
    );
    replace(this.range, ...config.ranges.map((r) => h('option', { attrs: { value: r } }, r)));
    this.range.value = range;
    // Only the objective charts have a time range; elsewhere the picker would promise what it cannot do.
    this.range.disabled = page !== 'objective';
    this.range.title = this.range.disabled ? 'Time range of the objective charts' : 'Time range';
    const choices = [...new Set<number>([...REFRESH_CHOICES, config.refresh_seconds, refreshSeconds])].sort(
      (a, b) => a - b,
    );
    replace(
      this.refresh,
      ...choices.map((s) => h('option', { attrs: { value: String(s) } }, refreshLabel(s))),
    );
    this.refresh.value = String(refreshSeconds);
    this.source.textContent = `${config.source} · vllm-slo ${config.version}`;
  }

  /** After a successful load: the time, and no banner. */
  loaded(at: number): void {
    this.lastLoaded = at;
    this.updated.textContent = `Updated ${formatClock(at)}`;
    this.banner.hidden = true;
  }

  /** A failed load: the banner says what failed; the last good data stays below it. */
  failed(err: unknown, at: number): void {
    const last = this.lastLoaded === undefined ? 'Never updated' : `Updated ${formatClock(this.lastLoaded)}`;
    this.updated.textContent = `${last} · failed at ${formatClock(at)}`;
    replace(this.banner, h('strong', null, 'API error. '), describeError(err));
    this.banner.hidden = false;
  }
}
