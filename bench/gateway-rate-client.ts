/**
 * An open-loop load generator at a fixed request rate (the wrk2 idea), in its
 * own process. autocannon's `overallRate` is not one: each connection sends
 * its per-second quota back to back at the start of every second and then
 * idles, so "1,000 req/s" is measured as bursts at tens of thousands of req/s.
 * Here a request leaves every 1/rate s whether or not earlier ones have
 * answered, and each latency is timed with performance.now() (microseconds;
 * autocannon's histogram keeps whole milliseconds, too coarse for a 1 ms target).
 *
 *   argv: <url> <rate> <seconds> <body> [headers JSON]
 *   stdout: one line `RATEJSON {...}` (RateClientResult)
 *
 * The first second is sent but not counted: it opens the connections.
 */
import { Agent, request } from 'node:http';

/** What the client prints at the end. */
export interface RateClientResult {
  /** Responses counted (after the first second). */
  count: number;
  /** Responses per second over the counted window. */
  achievedRps: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  non2xx: number;
  errors: number;
  /** Sends that left more than 2 ms after their slot (this client's own lateness). */
  lateSends: number;
}

const [url = '', rateArg = '1000', secondsArg = '10', body = '{}', headersArg = '{}'] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const WARMUP_MS = 1000;
const headers: Record<string, string | number> = {
  ...(JSON.parse(headersArg) as Record<string, string>),
  'content-type': 'application/json',
  'content-length': Buffer.byteLength(body),
};
// Keep-alive, as every proxy's clients would; more sockets than ever needed at once so a slow
// response never delays the next send (open loop).
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const latencies: number[] = [];
let non2xx = 0;
let errors = 0;
let sent = 0;
let lateSends = 0;
let outstanding = 0;
const start = performance.now();
const total = Math.round(rate * seconds);

function send(slot: number): void {
  const t0 = performance.now();
  if (t0 - slot > 2) lateSends++;
  const counted = t0 - start >= WARMUP_MS;
  outstanding++;
  const req = request(url, { method: 'POST', agent, headers }, (res) => {
    res.on('data', () => {});
    res.on('end', () => {
      outstanding--;
      if (!counted) return;
      latencies.push((performance.now() - t0) * 1000);
      if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
    });
  });
  req.on('error', () => {
    outstanding--;
    if (counted) errors++;
  });
  req.end(body);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function finish(): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const result: RateClientResult = {
    count: sorted.length,
    achievedRps: sorted.length / (seconds - WARMUP_MS / 1000),
    p50Us: percentile(sorted, 50),
    p99Us: percentile(sorted, 99),
    maxUs: sorted.at(-1) ?? Number.NaN,
    non2xx,
    errors,
    lateSends,
  };
  console.log(`RATEJSON ${JSON.stringify(result)}`);
  agent.destroy();
  process.exit(0);
}

// A 1 ms timer fires about every 1.0-1.1 ms; each tick sends every request whose slot has come,
// so the schedule catches up instead of drifting below the rate.
const interval = 1000 / rate;
const timer = setInterval(() => {
  const now = performance.now();
  while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
  if (sent >= total) {
    clearInterval(timer);
    // Let the last responses arrive (or give up on them after 5 s: they count as errors).
    const waitStarted = performance.now();
    const waiter = setInterval(() => {
      if (outstanding > 0 && performance.now() - waitStarted < 5000) return;
      clearInterval(waiter);
      errors += outstanding;
      finish();
    }, 5);
  }
}, 1);
