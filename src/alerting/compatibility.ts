/**
 * The oldest Alertmanager that loads a generated configuration. Reading
 * secrets from files arrived one integration at a time, and an older
 * Alertmanager refuses the whole file over one unknown field ("field
 * url_file not found in type config.plain"), so users need to know before
 * they deploy. Versions come from Alertmanager's CHANGELOG and were checked
 * against `amtool check-config` 0.25.0.
 */
import type { AlertmanagerConfig } from './alertmanager-types.ts';

/** One feature of the configuration and the release that introduced it. */
export interface AlertmanagerRequirement {
  /** "major.minor.patch" */
  version: string;
  feature: string;
}

/** `matchers:` in routes and `source_matchers`/`target_matchers` in inhibit rules. */
const MATCHERS: AlertmanagerRequirement = { version: '0.22.0', feature: 'matchers syntax' };

/** The release that introduced each *_file field this generator writes. */
const FILE_FIELDS = {
  slack: { version: '0.22.0', field: 'slack api_url_file' },
  pagerduty: { version: '0.25.0', field: 'pagerduty routing_key_file' },
  email: { version: '0.25.0', field: 'email auth_password_file' },
  webhook: { version: '0.26.0', field: 'webhook url_file' },
} as const;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every versioned feature the configuration uses, naming the receiver that uses it. */
export function alertmanagerRequirements(config: AlertmanagerConfig): AlertmanagerRequirement[] {
  const out: AlertmanagerRequirement[] = [MATCHERS];
  const uses = (kind: keyof typeof FILE_FIELDS, receiver: string) => {
    const f = FILE_FIELDS[kind];
    out.push({ version: f.version, feature: `${f.field} (receiver ${JSON.stringify(receiver)})` });
  };
  for (const r of config.receivers) {
    if (r.slack_configs?.length) uses('slack', r.name);
    if (r.pagerduty_configs?.length) uses('pagerduty', r.name);
    if (r.email_configs?.some((e) => e.auth_password_file !== undefined)) uses('email', r.name);
    if (r.webhook_configs?.some((w) => w.url_file !== undefined)) uses('webhook', r.name);
  }
  return out;
}

/**
 * The oldest Alertmanager version that accepts the configuration, with the
 * features that need exactly that version (the reasons to upgrade, if the
 * deployed Alertmanager is older).
 */
export function minimumAlertmanagerVersion(config: AlertmanagerConfig): {
  version: string;
  features: string[];
} {
  const reqs = alertmanagerRequirements(config);
  const version = reqs.map((r) => r.version).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  return { version, features: reqs.filter((r) => r.version === version).map((r) => r.feature) };
}
