/** What `serve` and the demo print once they run: where the UI is, and what alerts cannot be evaluated. */
import { type RunningMonitor, ServerError } from '../../server/index.ts';
import type { Output } from '../io.ts';

/**
 * The UI's URL; with a generated token, the URL with it (the one place it is
 * shown) and how to set one instead. A token the user gave (--token-file) is
 * never printed: start-up lines end up in kubectl logs.
 */
export function printServing(o: Output, m: RunningMonitor, about: { db: string; scraping?: number }): void {
  const { url, token, tokenGenerated } = m.server;
  o.out(`vllm-slo UI: ${token && tokenGenerated ? `${url}/?token=${encodeURIComponent(token)}` : `${url}/`}`);
  if (token && tokenGenerated)
    o.out(
      '  (exposed beyond this machine: the generated token above is required; keep it private; to choose your own, put it in a file and pass --token-file FILE, which is never printed)',
    );
  else if (token)
    o.out('  (exposed beyond this machine: open the URL once with ?token= and the token of --token-file)');
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
