/**
 * The gateway's TTFT and duration, proved without timing thresholds (the
 * machine is shared and noisy). The pod holds each part of a response back
 * until the test releases it, so the test knows the earliest real time that
 * part could reach the gateway; the gateway's clock starts before the pod
 * sees the request and stops before the client sees the part, so each
 * measurement lies between "release - arrival at the pod" and the client's
 * own figure, whatever the scheduling delays. Before each release the test
 * waits until the lower bound exceeds the client's figure for the part
 * before, so timing to the wrong event (headers, role chunk, first token,
 * last token) cannot land inside both bounds.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { manualClock } from '../../src/sim/index.ts';
import { advance, waitFor, waitForArrival } from '../sim/manual-drive.ts';
import { FAKE_MODEL, fakeRig } from './fake-pod.ts';
import { rig } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
/** Real time each part is held back beyond the bound, so a wrong reference point is visibly off. */
const HOLD_MS = 50;
/** A content-only delta: the simulator's role chunk carries an empty content too. */
const TOKEN = '{"content":"';

/** Sleeps until performance.now() has passed `at` (a timer may fire early; this re-checks). */
async function holdUntil(at: number): Promise<void> {
  while (performance.now() <= at)
    await new Promise((r) => setTimeout(r, Math.max(1, at - performance.now())));
}

/** What the client saw, on its own clock: request start, then the first time each marker arrived. */
interface ClientView {
  start: number;
  seen: Map<string, number>;
  end: number | undefined;
}

/** Posts a chat request to the gateway with fetch and notes when headers and each marker arrive. */
function watch(
  url: string,
  body: object,
  markers: readonly string[],
): { view: ClientView; done: Promise<void> } {
  const view: ClientView = { start: performance.now(), seen: new Map(), end: undefined };
  const done = (async () => {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    view.seen.set('headers', performance.now());
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body ?? []) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      for (const m of markers) if (!view.seen.has(m) && text.includes(m)) view.seen.set(m, performance.now());
    }
    view.end = performance.now();
  })();
  return { view, done };
}

/** The client's time from its start to `marker`. */
function elapsed(view: ClientView, marker: string): number {
  const at = view.seen.get(marker);
  assert.ok(at !== undefined, `the client saw ${marker}`);
  return at - view.start;
}

function within(value: number | undefined, low: number, high: number, what: string): void {
  assert.ok(
    value !== undefined && value >= low && value <= high,
    `${what} ${value} ms, expected between ${low.toFixed(1)} and ${high.toFixed(1)} ms`,
  );
}

/** Steps the fake pod waits at (`gate()`) until the test lets it go on (`gates.shift()?.()`). */
function gated(): { gates: Array<() => void>; gate: () => Promise<void> } {
  const gates: Array<() => void> = [];
  return { gates, gate: () => new Promise<void>((resolve) => gates.push(resolve)) };
}

describe('gateway timings', () => {
  it('measures TTFT to the first token and duration to the last, against the simulator', async () => {
    // The pod's clock stands still until the test advances it: no token leaves before that.
    const clock = manualClock();
    const r = await rig(1, { clock });
    try {
      const { view, done } = watch(
        r.gateway.url,
        {
          model: MODEL,
          messages: [{ role: 'user', content: 'x'.repeat(1972) }],
          max_tokens: 50,
          stream: true,
          ignore_eos: true,
        },
        [TOKEN, '[DONE]'],
      );
      await waitForArrival(clock, 0);
      const arrived = performance.now();
      await holdUntil(arrived + HOLD_MS);
      const firstReleased = performance.now();
      // API server delay, then the prefill step that samples the first token (about 63 simulated ms).
      for (let t = 0; !view.seen.has(TOKEN) && t < 10_000; t++) await advance(clock, 1);
      assert.equal(r.pods[0]?.engine.stats().running, 1, 'the request is still generating');
      await holdUntil(arrived + elapsed(view, TOKEN) + HOLD_MS);
      const lastReleased = performance.now();
      for (let t = 0; view.end === undefined && t < 10_000; t += 10) await advance(clock, 10);
      await done;
      const m = r.measured[0];
      assert.equal(m?.status, 200);
      assert.equal(m.completionTokens, 50);
      within(m.ttftMs, firstReleased - arrived, elapsed(view, TOKEN), 'gateway TTFT');
      within(m.durationMs, lastReleased - arrived, (view.end ?? 0) - view.start, 'gateway duration');
    } finally {
      await r.stop();
    }
  });

  it('times TTFT from the first content token, not the headers or the role chunk', async () => {
    const { gates, gate } = gated();
    let arrived: number | undefined;
    const sse = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const r = await fakeRig((req, res: ServerResponse) => {
      req.resume();
      req.on('end', async () => {
        arrived = performance.now();
        // vLLM sends the headers at once; here they go out long before the first token.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        await gate();
        res.write(sse({ role: 'assistant', content: '' }));
        await gate();
        res.write(sse({ content: 'Hi' }));
        await gate();
        res.write(sse({ content: '!' }, 'stop'));
        res.end('data: [DONE]\n\n');
      });
    });
    try {
      const { view, done } = watch(
        r.gateway.url,
        { model: FAKE_MODEL, messages: [{ role: 'user', content: 'x' }], stream: true },
        ['"role"', '"Hi"', '[DONE]'],
      );
      const release = async (after: string): Promise<number> => {
        await waitFor(() => view.seen.has(after) && gates.length > 0, `the client to see ${after}`);
        await holdUntil((arrived ?? 0) + elapsed(view, after) + HOLD_MS);
        const at = performance.now();
        gates.shift()?.();
        return at;
      };
      await release('headers');
      const firstReleased = await release('"role"');
      const lastReleased = await release('"Hi"');
      await done;
      const m = r.measured[0];
      const start = arrived ?? 0;
      assert.equal(m?.status, 200);
      within(m.ttftMs, firstReleased - start, elapsed(view, '"Hi"'), 'gateway TTFT');
      within(m.durationMs, lastReleased - start, (view.end ?? 0) - view.start, 'gateway duration');
    } finally {
      await r.stop();
    }
  });

  it('times a non-streamed reply whole: TTFT is its duration, not the headers', async () => {
    const { gates, gate } = gated();
    let arrived: number | undefined;
    const r = await fakeRig((req, res: ServerResponse) => {
      req.resume();
      req.on('end', async () => {
        arrived = performance.now();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        await gate();
        res.end(JSON.stringify({ object: 'chat.completion', choices: [], usage: { prompt_tokens: 1 } }));
      });
    });
    try {
      const { view, done } = watch(
        r.gateway.url,
        { model: FAKE_MODEL, messages: [{ role: 'user', content: 'x' }] },
        [],
      );
      await waitFor(() => gates.length > 0, 'the fake pod to answer');
      // The gateway holds a non-streamed reply's headers back, so the client cannot see when they arrived.
      await holdUntil((arrived ?? 0) + HOLD_MS);
      const released = performance.now();
      gates.shift()?.();
      await done;
      const m = r.measured[0];
      assert.equal(m?.status, 200);
      within(m.ttftMs, released - (arrived ?? 0), m.durationMs, 'gateway TTFT');
      within(m.durationMs, released - (arrived ?? 0), (view.end ?? 0) - view.start, 'gateway duration');
    } finally {
      await r.stop();
    }
  });
});
