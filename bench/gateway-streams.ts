/**
 * Concurrent SSE streams through `vllm-slo gateway`: bench/stream-client.ts
 * (the simulator benchmark's client, reused as is) opens N streaming chat
 * requests through a fresh gateway to the slow-streaming upstream, holds them,
 * checks that every one is still receiving chunks, then aborts them all; the
 * gateway must close its N upstream streams too. The gateway's RSS and CPU
 * come from /proc.
 */
import { stopChild } from './children.ts';
import { startVllmSlo } from './gateway-targets.ts';
import type { ProcWindow } from './proc-stats.ts';
import type { OpenedMessage, ReportMessage } from './stream-client.ts';
import { holdStreams } from './stream-hold.ts';

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
  try {
    const r = await holdStreams({
      base,
      serverPid: gw.child.pid ?? 0,
      streams: s.streams,
      // max_tokens far beyond the hold: the upstream never ends a stream on its own during the run.
      maxTokens: Math.ceil((s.holdSeconds * 10 * 1000) / s.chunkMs),
      holdSeconds: s.holdSeconds,
      freshMs: s.freshMs,
      probe: async () => [await upstreamOpen(upstream), await inFlight(base)] as const,
      open: () => upstreamOpen(upstream),
    });
    return {
      opened: r.opened,
      report: r.report,
      upstreamOpen: r.probed[0],
      gatewayInFlight: r.probed[1],
      idleRssMb: r.idleRssMb,
      gateway: r.server,
      client: r.client,
      listenOverflows: r.listenOverflows,
      drainSeconds: r.drainSeconds,
    };
  } finally {
    await stopChild(gw.child);
  }
}
