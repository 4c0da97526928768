/**
 * Alert states over successive evaluations, as Prometheus's rule manager
 * keeps them: a condition that holds becomes pending, fires once it has held
 * for the alert's `for`, and resolves when it stops holding. Pure: the caller
 * passes the time and the conditions that hold now.
 */

export interface AlertCondition {
  /** Identity: alert name plus labels, e.g. VllmErrorRateHigh{environment,severity}. */
  key: string;
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** How long the condition must hold before the alert fires (ms). */
  forMs: number;
}

export interface ActiveAlert extends AlertCondition {
  state: 'pending' | 'firing';
  /** When the condition started holding. */
  activeSince: number;
  /** When it started firing. */
  firingSince: number | undefined;
}

export interface Transition {
  kind: 'firing' | 'resolved';
  alert: ActiveAlert;
  at: number;
}

/** A stable key: the alert name and its sorted labels. */
export function alertKey(alertname: string, labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${alertname}{${parts.join(',')}}`;
}

export class AlertStates {
  private readonly active = new Map<string, ActiveAlert>();

  /** Applies one evaluation; returns the alerts that started firing or resolved. */
  evaluate(at: number, holding: readonly AlertCondition[]): Transition[] {
    const out: Transition[] = [];
    const seen = new Set<string>();
    for (const c of holding) {
      seen.add(c.key);
      let a = this.active.get(c.key);
      if (!a) {
        a = { ...c, state: 'pending', activeSince: at, firingSince: undefined };
        this.active.set(c.key, a);
      } else {
        a.annotations = c.annotations;
      }
      if (a.state === 'pending' && at - a.activeSince >= c.forMs) {
        a.state = 'firing';
        a.firingSince = at;
        out.push({ kind: 'firing', alert: a, at });
      }
    }
    for (const [key, a] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      // A pending alert that stops holding never fired: nothing to resolve.
      if (a.state === 'firing') out.push({ kind: 'resolved', alert: a, at });
    }
    return out;
  }

  /** Alerts firing now. */
  firing(): ActiveAlert[] {
    return [...this.active.values()].filter((a) => a.state === 'firing');
  }

  /** Alerts whose condition holds but not yet for their `for`. */
  pending(): ActiveAlert[] {
    return [...this.active.values()].filter((a) => a.state === 'pending');
  }
}
