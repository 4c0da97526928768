/**
 * Concurrent streams: a simulated pod (bench/sim-server.ts) holds N streaming
 * chat requests opened by bench/stream-client.ts, each receiving a token per
 * decode step, for a while; then the client aborts them all and the pod must
 * drop every one from its batch.
 */
import { forkTs, nextMessage, secondsUntil, spawnNode, stopChild, waitForLine } from './children.ts';
import { listenOverflows, type ProcWindow, sampleProcess } from './proc-stats.ts';
import type { OpenedMessage, ReportMessage } from './stream-client.ts';

export interface StreamSettings {
  streams: number;
  maxTokens: number;
  holdSeconds: number;
  /** The pod's decode step: each stream gets 1000 / stepMs tokens a second. */
  stepMs: number;
  /** A stream counts as receiving if a chunk arrived this recently (several decode steps). */
  freshMs: number;
}

export interface StreamResult {
  opened: OpenedMessage;
  report: ReportMessage;
  /** vllm:num_requests_running just before the report. */
  engineRunning: number;
  /** Pod RSS after start, before any stream. */
  idleRssMb: number;
  sim: ProcWindow;
  client: ProcWindow;
  /** Connections dropped by a full accept queue while the streams opened (machine-wide count). */
  listenOverflows: number | undefined;
  /** Seconds from the abort until the pod's batch was empty; undefined if it never emptied. */
  drainSeconds: number | undefined;
}

async function engineRunning(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^vllm:num_requests_running\{[^}]*\} (\S+)$/m.exec(text);
  return m?.[1] === undefined ? Number.NaN : Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the whole concurrent-streams scenario; every child is stopped before it returns or throws. */
export async function runStreams(s: StreamSettings): Promise<StreamResult> {
  const pod = spawnNode('sim-streams', ['--import', 'tsx', 'bench/sim-server.ts', String(s.stepMs)]);
  let client: ReturnType<typeof forkTs> | undefined;
  try {
    const base = (await waitForLine(pod, /listening (http:\S+)/))[1] ?? '';
    const pid = pod.pid ?? 0;
    const idle = sampleProcess(pid).stop();
    const overflowsBefore = listenOverflows();
    client = forkTs('stream-client', 'bench/stream-client.ts', [
      base,
      String(s.streams),
      String(s.maxTokens),
      String(s.freshMs),
    ]);
    const opened = await nextMessage<OpenedMessage>(client, 'opened', 60_000);
    const overflowsAfter = listenOverflows();
    console.log(
      `  ${opened.ok}/${s.streams} streams answered 200 in ${opened.seconds.toFixed(1)} s; holding ${s.holdSeconds} s`,
    );
    const simWindow = sampleProcess(pid);
    const clientWindow = sampleProcess(client.pid ?? 0);
    await sleep(s.holdSeconds * 1000);
    const running = await engineRunning(base);
    client.send('report');
    const report = await nextMessage<ReportMessage>(client, 'report', 10_000);
    const sim = simWindow.stop();
    const clientProc = clientWindow.stop();
    client.send('abort');
    await nextMessage(client, 'aborted', 10_000);
    // The pod learns of each abort from its socket closing; its batch must empty soon after.
    const drainSeconds = await secondsUntil(async () => (await engineRunning(base)) === 0, 15_000);
    return {
      opened,
      report,
      engineRunning: running,
      idleRssMb: idle.rssEndMb,
      sim,
      client: clientProc,
      listenOverflows:
        overflowsBefore === undefined || overflowsAfter === undefined
          ? undefined
          : overflowsAfter - overflowsBefore,
      drainSeconds,
    };
  } finally {
    if (client) await stopChild(client);
    await stopChild(pod);
  }
}
