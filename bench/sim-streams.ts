/**
 * Concurrent streams: a simulated pod (bench/sim-server.ts) holds N streaming
 * chat requests opened by bench/stream-client.ts, each receiving a token per
 * decode step, for a while; then the client aborts them all and the pod must
 * drop every one from its batch.
 */
import { spawnNode, stopChild, waitForLine } from './children.ts';
import type { ProcWindow } from './proc-stats.ts';
import type { OpenedMessage, ReportMessage } from './stream-client.ts';
import { holdStreams } from './stream-hold.ts';

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

/** Runs the whole concurrent-streams scenario; every child is stopped before it returns or throws. */
export async function runStreams(s: StreamSettings): Promise<StreamResult> {
  const pod = spawnNode('sim-streams', ['--import', 'tsx', 'bench/sim-server.ts', String(s.stepMs)]);
  try {
    const base = (await waitForLine(pod, /listening (http:\S+)/))[1] ?? '';
    const r = await holdStreams({
      base,
      serverPid: pod.pid ?? 0,
      streams: s.streams,
      maxTokens: s.maxTokens,
      holdSeconds: s.holdSeconds,
      freshMs: s.freshMs,
      probe: () => engineRunning(base),
      // The pod learns of each abort from its socket closing; its batch must empty soon after.
      open: () => engineRunning(base),
    });
    return {
      opened: r.opened,
      report: r.report,
      engineRunning: r.probed,
      idleRssMb: r.idleRssMb,
      sim: r.server,
      client: r.client,
      listenOverflows: r.listenOverflows,
      drainSeconds: r.drainSeconds,
    };
  } finally {
    await stopChild(pod);
  }
}
