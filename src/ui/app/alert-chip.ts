/** A firing alert as a small coloured tag: "page 1h/5m" for burn-rate pairs, the alert's name otherwise. */
import type { ObjectiveStatus } from '../../api/index.ts';
import { h } from './dom.ts';
import { isPageAlert } from './objective-state.ts';

export function alertChip(a: ObjectiveStatus['firing_alerts'][number]): HTMLElement {
  const windows = a.labels.long_window ? ` ${a.labels.long_window}/${a.labels.short_window ?? ''}` : '';
  const kind = isPageAlert(a) ? 'page' : 'ticket';
  return h(
    'span',
    { class: `chip chip-${kind}`, title: `${a.alertname} severity=${a.severity}${windows}` },
    a.labels.long_window ? `${kind}${windows}` : a.alertname,
  );
}
