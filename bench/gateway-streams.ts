/**
 * Concurrent SSE streams through `vllm-slo gateway`: bench/stream-client.ts
 * (the simulator benchmark's client, reused as is) opens N streaming chat
 * requests through a fresh gateway to the slow-streaming upstream, holds them,
 * checks that every one is still receiving chunks, then aborts them all; the
 * gateway must close its N upstream streams too. The gateway's RSS and CPU
 * come from /proc.
 */
import { forkTs, nextMessage, secondsUntil, stopChild } from './children.ts';
import { startVllmSlo } from './gateway-targets.ts';
import { listenOverflows, type ProcWindow, sampleProcess } from './proc-stats.ts';
import type { OpenedMessage, ReportMessage } from './stream-client.ts';

export interface GatewayStreamSettings {
  streams: number;
  holdSeconds: number;
  /** The upstream's pace: one chunk per stream every chunkMs. */
  chunkMs: number;
  /** A stream counts as receiving if a chunk arrived this recently. */
  freshMs: number;
}

export interface GatewayStreamResult {
  opened: OpenedMessage;
  report: ReportMessage;
  /** Streams the upstream held open at the end of the hold (one per gateway stream). */
  upstreamOpen: number;
  /** vllm_requests_in_flight summed, at the end of the hold. */
  gatewayInFlight: number;
  idleRssMb: number;
  gateway: ProcWindow;
  client: ProcWindow;
  listenOverflows: number | undefined;
  /** Seconds from the clients' abort until the upstream held no stream; undefined if not within 15 s. */
  drainSeconds: number | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function upstreamOpen(upstream: string): Promise<number> {
  return Number(await (await fetch(`${upstream}/bench/streams`)).text());
}

async function inFlight(gateway: string): Promise<number> {
  const text = await (await fetch(`${gateway}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^vllm_requests_in_flight(?:\{[^}]*\})? (\S+)$/gm)) n += Number(m[1]);
  return n;
}

/**
 * Runs the scenario against `upstream` (its base URL), the gateway under
 * `node --cpu-prof` when `profileDir` is given; the gateway and client are
 * stopped before it returns.
 */
export async function runGatewayStreams(
  upstream: string,
  s: GatewayStreamSettings,
  profileDir?: string,
): Promise<GatewayStreamResult> {
  const gw = await startVllmSlo(upstream, profileDir);
  const base = new URL(gw.target.url).origin;
  let client: ReturnType<typeof forkTs> | undefined;
  try {
    const pid = gw.child.pid ?? 0;
    const idle = sampleProcess(pid).stop();
    const overflowsBefore = listenOverflows();
    // max_tokens far beyond the hold: the upstream never ends a stream on its own during the run.
    const maxTokens = String(Math.ceil((s.holdSeconds * 10 * 1000) / s.chunkMs));
    client = forkTs('stream-client', 'bench/stream-client.ts', [
      base,
      String(s.streams),
      maxTokens,
      String(s.freshMs),
    ]);
    const opened = await nextMessage<OpenedMessage>(client, 'opened', 60_000);
    const overflowsAfter = listenOverflows();
    console.log(
      `  ${opened.ok}/${s.streams} streams answered 200 in ${opened.seconds.toFixed(1)} s; holding ${s.holdSeconds} s`,
    );
    const gwWindow = sampleProcess(pid);
    const clientWindow = sampleProcess(client.pid ?? 0);
    await sleep(s.holdSeconds * 1000);
    const [upOpen, gwInFlight] = [await upstreamOpen(upstream), await inFlight(base)];
    client.send('report');
    const report = await nextMessage<ReportMessage>(client, 'report', 10_000);
    const gateway = gwWindow.stop();
    const clientProc = clientWindow.stop();
    client.send('abort');
    await nextMessage(client, 'aborted', 10_000);
    const drainSeconds = await secondsUntil(async () => (await upstreamOpen(upstream)) === 0, 15_000);
    return {
      opened,
      report,
      upstreamOpen: upOpen,
      gatewayInFlight: gwInFlight,
      idleRssMb: idle.rssEndMb,
      gateway,
      client: clientProc,
      listenOverflows:
        overflowsBefore === undefined || overflowsAfter === undefined
          ? undefined
          : overflowsAfter - overflowsBefore,
      drainSeconds,
    };
  } finally {
    if (client) await stopChild(client);
    await stopChild(gw.child);
  }
}
