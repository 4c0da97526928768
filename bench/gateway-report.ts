/** The gateway benchmark's Markdown report: machine, figures, ratios and each target's pass or miss. */
import type { RateFigures, ThroughputFigures } from './gateway-load.ts';
import type { GatewayStreamResult, GatewayStreamSettings } from './gateway-streams.ts';

export interface GatewayMachine {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  nginx: string;
  portkey: string;
  wrk: string;
  openFiles: number | undefined;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rate: number;
  rateSeconds: number;
}

/** Figures of one target; rate is absent for targets measured at full load only (nginx-auto). */
export interface TargetFigures {
  name: string;
  max: ThroughputFigures;
  rate: RateFigures | undefined;
}

export const GATEWAY_TARGETS = { vsNginx: 0.6, vsPortkey: 10, addedP99Ms: 1, streams: 5000, rssMb: 300 };

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const f3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');
const verdict = (ok: boolean) => (ok ? '**met**' : '**MISSED**');
const LABEL: Record<string, string> = {
  direct: '(a) direct',
  nginx: '(b) nginx, 1 worker',
  'nginx-auto': 'nginx, auto workers (extra)',
  portkey: '(c) Portkey',
  'vllm-slo': '(d) vllm-slo gateway',
};

function maxRow(t: TargetFigures): string {
  const m = t.max;
  // Requests per second of the proxy's own CPU: its cost per request, whoever else takes the cores.
  const perCpu = m.rps / (m.proxyCpuPct / 100);
  return `| ${LABEL[t.name] ?? t.name} | ${f0(m.rps)} | ${f3(m.p50Ms)} | ${f3(m.p99Ms)} | ${m.badStatus} | ${m.socketErrors} | ${f0(m.proxyCpuPct)} | ${f0(perCpu)} | ${f0(m.upstreamCpuPct)} | ${f0(m.proxyRssMb)} |`;
}

function rateRow(t: TargetFigures, direct: RateFigures): string {
  const r = t.rate;
  if (!r) return '';
  const added = (x: number, d: number) => (t.name === 'direct' ? '—' : f3((x - d) / 1000));
  return `| ${LABEL[t.name] ?? t.name} | ${f0(r.achievedRps)} | ${f3(r.p50Us / 1000)} | ${f3(r.p99Us / 1000)} | ${added(r.p50Us, direct.p50Us)} | ${added(r.p99Us, direct.p99Us)} | ${r.non2xx} | ${r.errors} | ${r.lateSends} | ${f0(r.proxyCpuPct)} |`;
}

