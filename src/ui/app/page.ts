/** What the app hands each page and what it asks of it. */
import type { ApiConfig } from '../../api/index.ts';
import type { ViewState } from './route.ts';

export interface PageContext {
  /** Where the page draws. */
  root: HTMLElement;
  config: ApiConfig;
  /** The view the page was opened for. */
  state: ViewState;
  /** Records page settings (filter, sort) in the hash without reloading the page. */
  setParams(params: Record<string, string>): void;
}

export interface Page {
  /**
   * Fetches and draws; called when the page opens and on every refresh.
   * Throws (an ApiFailure) when the API fails; the app shows it and keeps
   * the last good drawing.
   */
  load(signal: AbortSignal): Promise<void>;
  /** Frees what the page holds (charts, observers) before the next page opens. */
  destroy(): void;
}

/** The document's title for a page, "Pods · vLLM SLO". */
export function setTitle(what: string): void {
  document.title = `${what} · vLLM SLO`;
}
