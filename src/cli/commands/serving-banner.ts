/** What `serve` and the demo print once they run: where the UI is, and what alerts cannot be evaluated. */
import { type RunningMonitor, ServerError } from '../../server/index.ts';
import type { Output } from '../io.ts';

/**
 * The UI's URL (with the token, the one place it is shown, when one is in
 * force), the store, and the spec alerts the embedded data cannot evaluate.
 */
export function printServing(o: Output, m: RunningMonitor, about: { db: string; scraping?: number }): void {
  const url = m.server.token
    ? `${m.server.url}/?token=${encodeURIComponent(m.server.token)}`
    : `${m.server.url}/`;
  o.out(`vllm-slo UI: ${url}`);
  if (m.server.token) o.out('  (exposed beyond this machine: the token above is required; keep it private)');
  o.out(`  store: ${about.db}`);
  if (about.scraping !== undefined) o.out(`  scraping ${about.scraping} target(s)`);
  for (const u of m.unsupported)
    o.out(`  not evaluated here: ${u.alertname} (${u.environment}): ${u.reason}`);
  o.out('Ctrl-C stops.');
}

/** What to do about a port that cannot be bound: the flag that picks another. */
export function portHint(err: unknown): string {
  return err instanceof ServerError ? '; choose another with --port (0 picks a free one)' : '';
}
