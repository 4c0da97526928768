/** `status` as a terminal table: one per environment, coloured by state. */
import type { ObjectiveState, ObjectiveStatus, StatusDocument } from '../engine/index.ts';
import { assertNever, kindFacts } from '../spec/index.ts';
import { type Output, paint } from './io.ts';

function pct(r: number, digits = 3): string {
  return `${Number((r * 100).toFixed(digits))}%`;
}

function secs(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)}ms` : `${Number(s.toFixed(2))}s`;
}

/** How the kind's value reads (the kind table's `shows`); the table shows an error rate's good share too. */
function showsRate(o: ObjectiveStatus): boolean {
  const shows = kindFacts(o.kind).shows;
  switch (shows) {
    case 'rate':
      return true;
    case 'good-share':
    case 'bad-share':
      return false;
    default:
      return assertNever(shows, 'value display');
  }
}

function target(o: ObjectiveStatus): string {
  if (showsRate(o)) return `>= ${o.target} req/s/pod`;
  return pct(o.target);
}

function current(o: ObjectiveStatus): string {
  if (o.value === null) return 'no data';
  if (showsRate(o)) return `${o.value.toFixed(1)} req/s (min pod)`;
  const q = o.quantile_seconds === null ? '' : ` (q=${secs(o.quantile_seconds)})`;
  return `${pct(o.value)}${q}`;
}

function budget(o: ObjectiveStatus): string {
  const b = o.error_budget;
  if (!b) return '-';
  return `${b.remaining_minutes.toFixed(1)}m ${pct(b.remaining_ratio, 1)}`;
}

function burn(o: ObjectiveStatus, w: string): string {
  const v = o.burn_rates[w];
  return v === undefined || v === null ? '-' : `${v.toFixed(2)}x`;
}

/** The engine's state (objectiveState) as the table words it. */
const STATE_TEXT: Record<ObjectiveState, string> = {
  ok: 'OK',
  warning: 'WARNING',
  breached: 'BREACHED',
  'no-data': 'NO DATA',
  undetermined: 'UNDETERMINED',
};

const STATE_COLOR: Record<ObjectiveState, 'green' | 'yellow' | 'red'> = {
  ok: 'green',
  warning: 'yellow',
  breached: 'red',
  'no-data': 'yellow',
  undetermined: 'yellow',
};

/** Renders the document; returns nothing, writes through `o`. */
export function renderStatus(o: Output, doc: StatusDocument): void {
  const header = ['objective', 'target', 'current', 'budget left', 'burn 1h', 'burn 6h', 'state'];
  for (const env of doc.environments) {
    const avail =
      env.time_availability === null ? '' : `, time-based availability ${pct(env.time_availability)}`;
    o.out(paint(o, 'bold', `${env.environment}`) + paint(o, 'dim', ` (${doc.source}${avail})`));
    const rows = env.objectives.map((x) => [
      x.name,
      target(x),
      current(x),
      budget(x),
      burn(x, '1h'),
      burn(x, '6h'),
      STATE_TEXT[x.state],
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    o.out(paint(o, 'dim', line(header)));
    env.objectives.forEach((x, i) => {
      o.out(`${line((rows[i] ?? []).slice(0, 6))}  ${paint(o, STATE_COLOR[x.state], STATE_TEXT[x.state])}`);
    });
    const firing = env.objectives.flatMap((x) =>
      x.firing_alerts.map(
        (a) =>
          `${a.alertname} ${a.severity} ${a.labels.slo ?? ''} ${a.labels.long_window ?? ''}/${a.labels.short_window ?? ''}`,
      ),
    );
    for (const f of firing) o.out(paint(o, 'red', `  firing: ${f}`));
    for (const t of env.scrape_targets ?? [])
      if (t.stale_since !== null)
        o.out(
          paint(
            o,
            'yellow',
            `  scrape target ${t.url}: stale since ${t.stale_since}${t.last_error ? ` (${t.last_error})` : ''}`,
          ),
        );
    o.out('');
  }
}