function streamLines(r: GatewayStreamResult, s: GatewayStreamSettings): { lines: string[]; met: boolean } {
  const n = s.streams;
  const others = Object.entries(r.opened.statuses).filter(([k]) => k !== '200');
  const rssOk = r.gateway.rssMaxMb <= GATEWAY_TARGETS.rssMb;
  const met = n >= GATEWAY_TARGETS.streams && r.opened.ok === n && r.report.fresh === n && rssOk;
  const lines = [
    '## 5,000 concurrent SSE streams through the vllm-slo gateway',
    '',
    `${n.toLocaleString('en-US')} \`stream: true\` chat requests from one client process (bench/stream-client.ts) ` +
      `through a fresh \`vllm-slo gateway\` to the upstream, which sends one chunk per stream every ${s.chunkMs} ms; ` +
      `held ${s.holdSeconds} s, then all aborted.`,
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| streams answered 200 | ${r.opened.ok} / ${n} |`,
    `| other statuses, errors | ${others.map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'}${r.opened.errors.length ? ` (${r.opened.errors.join('; ')})` : ''} |`,
    `| time to open all | ${r.opened.seconds.toFixed(1)} s |`,
    `| SYNs dropped by a full accept queue (machine-wide) | ${r.listenOverflows ?? 'n/a'} |`,
    `| open at the end of the hold (client) | ${r.report.open} (ended ${r.report.ended}, failed ${r.report.failed}) |`,
    `| receiving at the end (a chunk in the last ${s.freshMs / 1000} s) | ${r.report.fresh} |`,
    `| longest silence of an open stream | ${f0(r.report.maxSilenceMs)} ms |`,
    `| SSE events/s, all streams | ${f0(r.report.eventsPerSecond)} |`,
    `| upstream streams open / gateway in-flight gauge | ${r.upstreamOpen} / ${r.gatewayInFlight} |`,
    `| **gateway RSS idle, holding (max)** | ${f0(r.idleRssMb)} MB, **${f0(r.gateway.rssMaxMb)} MB** |`,
    `| gateway RSS per stream | ${f2(((r.gateway.rssMaxMb - r.idleRssMb) * 1024) / n)} KB |`,
    `| gateway CPU % while holding | ${f0(r.gateway.cpuPct)} |`,
    `| client CPU %, RSS max | ${f0(r.client.cpuPct)}, ${f0(r.client.rssMaxMb)} MB |`,
    `| upstream streams closed after the abort | ${r.drainSeconds === undefined ? 'NO (not within 15 s)' : `all, in ${r.drainSeconds.toFixed(1)} s`} |`,
    '',
    `Target: ${GATEWAY_TARGETS.streams.toLocaleString('en-US')} streams open and receiving within ` +
      `${GATEWAY_TARGETS.rssMb} MB RSS — ${verdict(met)}` +
      (rssOk
        ? '.'
        : ` (RSS ${f0(r.gateway.rssMaxMb)} MB, ${f0(r.gateway.rssMaxMb - GATEWAY_TARGETS.rssMb)} MB over).`),
    '',
  ];
  return { lines, met };
}

/** The whole report; `streams` is absent when that part was not run. */
export function renderGatewayReport(
  m: GatewayMachine,
  s: LoadSettings,
  targets: readonly TargetFigures[],
  streams: { result: GatewayStreamResult; settings: GatewayStreamSettings } | undefined,
): { text: string; missed: string[] } {
  const by = (n: string) => targets.find((t) => t.name === n);
  const direct = by('direct');
  const nginx = by('nginx');
  const portkey = by('portkey');
  const ours = by('vllm-slo');
  const base = direct?.rate;
  if (!base || !nginx || !portkey || !ours?.rate) throw new Error('report: a target has no figures');
  const vsNginx = ours.max.rps / nginx.max.rps;
  const vsPortkey = ours.max.rps / portkey.max.rps;
  const addedP99 = (ours.rate.p99Us - base.p99Us) / 1000;
  // The target is about vllm-slo; an overloaded Portkey's errors are its own figures, shown in the tables.
  const clean = [direct, ours].every(
    (t) => t.max.badStatus + t.max.socketErrors + (t.rate ? t.rate.non2xx + t.rate.errors : 0) === 0,
  );
  const unsustained = targets.filter((t) => t.rate && t.rate.achievedRps < 0.95 * s.rate).map((t) => t.name);
  const missed: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) missed.push(what);
    return verdict(ok);
  };
  const added = (t: TargetFigures, p: 'p50Us' | 'p99Us') =>
    t.rate ? (t.rate[p] - base[p]) / 1000 : Number.NaN;
  // A ratio to an added latency near zero (nginx's often is, within noise) says nothing.
  const ratio = (a: number, b: number) => (Math.abs(b) >= 0.05 ? `${f2(a / b)}x` : 'n/a (x adds ~0)');
  const vsRow = (what: string, f: (t: TargetFigures) => number, unit: string) => {
    const [d, b, c] = [f(ours), f(nginx), f(portkey)];
    const r = unit === 'req/s' ? (x: number) => `${f2(d / x)}x` : (x: number) => ratio(d, x);
    const fmt = unit === 'req/s' ? f0 : f3;
    return `| ${what} | ${fmt(d)} | ${fmt(b)} | ${fmt(c)} | ${r(b)} | ${r(c)} |`;
  };
  const streamPart = streams ? streamLines(streams.result, streams.settings) : undefined;
  if (streamPart && !streamPart.met) missed.push('5,000 streams within 300 MB');
  const text = [
    `# Gateway benchmark, ${m.date}`,
    '',
    `Machine: ${m.cores} cores (nproc), ${m.cpuModel}, Node.js ${m.node}, nginx ${m.nginx} (Debian), ` +
      `@portkey-ai/gateway ${m.portkey} (npm, \`start-server.js --headless\`), wrk ${m.wrk}, open-file limit ${m.openFiles ?? 'unknown'}. ` +
      'Load generator, proxy and upstream share the cores and the machine is shared: compare ratios within one run.',
    '',
    'Upstream: bench/gateway-upstream.ts, one Node.js process answering a fixed ~400-byte chat.completion at once. ' +
      '**nginx ran with 1 worker process** (`worker_processes 1`), like the single Node.js process of Portkey and of ' +
      'vllm-slo; keep-alive pool of 128 upstream connections, `proxy_http_version 1.1`, `Connection ""`, ' +
      '`proxy_buffering off`, `access_log off`. nginx with `worker_processes auto` is shown as extra information only.',
    '',
    `## Maximum throughput (wrk, 1 thread, ${s.connections} connections, ${s.seconds} s after ${s.warmupSeconds} s warm-up)`,
    '',
    'POST /v1/chat/completions, non-streaming. CPU is % of one core (200 = both), from /proc; proxy RSS is its max. ' +
      'Three busy processes (wrk, proxy, upstream) share 2 cores, so req/s is bounded by the machine too; ' +
      "req per proxy CPU-s is the proxy's own efficiency.",
    '',
    '| target | req/s | p50 ms | p99 ms | status ≥ 400 | socket errors | proxy CPU % | req per proxy CPU-s | upstream CPU % | proxy RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...targets.map(maxRow),
    '',
    `## Fixed ${s.rate.toLocaleString('en-US')} req/s (open loop, bench/gateway-rate-client.ts, ${s.rateSeconds} s, first second not counted)`,
    '',
    "Added latency = the target's percentile minus direct's at the same rate, in the same run. " +
      'Late sends are requests this client sent over 2 ms after their slot: its own lateness, a sign that the ' +
      'machine was busy, which shows in every p99 here.' +
      (unsustained.length
        ? ` **${unsustained.join(', ')} could not sustain ${s.rate} req/s**: its latencies are queueing, ` +
          'and its errors are requests still unanswered 5 s after the last was sent.'
        : ''),
    '',
    '| target | achieved req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | non-2xx | errors | late sends | proxy CPU % |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...targets.filter((t) => t.rate).map((t) => rateRow(t, base)),
    '',
    '## vllm-slo gateway against the targets',
    '',
    '| figure | (d) vllm-slo | (b) nginx, 1 worker | (c) Portkey | (d)/(b) | (d)/(c) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    vsRow('max throughput, req/s', (t) => t.max.rps, 'req/s'),
    vsRow(`added p50 at ${s.rate} req/s, ms`, (t) => added(t, 'p50Us'), 'ms'),
    vsRow(`added p99 at ${s.rate} req/s, ms`, (t) => added(t, 'p99Us'), 'ms'),
    '',
    `Extra: (d) / nginx with auto workers (${by('nginx-auto')?.max.rps.toFixed(0) ?? 'n/a'} req/s): ` +
      `${f2(ours.max.rps / (by('nginx-auto')?.max.rps ?? Number.NaN))}x.`,
    '',
    '| target | required | measured | verdict |',
    '| --- | ---: | ---: | --- |',
    `| throughput vs nginx (1 worker) | ≥ ${GATEWAY_TARGETS.vsNginx}x | ${f2(vsNginx)}x | ${check(vsNginx >= GATEWAY_TARGETS.vsNginx, `throughput ${f2(vsNginx)}x nginx (needs ${GATEWAY_TARGETS.vsNginx}x: ${f0((GATEWAY_TARGETS.vsNginx / vsNginx - 1) * 100)}% short)`)} |`,
    `| throughput vs Portkey | ≥ ${GATEWAY_TARGETS.vsPortkey}x | ${f2(vsPortkey)}x | ${check(vsPortkey >= GATEWAY_TARGETS.vsPortkey, `throughput ${f2(vsPortkey)}x Portkey (needs ${GATEWAY_TARGETS.vsPortkey}x: ${f0((GATEWAY_TARGETS.vsPortkey / vsPortkey - 1) * 100)}% short)`)} |`,
    `| added p99 at ${s.rate} req/s | ≤ ${GATEWAY_TARGETS.addedP99Ms} ms | ${f3(addedP99)} ms | ${check(addedP99 <= GATEWAY_TARGETS.addedP99Ms, `added p99 ${f3(addedP99)} ms (${f3(addedP99 - GATEWAY_TARGETS.addedP99Ms)} ms over)`)} |`,
    `| vllm-slo: no errors, all 2xx | 0 | ${clean ? 0 : 'some'} | ${check(clean, 'vllm-slo errors or non-2xx responses')} |`,
    ...(streams
      ? [
          `| 5,000 streams, gateway RSS | ≤ ${GATEWAY_TARGETS.rssMb} MB | ${f0(streams.result.gateway.rssMaxMb)} MB | ${verdict(streamPart?.met ?? false)} |`,
        ]
      : []),
    '',
    ...(streamPart?.lines ?? []),
  ].join('\n');
  return { text, missed };
}
