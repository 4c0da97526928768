/**
 * Alert delivery in embedded mode: to an Alertmanager (its v2 API, as
 * Prometheus sends) or to a webhook. Alertmanager gets every firing alert
 * again on each send (it expires alerts that are not re-sent) and resolved
 * ones with endsAt; a webhook gets only changes, so nothing arrives twice.
 * A failed send is kept and retried with backoff, never dropped: per alert
 * only its latest state waits, so a long outage cannot grow the queue.
 */
import { request } from 'undici';
import type { ActiveAlert, Transition } from '../engine/index.ts';

export interface NotifierOptions {
  /** Alertmanager base URL: alerts go to POST <url>/api/v2/alerts. */
  alertmanagerUrl?: string;
  /** Any URL that takes a JSON POST of {status, alerts}. */
  webhookUrl?: string;
  /** Where an alert's generatorURL points (the UI). */
  generatorUrl?: string;
  timeoutMs?: number;
  now?: () => number;
}

export interface WireAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface NotifierStats {
  sent: number;
  failed: number;
  waiting: number;
}

export class AlertNotifier {
  /** Latest state per alert key still to deliver (webhook) or resend (Alertmanager). */
  private readonly waiting = new Map<string, WireAlert>();
  private retryTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private backoffMs = 1000;
  private readonly stats: NotifierStats = { sent: 0, failed: 0, waiting: 0 };

  constructor(private readonly options: NotifierOptions) {}

  private wire(a: ActiveAlert, resolvedAt?: number): WireAlert {
    return {
      labels: { alertname: a.alertname, ...a.labels },
      annotations: a.annotations,
      startsAt: new Date(a.firingSince ?? a.activeSince).toISOString(),
      ...(resolvedAt !== undefined ? { endsAt: new Date(resolvedAt).toISOString() } : {}),
      ...(this.options.generatorUrl ? { generatorURL: this.options.generatorUrl } : {}),
    };
  }

  /**
   * Delivers one evaluation's outcome: the transitions, and (for
   * Alertmanager) every alert still firing.
   */
  async deliver(transitions: readonly Transition[], firing: readonly ActiveAlert[]): Promise<void> {
    for (const t of transitions)
      this.waiting.set(t.alert.key, this.wire(t.alert, t.kind === 'resolved' ? t.at : undefined));
    if (this.options.alertmanagerUrl)
      for (const a of firing) if (!this.waiting.has(a.key)) this.waiting.set(a.key, this.wire(a));
    await this.flush();
  }

  /**
   * Sends what waits; on failure keeps it and retries later. One send at a
   * time: a retry and a new evaluation's send must not post the same
   * alerts twice.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.send();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  private async send(): Promise<void> {
    if (this.waiting.size === 0) return;
    const batch = [...this.waiting.entries()];
    const alerts = batch.map(([, a]) => a);
    try {
      if (this.options.alertmanagerUrl)
        await this.post(`${this.options.alertmanagerUrl.replace(/\/+$/, '')}/api/v2/alerts`, alerts);
      if (this.options.webhookUrl) {
        const firing = alerts.filter((a) => !a.endsAt);
        const resolved = alerts.filter((a) => a.endsAt);
        if (firing.length > 0) await this.post(this.options.webhookUrl, { status: 'firing', alerts: firing });
        if (resolved.length > 0)
          await this.post(this.options.webhookUrl, { status: 'resolved', alerts: resolved });
      }
      // Delivered: forget exactly what was sent (newer states may have arrived meanwhile).
      for (const [key, a] of batch) if (this.waiting.get(key) === a) this.waiting.delete(key);
      this.stats.sent += alerts.length;
      this.backoffMs = 1000;
    } catch {
      this.stats.failed++;
      this.scheduleRetry();
    }
    this.stats.waiting = this.waiting.size;
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 60_000);
  }

  private async post(url: string, body: unknown): Promise<void> {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      headersTimeout: this.options.timeoutMs ?? 5000,
      bodyTimeout: this.options.timeoutMs ?? 5000,
    });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode} from ${url}`);
  }

  snapshot(): NotifierStats {
    return { ...this.stats, waiting: this.waiting.size };
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
