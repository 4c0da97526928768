/**
 * Long windows (over 6 h: 1d, 3d, the 7-, 28- or 30-day periods) from
 * recorded 5-minute increases, instead of `rate(...[30d])` over the raw
 * counters of every pod, error type and bucket (issue 10, section 4).
 *
 * The rules record, every minute, each environment's requests and each
 * objective's bad events (and, for latency and TTFT, all its events: the
 * histogram's count) over the last 5 minutes. The ratio over a window W is
 *
 *   sum_over_time(bad_increase5m[W]) / sum_over_time(total_increase5m[W])
 *
 * which is request-weighted: bad events over events, as
 * rate(bad[W]) / rate(total[W]) is. Averaging recorded 5-minute ratios
 * instead (Sloth's period rule, sum_over_time(ratio) / count_over_time(ratio))
 * would give a quiet night's 5 minutes with 2 requests the weight of a busy
 * hour's. The increases overlap: evaluated every minute, each minute's events
 * fall into five consecutive 5-minute increases, so both sums count every
 * event five times and the factor cancels in the ratio. Only the window's
 * first and last 4 minutes count fewer times, a few minutes' blur on a window
 * of days. No requests in W gives 0 / 0 = NaN: no answer, as the raw rates.
 *
 * One recorded series per side at one sample a minute reads 2 x 43,200
 * samples for 30 days, whatever the number of pods, error types or buckets.
 */
import { type MetricsConfig, parseDuration, type RatioObjective, thresholdHistogram } from '../spec/index.ts';
import { requestIncreaseRecord, sloBadIncreaseRecord, sloTotalIncreaseRecord } from './names.ts';
import { formatNumber, rangeSelector } from './selector.ts';

/** The increase every long window is built from. */
export const INCREASE_WINDOW = '5m';
/**
 * Evaluation interval of the group that records the increases and reads
 * them: fixed, because a request count over W divides by how many
 * increases count each event (5m / 1m = 5).
 */
export const INCREASE_INTERVAL = '1m';
const OVERLAP = parseDuration(INCREASE_WINDOW) / parseDuration(INCREASE_INTERVAL);

/** Latency and TTFT objectives count histogram observations; the error kinds count requests. */
export function hasOwnTotal(o: RatioObjective): boolean {
  return thresholdHistogram(o.kind) !== undefined;
}

function sumOverTime(m: MetricsConfig, record: string, environment: string, window: string, slo?: string) {
  const matchers = { [m.labels.environment]: environment, ...(slo === undefined ? {} : { slo }) };
  return `sum_over_time(${rangeSelector(record, matchers, window)})`;
}

/** An objective's bad-event ratio over a window, from the recorded 5-minute increases (request-weighted). */
export function increaseRatio(
  m: MetricsConfig,
  environment: string,
  o: RatioObjective,
  window: string,
): string {
  const bad = sumOverTime(m, sloBadIncreaseRecord('environment'), environment, window, o.name);
  const total = hasOwnTotal(o)
    ? sumOverTime(m, sloTotalIncreaseRecord('environment'), environment, window, o.name)
    : sumOverTime(m, requestIncreaseRecord('environment'), environment, window);
  return `${bad} / on (${m.labels.environment}) ${total}`;
}

/**
 * Requests per second over a window, from the recorded increases: their sum
 * counts each request OVERLAP times (see above), so it is divided by that and
 * by the window's seconds. The last few minutes count less: a count that lags
 * by minutes on a window of days.
 */
export function increaseRequestRate(m: MetricsConfig, environment: string, window: string): string {
  const seconds = parseDuration(window) / 1000;
  return `${sumOverTime(m, requestIncreaseRecord('environment'), environment, window)} / ${formatNumber(OVERLAP)} / ${formatNumber(seconds)}`;
}
