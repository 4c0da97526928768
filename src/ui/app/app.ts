/**
 * The single-page app: reads the view from the location hash, opens the
 * page it names, reloads it on the auto-refresh interval (not while the tab
 * is hidden), and reports API failures instead of leaving a blank page.
 */
import type { ApiConfig, RangeName } from '../../api/index.ts';
import { AlertsPage } from './alerts-page.ts';
import { fetchAlerts, fetchConfig } from './api.ts';
import { h, replace } from './dom.ts';
import { describeError, Layout } from './layout.ts';
import { ObjectivePage } from './objective-page.ts';
import { OverviewPage } from './overview-page.ts';
import type { Page, PageContext } from './page.ts';
import { PodsPage } from './pods-page.ts';
import { formatHash, openingRange, parseHash, routePath, type ViewState } from './route.ts';

/** A page for a hash nobody knows. */
class NotFoundPage implements Page {
  constructor(ctx: PageContext, path: string) {
    replace(
      ctx.root,
      h('h1', null, 'Not found'),
      h('p', null, `No page at ${path}. `, h('a', { href: '#/' }, 'Overview')),
    );
  }
  async load(): Promise<void> {}
  destroy(): void {}
}

export class App {
  private readonly layout: Layout;
  private config: ApiConfig | undefined;
  private state: ViewState = parseHash(location.hash);
  private page: Page | undefined;
  private pageKey = '';
  /** Whether the current page has drawn data once; until then a failure replaces its "Loading…". */
  private pageLoaded = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: AbortController | undefined;

  constructor(root: HTMLElement) {
    this.layout = new Layout(root, {
      onRange: (range: RangeName) => this.go({ ...this.state, range, rangeExplicit: true }),
      onRefreshInterval: (seconds) => this.go({ ...this.state, refresh: seconds }),
      onRefreshNow: () => void this.refresh(),
    });
    window.addEventListener('hashchange', () => this.open());
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void this.refresh();
    });
  }

  /** Loads the config (retrying until the server answers), then opens the page of the hash. */
  async start(): Promise<void> {
    try {
      this.config = await fetchConfig();
    } catch (err) {
      this.layout.failed(err, Date.now());
      replace(
        this.layout.content,
        h(
          'p',
          { class: 'empty', testid: 'load-failed' },
          `Cannot load the UI's settings: ${describeError(err)}`,
        ),
      );
      this.timer = setTimeout(() => void this.start(), 5000);
      return;
    }
    this.open();
  }

  private go(state: ViewState): void {
    location.hash = formatHash(state);
  }

  private interval(): number {
    return this.state.refresh ?? this.config?.refresh_seconds ?? 0;
  }

  /**
   * Opens the page of the current hash. An objective whose hash names no
   * range opens on 1h while one of its alerts fires (route.ts,
   * openingRange), so it asks the alerts first; a failed ask opens the default.
   */
  private open(): void {
    if (!this.config) return;
    const state = parseHash(location.hash);
    if (state.route.page !== 'objective' || state.rangeExplicit) {
      this.show(state);
      return;
    }
    const hash = location.hash;
    void fetchAlerts()
      .then(
        (d) => d.firing,
        () => [],
      )
      .then((firing) => {
        // The user went elsewhere while we asked: that hash opens its own page.
        if (location.hash === hash) this.show({ ...state, range: openingRange(state, firing) });
      });
  }

  /** Shows the view, or only re-arms the timer when the page is the same. */
  private show(state: ViewState): void {
    const config = this.config;
    if (!config) return;
    this.state = state;
    const key = `${routePath(this.state.route)}?${this.state.range}`;
    this.layout.show(config, this.state.route.page, this.state.range, this.interval());
    // Only the refresh interval changed (or the overview recorded its filter): keep the page.
    if (key === this.pageKey && this.page) {
      this.schedule();
      return;
    }
    this.page?.destroy();
    this.pageKey = key;
    this.pageLoaded = false;
    const ctx: PageContext = {
      root: this.layout.content,
      config,
      state: this.state,
      setParams: (params) => {
        this.state = { ...this.state, params };
        ctx.state = this.state;
        history.replaceState(null, '', formatHash(this.state));
      },
    };
    const r = this.state.route;
    this.page =
      r.page === 'overview'
        ? new OverviewPage(ctx)
        : r.page === 'objective'
          ? new ObjectivePage(ctx, r.env, r.name)
          : r.page === 'pods'
            ? new PodsPage(ctx)
            : r.page === 'alerts'
              ? new AlertsPage(ctx)
              : new NotFoundPage(ctx, r.path);
    void this.refresh();
  }

  /** Loads the page now; the next load is scheduled when this one ends. */
  private async refresh(): Promise<void> {
    const page = this.page;
    if (!page) return;
    this.inflight?.abort();
    const ac = new AbortController();
    this.inflight = ac;
    clearTimeout(this.timer);
    try {
      await page.load(ac.signal);
      if (page === this.page) {
        this.pageLoaded = true;
        this.layout.loaded(Date.now());
      }
    } catch (err) {
      if (ac.signal.aborted || page !== this.page) return;
      this.layout.failed(err, Date.now());
      if (!this.pageLoaded)
        replace(
          this.layout.content,
          h(
            'p',
            { class: 'empty', testid: 'load-failed' },
            `Could not load this page: ${describeError(err)}`,
          ),
        );
    }
    if (page === this.page) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const s = this.interval();
    if (s > 0)
      this.timer = setTimeout(() => {
        // A hidden tab does not poll; visibilitychange reloads when it is shown again.
        if (!document.hidden) void this.refresh();
      }, s * 1000);
  }
}
