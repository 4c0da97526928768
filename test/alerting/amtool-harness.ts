/**
 * Running the real amtool against generated configurations: check-config,
 * routing, and template rendering. Every call writes into a fresh temp dir.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunResult, runTool, withTempDir } from '../helpers/tools.ts';

/** The installed amtool's version, e.g. "0.25.0". */
export function amtoolVersion(): string {
  const r = runTool('amtool', ['--version']);
  const m = /version (\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`);
  assert.ok(m?.[1], `cannot read amtool's version from: ${r.stdout}${r.stderr}`);
  return m[1];
}

/** True when version a is at least version b ("0.26.0" >= "0.25.0"). */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** `amtool check-config` on the YAML text. */
export function checkConfig(yaml: string): Promise<RunResult> {
  return withTempDir((dir) => {
    const file = join(dir, 'alertmanager.yaml');
    writeFileSync(file, yaml);
    return runTool('amtool', ['check-config', file]);
  });
}

/** Asserts that `amtool check-config` accepts the YAML, showing its output otherwise. */
export async function assertConfigValid(yaml: string): Promise<void> {
  const r = await checkConfig(yaml);
  assert.equal(r.status, 0, `amtool check-config failed:\n${r.stdout}${r.stderr}\n--- config ---\n${yaml}`);
  assert.match(r.stdout, /SUCCESS/);
}

/** The receiver(s) amtool's router picks for a label set, one per line as amtool prints them. */
export function routeFor(yaml: string, labels: Record<string, string>): Promise<string> {
  return withTempDir((dir) => {
    const file = join(dir, 'alertmanager.yaml');
    writeFileSync(file, yaml);
    const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const r = runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args]);
    assert.equal(r.status, 0, `amtool config routes test failed:\n${r.stdout}${r.stderr}`);
    return r.stdout.trim();
  });
}

/** Notification data in the shape of Alertmanager's template.Data, as amtool template render reads it. */
export interface TemplateAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function commonOf(maps: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** Renders a Go template with amtool against a group of alerts, failing on template errors. */
export function renderTemplate(template: string, alerts: TemplateAlert[]): Promise<string> {
  return withTempDir((dir) => {
    const data = join(dir, 'data.json');
    const firing = alerts.some((a) => a.status === 'firing');
    writeFileSync(
      data,
      JSON.stringify({
        receiver: 'test',
        status: firing ? 'firing' : 'resolved',
        alerts: alerts.map((a, i) => ({
          ...a,
          startsAt: '2024-05-01T12:00:00Z',
          endsAt: a.status === 'resolved' ? '2024-05-01T13:00:00Z' : '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example/graph',
          fingerprint: `f${i}`,
        })),
        groupLabels: {},
        commonLabels: commonOf(alerts.map((a) => a.labels)),
        commonAnnotations: commonOf(alerts.map((a) => a.annotations)),
        externalURL: 'http://alertmanager.example:9093',
      }),
    );
    // A glob matching nothing: the template under test is the whole input.
    const r = runTool('amtool', [
      'template',
      'render',
      `--template.glob=${join(dir, 'none-*.tmpl')}`,
      `--template.data=${data}`,
      `--template.text=${template}`,
    ]);
    assert.equal(r.status, 0, `amtool template render failed:\n${r.stderr}\n--- template ---\n${template}`);
    return r.stdout;
  });
}
