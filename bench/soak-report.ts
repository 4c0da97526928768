/**
 * The soak's report: Markdown (tables laid out as bench/markdown-table.ts
 * does, so `npm run lint` passes as written) and the JSON beside it.
 */

import { markdownTable } from './markdown-table.ts';
import type { Injection } from './soak-faults.ts';
import type { Integrity } from './soak-integrity.ts';
import type { TargetCounts } from './soak-load.ts';
import type { Watched } from './soak-sampler.ts';
import { type ProcessFigures, THRESHOLDS } from './soak-stats.ts';

export interface SoakMachine {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  commit: string;
  /** 1-minute load average at the start and the end (other engineers share the machine). */
  load: [number, number];
}

export interface SoakSettings {
  durationS: number;
  rate: number;
  pods: number;
  sampleS: number;
  scrapeS: number;
  /** Seconds from the load's end to the idle reading (and the last scrape). */
  drainS: number;
}

export interface SoakResult {
  machine: SoakMachine;
  settings: SoakSettings;
  /** Seconds from the first sample to the load's stop (the samples after it are the drain). */
  loadEndS: number;
  processes: Array<Watched & { figures: ProcessFigures }>;
  gateway: TargetCounts;
  peer: TargetCounts;
  api: { ok: number; other: number };
  integrity: Integrity;
  injections: Injection[];
  gatewayLogs: Record<string, number>;
}

const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1));
const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const signed = (n: number | undefined, digits = 1) =>
  n === undefined || !Number.isFinite(n) ? '–' : `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(digits)}`;
