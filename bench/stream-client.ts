/**
 * The client side of the concurrent-streams benchmark, in its own process so
 * that parsing thousands of streams does not share an event loop with the
 * script that measures. Forked with an IPC channel by sim-streams.ts:
 *
 *   argv: <base url> <streams> <max_tokens> <fresh ms>
 *   -> { type: 'opened' }  once every stream has its response head (or failed)
 *   <- 'report'            -> { type: 'report' }: which streams are still receiving
 *   <- 'abort'             -> { type: 'aborted' } after destroying every stream
 */
import { Agent, type ClientRequest, request } from 'node:http';

/** What the client tells its parent once every stream has answered (or failed). */
export interface OpenedMessage {
  type: 'opened';
  ok: number;
  statuses: Record<string, number>;
  errors: string[];
  seconds: number;
}

/** What the client tells its parent about the streams it holds. */
export interface ReportMessage {
  type: 'report';
  /** Streams with a 200 that have neither ended nor failed. */
  open: number;
  /** Open streams that received a chunk within the last <fresh ms> (argv). */
  fresh: number;
  /** Open streams that received at least one SSE event since all were opened. */
  progressed: number;
  /** SSE events per second over all streams since all were opened. */
  eventsPerSecond: number;
  /** The longest any open stream has gone without a chunk, in ms. */
  maxSilenceMs: number;
  ended: number;
  failed: number;
}

// Connecting all at once overflows the pod's accept backlog (511: its event loop is busy writing
// tokens to the streams already open) and the dropped SYNs are retried only after 1 s, 3 s...
// 2,000 connections/s opens 5,000 in 2.5 s with few or no drops on this machine.
const RAMP_BATCH = 100;
const RAMP_EVERY_MS = 50;

interface Stream {
  req: ClientRequest;
  status: number | undefined;
  last: number;
  events: number;
  eventsAtOpened: number;
  ended: boolean;
  error: string | undefined;
}

const [url = '', countArg = '5000', maxTokensArg = '2000', freshArg = '3000'] = process.argv.slice(2);
const count = Number(countArg);
const freshMs = Number(freshArg);
const body = JSON.stringify({
  model: 'sim/bench',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: Number(maxTokensArg),
  ignore_eos: true,
  stream: true,
});
const agent = new Agent({ keepAlive: false, maxSockets: count });
const streams: Stream[] = [];
const started = performance.now();
let settled = 0;
let aborting = false;
let openedAt = 0;
let eventsAtOpened = 0;

/** Counts `data: ` event prefixes; an event split across two chunks may be missed, which only undercounts. */
function countEvents(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf('data: '); i !== -1; i = chunk.indexOf('data: ', i + 6)) n++;
  return n;
}

function settle(): void {
  settled++;
  if (settled !== count) return;
  openedAt = performance.now();
  for (const s of streams) s.eventsAtOpened = s.events;
  eventsAtOpened = streams.reduce((n, s) => n + s.events, 0);
  const statuses: Record<string, number> = {};
  for (const s of streams) {
    const key = s.status === undefined ? 'error' : String(s.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const errors = [...new Set(streams.flatMap((s) => (s.error ? [s.error] : [])))].slice(0, 5);
  const msg: OpenedMessage = {
    type: 'opened',
    ok: statuses['200'] ?? 0,
    statuses,
    errors,
    seconds: (openedAt - started) / 1000,
  };
  process.send?.(msg);
}

function open(): void {
  const req = request(`${url}/v1/chat/completions`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const s: Stream = {
    req,
    status: undefined,
    last: 0,
    events: 0,
    eventsAtOpened: 0,
    ended: false,
    error: undefined,
  };
  streams.push(s);
  req.on('response', (res) => {
    s.status = res.statusCode;
    s.last = performance.now();
    settle();
    res.on('data', (c: Buffer) => {
      s.last = performance.now();
      s.events += countEvents(c);
    });
    res.on('end', () => {
      s.ended = true;
    });
    res.on('error', () => {
      if (!aborting) s.error ??= 'response error';
    });
  });
  req.on('error', (err) => {
    if (aborting) return;
    const first = s.status === undefined && s.error === undefined;
    s.error = (err as NodeJS.ErrnoException).code ?? err.message;
    if (first) settle();
  });
  req.end(body);
}

function report(): ReportMessage {
  const now = performance.now();
  const live = streams.filter((s) => s.status === 200 && !s.ended && s.error === undefined);
  const events = streams.reduce((n, s) => n + s.events, 0);
  return {
    type: 'report',
    open: live.length,
    fresh: live.filter((s) => now - s.last < freshMs).length,
    progressed: live.filter((s) => s.events > s.eventsAtOpened).length,
    eventsPerSecond: (events - eventsAtOpened) / ((now - openedAt) / 1000),
    maxSilenceMs: live.reduce((m, s) => Math.max(m, now - s.last), 0),
    ended: streams.filter((s) => s.ended).length,
    failed: streams.filter((s) => s.error !== undefined).length,
  };
}

process.on('message', (cmd: unknown) => {
  if (cmd === 'report') process.send?.(report());
  if (cmd === 'abort') {
    aborting = true;
    for (const s of streams) s.req.destroy();
    agent.destroy();
    process.send?.({ type: 'aborted' }, () => process.exit(0));
  }
});
// The parent went away (crashed or was killed): do not keep 5,000 sockets open on our own.
process.on('disconnect', () => process.exit(0));

let opened = 0;
const ramp = setInterval(() => {
  for (let i = 0; i < RAMP_BATCH && opened < count; i++, opened++) open();
  if (opened >= count) clearInterval(ramp);
}, RAMP_EVERY_MS);
