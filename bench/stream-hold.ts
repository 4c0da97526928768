/**
 * The hold phase both stream benchmarks share: bench/stream-client.ts opens
 * N streaming chat requests at `base`, they are held while the server's and
 * the client's /proc figures are sampled, the client reports how many are
 * still receiving, then aborts them all, and the server must drop every one.
 */
import { forkTs, nextMessage, secondsUntil, stopChild } from './children.ts';
import { listenOverflows, type ProcWindow, sampleProcess } from './proc-stats.ts';
import type { OpenedMessage, ReportMessage } from './stream-client.ts';

export interface HoldSettings<P> {
  /** Where the client sends its requests. */
  base: string;
  /** The process holding the streams (the pod or the gateway), sampled from /proc. */
  serverPid: number;
  streams: number;
  maxTokens: number;
  holdSeconds: number;
  freshMs: number;
  /** What to read from the server at the end of the hold, before the report. */
  probe: () => Promise<P>;
  /** Streams the server still holds; the drain waits (up to 15 s) for 0 after the abort. */
  open: () => Promise<number>;
}

export interface HoldResult<P> {
  opened: OpenedMessage;
  report: ReportMessage;
  probed: P;
  /** Server RSS before any stream. */
  idleRssMb: number;
  server: ProcWindow;
  client: ProcWindow;
  /** Connections dropped by a full accept queue while the streams opened (machine-wide count). */
  listenOverflows: number | undefined;
  /** Seconds from the abort until the server held no stream; undefined if not within 15 s. */
  drainSeconds: number | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the hold phase; the client is stopped before it returns or throws. */
export async function holdStreams<P>(s: HoldSettings<P>): Promise<HoldResult<P>> {
  const idle = sampleProcess(s.serverPid).stop();
  const overflowsBefore = listenOverflows();
  const client = forkTs('stream-client', 'bench/stream-client.ts', [
    s.base,
    String(s.streams),
    String(s.maxTokens),
    String(s.freshMs),
  ]);
  try {
    const opened = await nextMessage<OpenedMessage>(client, 'opened', 60_000);
    const overflowsAfter = listenOverflows();
    console.log(
      `  ${opened.ok}/${s.streams} streams answered 200 in ${opened.seconds.toFixed(1)} s; holding ${s.holdSeconds} s`,
    );
    const serverWindow = sampleProcess(s.serverPid);
    const clientWindow = sampleProcess(client.pid ?? 0);
    await sleep(s.holdSeconds * 1000);
    const probed = await s.probe();
    client.send('report');
    const report = await nextMessage<ReportMessage>(client, 'report', 10_000);
    const server = serverWindow.stop();
    const clientProc = clientWindow.stop();
    client.send('abort');
    await nextMessage(client, 'aborted', 10_000);
    const drainSeconds = await secondsUntil(async () => (await s.open()) === 0, 15_000);
    return {
      opened,
      report,
      probed,
      idleRssMb: idle.rssEndMb,
      server,
      client: clientProc,
      listenOverflows:
        overflowsBefore === undefined || overflowsAfter === undefined
          ? undefined
          : overflowsAfter - overflowsBefore,
      drainSeconds,
    };
  } finally {
    await stopChild(client);
  }
}