const statuses = (s: Record<string, number> | undefined) =>
  Object.entries(s ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '–';
const pairs = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

function memoryTable(r: SoakResult): string[] {
  const peerRss = r.processes.find((p) => p.name === 'peer')?.figures.rssMb.end ?? Number.NaN;
  return markdownTable(
    [
      { title: 'process', align: 'left' },
      { title: 'RSS start / end / max (MB)', align: 'right' },
      { title: 'RSS slope (MB/h)', align: 'right' },
      { title: 'RSS end / peer', align: 'right' },
      { title: 'live heap start / end / idle after (MB)', align: 'right' },
      { title: 'heap slope (MB/h)', align: 'right' },
      { title: 'fds start / end / max', align: 'right' },
      { title: 'fd slope (/h)', align: 'right' },
      { title: 'idle fds before / after', align: 'right' },
      { title: 'verdict', align: 'left' },
    ],
    r.processes.map(({ name, figures: x }) => [
      name,
      `${f1(x.rssMb.start)} / ${f1(x.rssMb.end)} / ${f1(x.rssMb.max)}`,
      signed(x.rssMb.slopePerHour),
      `${(x.rssMb.end / peerRss).toFixed(2)}x`,
      x.heapMb ? `${f1(x.heapMb.start)} / ${f1(x.heapMb.end)} / ${f1(x.heapIdleAfter)}` : '–',
      signed(x.heapMb?.slopePerHour),
      `${x.fds.start} / ${x.fds.end} / ${x.fds.max}`,
      signed(x.fds.slopePerHour, 0),
      `${x.fdsIdle.before} / ${x.fdsIdle.after}`,
      x.verdict === 'flat' ? 'flat' : `**growing** (${x.growing.join(', ')})`,
    ]),
  );
}

function requestTable(r: SoakResult): string[] {
  const kinds = [...new Set([...Object.keys(r.gateway), ...Object.keys(r.peer)])] as Array<
    keyof TargetCounts
  >;
  return markdownTable(
    [
      { title: 'request', align: 'left' },
      { title: 'sent', align: 'right' },
      { title: 'gateway answers', align: 'left' },
      { title: 'gateway cancelled / failed', align: 'right' },
      { title: 'peer answers', align: 'left' },
    ],
    kinds.map((k) => {
      const g = r.gateway[k];
      return [
        k,
        f0(g?.sent ?? 0),
        statuses(g?.statuses),
        `${g?.cancelled ?? 0} / ${g?.failed ?? 0}`,
        statuses(r.peer[k]?.statuses),
      ];
    }),
  );
}

function integrityTable(i: Integrity): string[] {
  const row = (what: string, g: number, s: number, d: number) => [what, f0(g), f0(s), signed(d, 0)];
  return markdownTable(
    [
      { title: '', align: 'left' },
      { title: 'gateway counters', align: 'right' },
      { title: 'embedded store', align: 'right' },
      { title: 'difference', align: 'right' },
    ],
    [
      row('requests', i.gateway.requests, i.store.requests, i.difference.requests),
      row('errors', i.gateway.errors, i.store.errors, i.difference.errors),
      row('client cancellations', i.gateway.cancellations, i.store.cancellations, i.difference.cancellations),
    ],
  );
}

/** The Markdown report. */
export function renderSoakReport(r: SoakResult): string {
  const { machine: m, settings: s } = r;
  const growing = r.processes.filter((p) => p.figures.verdict === 'growing');
  const half = s.durationS / 2;
  const verdict = growing.length
    ? `**growing**: ${growing.map((p) => `${p.name} (${p.figures.growing.join(', ')})`).join('; ')}`
    : '**flat**: every process under every threshold';
  const g = r.integrity.gateway;
  return [
    `# Soak ${m.date}`,
    '',
    `\`npm run bench:soak -- --duration ${s.durationS}s --rate ${s.rate}\`: ${(s.durationS / 60).toFixed(1)} minutes of`,
    `steady mixed load at ${s.rate} req/s through \`vllm-slo gateway\` to \`vllm-slo sim --pods ${s.pods}\` (7b`,
    'profile, its own faults on: 1 % 500, 0.5 % 503, 1 % streams cut, 1 % stream error events, 0.2 % hung),',
    `with \`vllm-slo serve\` scraping the gateway every ${s.scrapeS} s into an embedded store and its API read`,
    'every 10 s; the same requests, cancelled the same way, to the named peer: a plain `node:http` server',
    '(`bench/peer-server.ts`) that keeps nothing per request, so its slopes are the noise floor of the method',
    'on this machine. One fault a minute through the admin endpoint. RSS and fds from /proc, live heap after',
    `a full GC (\`bench/heap-probe.ts\`), every ${s.sampleS} s; slopes by least squares over the second half`,
    `(from ${half.toFixed(0)} s), the first being warm-up.`,
    '',
    `Machine: ${m.cores} cores (${m.cpuModel}), shared with other engineers' work (load average ${m.load[0].toFixed(1)}`,
    `at the start, ${m.load[1].toFixed(1)} at the end), Node.js ${m.node}, commit ${m.commit}.`,
    '',
    `Verdict: ${verdict}. Growing means a second-half slope over ${THRESHOLDS.heapMbPerHour} MB/h of live heap or`,
    `${THRESHOLDS.rssMbPerHour} MB/h of RSS, or more than ${THRESHOLDS.fdsLeftOpen} fds left open once the load has`,
    `ended and keep-alive connections have closed (idle after, ${s.drainS} s after the last request, against idle`,
    'before the first). The fd slope is reported, not judged: open fds follow the requests in flight, which',
    "follow the shared machine's load. Why each bar: `bench/soak-stats.ts`.",
    '',
    ...memoryTable(r),
    '',
    '## Requests',
    '',
    ...requestTable(r),
    '',
    `serve's API: ${r.api.ok} reads answered 200, ${r.api.other} otherwise.`,
    '',
    '## The gateway counted',
    '',
    `- errors by class:type: ${pairs(g.errorTypes)}`,
    `- rejected as malformed (\`vllm_gateway_rejections_total\`): ${pairs(g.rejections)}`,
    `- upstream attempts by outcome: ${pairs(g.attempts)}`,
    `- pod ejections by reason: ${pairs(g.ejections)}`,
    `- log lines by event: ${pairs(r.gatewayLogs)}`,
    `- faults injected: ${r.injections.map((x) => `${x.atS.toFixed(0)} s ${x.pod} ${x.fault} (${x.status})`).join('; ') || 'none'}`,
    '',
    '## Data integrity',
    '',
    `${s.drainS} s after the load stopped (serve had scraped again), the store against the gateway's own counters:`,
    '',
    ...integrityTable(r.integrity),
    '',
  ].join('\n');
}
