/**
 * A few lines of DOM building so pages read as markup. Text always goes in
 * through textContent (never innerHTML), so names from the API cannot
 * inject markup.
 */

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** Stable hook for browser tests. */
  testid?: string;
  title?: string;
  href?: string;
  /** Other attributes, set verbatim. */
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
}

/** An element with properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.testid) el.dataset.testid = props.testid;
    if (props.title) el.title = props.title;
    if (props.href) el.setAttribute('href', props.href);
    for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
    for (const [type, fn] of Object.entries(props.on ?? {}))
      el.addEventListener(type, fn as (ev: Event) => void);
  }
  append(el, ...children);
  return el;
}

/** Appends children, skipping the empty ones. */
export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Replaces all children of `el`. */
export function replace(el: Node, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, ...children);
}

/** A horizontal bar for a share in [0, 1] (budget left); overspent shows an empty bar. */
export function bar(ratio: number | null | undefined, state: string): HTMLElement {
  const fill = h('span', { class: `bar-fill state-bg-${state}` });
  const share = ratio === null || ratio === undefined || !Number.isFinite(ratio) ? 0 : ratio;
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return h('span', { class: 'bar' }, fill);
}
