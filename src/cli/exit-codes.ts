/**
 * The CLI's one exit-code table (README, "Commands"). `status` and `alerts`
 * take their code from the objectives' states (engine objectiveState) and
 * the alert conditions holding; every command shares the meaning of each
 * number, so a script can tell a breach from a broken source from silence.
 */
import type { ObjectiveState, StatusDocument } from '../engine/index.ts';

export const EXIT = {
  /** Success: every objective ok (or undetermined, a throughput floor under less demand); no alert condition holds. */
  ok: 0,
  /** An objective breached (status), an alert condition holds (alerts), or a failed write or start. */
  failed: 1,
  /** A usage error: bad flags, an unreadable or invalid spec or input file, an unreachable source or missing store. */
  usage: 2,
  /** No data: some objective saw no events in its window, none is breached or warning (no alert holds). */
  noData: 3,
  /** Warning (status): some objective burns budget faster than it allows (a burn pair fires), none breached. */
  warning: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * What each code means, as `--help` prints it and the README's table says.
 * A spec or input file that cannot be read or is invalid is 2 in every
 * command, `validate` and `generate` included: 1 is a verdict in `status`
 * and `alerts` (BREACHED, a condition holds), so a bad spec there must not
 * read as one, and one code for it everywhere lets a script tell them apart.
 */
export const EXIT_MEANING = {
  [EXIT.ok]:
    'success (status: every objective OK or UNDETERMINED; alerts: no condition holds and every objective has data)',
  [EXIT.failed]:
    'status: some objective BREACHED; alerts: some alert condition holds; other commands: a failed write or start (a port in use)',
  [EXIT.usage]:
    'usage error: bad flags, a spec or input file that is unreadable or invalid, an unknown environment, a missing store, an unreachable source',
  [EXIT.noData]:
    'NO DATA (status, alerts): some objective saw no events in its window, none is breached or warning and no condition holds',
  [EXIT.warning]:
    'WARNING (status only): some objective burns its budget faster than it allows, none breached',
} as const satisfies Record<ExitCode, string>;

function states(doc: StatusDocument): Set<ObjectiveState> {
  return new Set(doc.environments.flatMap((e) => e.objectives.map((o) => o.state)));
}

/**
 * `status`, worst first: 1 when any objective is breached, else 4 when any
 * is warning, else 3 when any has no data, else 0. A verdict on data
 * outranks silence: a fast burn in production is not hidden behind an idle
 * development environment. A warning is not 0: a burn pair firing pages or
 * opens a ticket, so "all fine" would be wrong; it is not 1 either, which
 * keeps "the objective is missed" for a missed objective.
 */
export function statusExitCode(doc: StatusDocument): ExitCode {
  const s = states(doc);
  if (s.has('breached')) return EXIT.failed;
  if (s.has('warning')) return EXIT.warning;
  if (s.has('no-data')) return EXIT.noData;
  return EXIT.ok;
}

/**
 * `alerts`: 1 when any alert condition holds (the absence alert and the burn
 * pairs of a warning included), else 3 when some objective has no data in
 * its window, else 0. A condition outranks no data: an environment that
 * lost its metrics holds VllmSLOMetricAbsent once the absence lasted
 * `alerting.absentFor`; before that, or in a merely idle window, it is 3.
 */
export function alertsExitCode(conditionsHolding: number, doc: StatusDocument): ExitCode {
  if (conditionsHolding > 0) return EXIT.failed;
  return states(doc).has('no-data') ? EXIT.noData : EXIT.ok;
}
