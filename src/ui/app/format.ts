/**
 * How the UI writes numbers. Pure functions without the DOM, so the browser
 * tests format the API's numbers exactly as the pages do and compare text.
 * Null (no traffic in the window) is always "—", never 0.
 */
import type { ObjectiveStatus } from '../../api/index.ts';
import { kindShows, unhandled } from './kind-display.ts';

/** What the UI shows for a missing number. */
export const NO_DATA = '—';

function missing(x: number | null | undefined): x is null | undefined {
  return x === null || x === undefined || !Number.isFinite(x);
}

/** "99.950" -> "99.95", "100.000" -> "100". */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A ratio as a percentage with enough digits to tell nines apart: 2
 * decimals, 3 above 99 %, and more while rounding would turn a ratio below
 * 1 into "100 %" (an SLI of 99.9996 % is not perfect).
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (missing(ratio)) return NO_DATA;
  const pct = ratio * 100;
  let digits = pct >= 99 && pct < 100 ? 3 : 2;
  let text = pct.toFixed(digits);
  while (ratio < 1 && Number(text) >= 100 && digits < 6) text = pct.toFixed(++digits);
  return `${trimZeros(text)} %`;
}

/** Remaining error budget (a ratio of the period's, negative once overspent) with one decimal. */
export function formatBudgetRatio(ratio: number | null | undefined): string {
  if (missing(ratio)) return NO_DATA;
  const text = (ratio * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text} %`;
}

/** Budget minutes: "36 s", "43.2 min", "1 h 41 min", "2 d 3 h"; negative when overspent. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (missing(minutes)) return NO_DATA;
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  if (m < 1) return `${sign}${Math.round(m * 60)} s`;
  if (m < 60) return `${sign}${trimZeros(m.toFixed(1))} min`;
  if (m < 1440) {
    const h = Math.floor(m / 60);
    return `${sign}${h} h ${Math.round(m - h * 60)} min`;
  }
  const d = Math.floor(m / 1440);
  return `${sign}${d} d ${Math.round((m - d * 1440) / 60)} h`;
}

/**
 * A duration in seconds: ms below a second, seconds below a minute, then
 * minutes (and seconds), then hours (and minutes): "401 ms", "2.5 s",
 * "1 min 5 s", "15 min", "6 h".
 */
export function formatSeconds(seconds: number | null | undefined): string {
  if (missing(seconds)) return NO_DATA;
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 0.01) return `${trimZeros((seconds * 1000).toFixed(2))} ms`;
  if (s < 1) return `${Math.round(seconds * 1000)} ms`;
  if (s < 60) return `${trimZeros(seconds.toFixed(2))} s`;
  const whole = Math.round(s);
  const [big, small, bigUnit, smallUnit] =
    whole < 3600
      ? [Math.floor(whole / 60), whole % 60, 'min', 's']
      : [Math.floor(whole / 3600), Math.round((whole % 3600) / 60), 'h', 'min'];
  return `${sign}${big} ${bigUnit}${small === 0 ? '' : ` ${small} ${smallUnit}`}`;
}

/**
 * Budget time left of the period's: "35 min of 43.2 min", or "3 h 55 min
 * over (of 1 h 41 min)" once overspent, which a negative number says badly.
 */
export function formatBudgetTime(b: { remaining_minutes: number; total_minutes: number } | null): string {
  if (b === null) return NO_DATA;
  const total = formatMinutes(b.total_minutes);
  return b.remaining_minutes < 0
    ? `${formatMinutes(-b.remaining_minutes)} over (of ${total})`
    : `${formatMinutes(b.remaining_minutes)} of ${total}`;
}

/** A burn rate: how many times faster than sustainable the budget burns. */
export function formatBurnRate(rate: number | null | undefined): string {
  if (missing(rate)) return NO_DATA;
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(2)}×`;
}

/** A rate per second: "12.3 req/s", small rates with two significant digits. */
export function formatRate(perSecond: number | null | undefined, unit = 'req/s'): string {
  if (missing(perSecond)) return NO_DATA;
  const a = Math.abs(perSecond);
  const text =
    a === 0
      ? '0'
      : a >= 100
        ? perSecond.toFixed(0)
        : a >= 1
          ? perSecond.toFixed(1)
          : perSecond.toPrecision(2);
  return `${trimZeros(text)} ${unit}`;
}

/** A count with thousands separators (in-flight requests, events). */
export function formatCount(n: number | null | undefined): string {
  if (missing(n)) return NO_DATA;
  return Math.round(n).toLocaleString('en-US');
}

/**
 * The objective's current value as the objective states it: the error rate
 * for an error-rate objective ("< 0.1 %" is about failures, not a success
 * ratio), the slowest pod's requests/s for a throughput floor, else the good
 * share.
 */
export function formatObjectiveValue(o: ObjectiveStatus): string {
  const shows = kindShows(o.kind);
  switch (shows) {
    case 'rate':
      return formatRate(o.value);
    case 'bad-share':
      return formatPercent(o.value === null ? null : 1 - o.value);
    case 'good-share':
      return formatPercent(o.value);
    default:
      return unhandled(shows, 'value display');
  }
}

/**
 * The objective's target as it reads in the spec: "≥ 99.9 %", "max 0.1 %"
 * for an error rate, "95 % within 3 s" for latency and TTFT (the share of
 * requests under the threshold), "≥ 10 req/s per pod" for a floor.
 */
export function formatTarget(o: ObjectiveStatus): string {
  const shows = kindShows(o.kind);
  switch (shows) {
    case 'rate':
      return `≥ ${formatRate(o.target)} per pod`;
    case 'bad-share':
      return `max ${formatPercent(1 - o.target)}`;
    case 'good-share':
      if (o.threshold_seconds !== null)
        return `${formatPercent(o.target)} within ${formatSeconds(o.threshold_seconds)}`;
      return `≥ ${formatPercent(o.target)}`;
    default:
      return unhandled(shows, 'value display');
  }
}

/** An objective's burn rate over a window label ("1h"), "—" where there was no traffic. */
export function formatObjectiveBurn(o: ObjectiveStatus, window: string): string {
  return formatBurnRate(o.burn_rates[window]);
}

/** How long ago an ISO time was, relative to `now` (ms): "12 s ago", "3 min ago", "2 h ago". */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (iso === null || iso === undefined) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return NO_DATA;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** A wall-clock time in the browser's zone, "2026-03-02 14:05:09" (sortable, unambiguous). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
