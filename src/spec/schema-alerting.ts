/**
 * The spec's `alerting` section: burn-rate windows, the low-traffic guard,
 * runbooks, and Alertmanager routing. Secrets are only ever file paths
 * (Alertmanager's *_file fields), so no generated file holds a key.
 */
import { z } from 'zod';
import { duration, labelName, secretFile } from './schema-parts.ts';

/** Google SRE Workbook, ch. 5, table 5-8 ("recommended parameters"), for a 30-day period. */
export const DEFAULT_BURN_WINDOWS = [
  { severity: 'page', long: '1h', short: '5m', budgetSpent: 2 },
  { severity: 'page', long: '6h', short: '30m', budgetSpent: 5 },
  { severity: 'ticket', long: '1d', short: '2h', budgetSpent: 10 },
  { severity: 'ticket', long: '3d', short: '6h', budgetSpent: 10 },
] as const;

const burnWindow = z.strictObject({
  severity: z.enum(['page', 'ticket'], { error: 'must be page or ticket' }),
  long: duration(60_000, '1m'),
  short: duration(60_000, '1m'),
  /** Percent of the period's budget spent within the long window when the alert fires. */
  budgetSpent: z
    .number({ error: 'expected a percentage of the budget' })
    .gt(0, { error: 'must be above 0 and at most 100' })
    .lte(100, { error: 'must be above 0 and at most 100' }),
});

/** Alertmanager refuses any other scheme in a receiver's URL ("unsupported scheme"). */
const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `expected an http(s) URL like ${example}` });

const pagerduty = z.strictObject({
  type: z.literal('pagerduty'),
  routingKeyFile: secretFile,
  url: httpUrl('https://events.pagerduty.com/v2/enqueue').optional(),
  sendResolved: z.boolean().default(true),
});

const slack = z.strictObject({
  type: z.literal('slack'),
  apiUrlFile: secretFile,
  channel: z.string().regex(/^[#@]?[\w.-]+$/, { error: 'must be a Slack channel like #vllm-alerts' }),
  sendResolved: z.boolean().default(true),
});

const email = z.strictObject({
  type: z.literal('email'),
  to: z.email({ error: 'expected an email address' }),
  from: z.email({ error: 'expected an email address' }),
  smarthost: z.string().regex(/^[^:\s]+:\d+$/, { error: 'expected host:port, e.g. smtp.example.com:587' }),
  authUsername: z.string().optional(),
  authPasswordFile: secretFile.optional(),
  requireTls: z.boolean().default(true),
  sendResolved: z.boolean().default(false),
});

/**
 * A webhook's URL is either a secret (urlFile, Alertmanager >= 0.26) or a
 * plain endpoint authenticated by a bearer token file (url + credentialsFile,
 * any Alertmanager): exactly one of url and urlFile, checked in semantic.ts.
 */
const webhook = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl('https://hooks.example.com/alerts').optional(),
  urlFile: secretFile.optional(),
  credentialsFile: secretFile.optional(),
  sendResolved: z.boolean().default(true),
});

export const receiverSchema = z.discriminatedUnion('type', [pagerduty, slack, email, webhook], {
  error: 'must be one of pagerduty, slack, email, webhook',
});

export const alertmanagerSchema = z.strictObject({
  groupBy: z.array(labelName).default(['alertname', 'environment']),
  groupWait: duration().default('30s'),
  // Alertmanager refuses 0 for both ("group_interval cannot be zero"); under a second only floods receivers.
  groupInterval: duration(1000, '1s').default('5m'),
  repeatInterval: duration(1000, '1s').default('4h'),
  /** Severity -> receiver name. */
  routes: z
    .strictObject({
      critical: z.string().default('pagerduty'),
      high: z.string().default('slack'),
      medium: z.string().default('email'),
      low: z.string().default('email'),
    })
    .prefault({}),
  receivers: z.record(z.string().min(1, { error: 'receiver names must not be empty' }), receiverSchema),
});

export const alertingSchema = z.strictObject({
  /** Burn-rate alerts hold while the long window has fewer requests than this (DESIGN: default 100). */
  minRequests: z
    .number({ error: 'expected a number of requests' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .default(100),
  /** Only http(s): it becomes the runbook_url link of every alert (a `javascript:` URL would run when clicked). */
  runbookBaseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL like https://runbooks.example.com/vllm-slo',
    })
    .default('https://runbooks.example.com/vllm-slo'),
  /**
   * How long an environment's requests metric may be absent before
   * VllmSLOMetricAbsent fires (Pyrra's SLOMetricAbsent): long enough to ride
   * out a gateway restart or a failed scrape, short enough that a lost
   * target pages well within the hour a fast burn would (README, "Alerts").
   */
  absentFor: duration(60_000, '1m').default('10m'),
  burnRateWindows: z
    .array(burnWindow, { error: 'expected a list of burn-rate windows' })
    .min(1, { error: 'must list at least one window' })
    .default(DEFAULT_BURN_WINDOWS.map((w) => ({ ...w }))),
  alertmanager: alertmanagerSchema,
});

export type AlertingConfig = z.output<typeof alertingSchema>;
export type ReceiverConfig = z.output<typeof receiverSchema>;
