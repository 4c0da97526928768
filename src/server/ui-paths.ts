/**
 * What serve answers to a path that is no file. The UI routes in the
 * location hash (src/ui/app/route.ts), so its only page is '/'; a path that
 * names one of its views (`/pods`, `/objective/production/availability`, a
 * link typed without the '#') is sent there, and anything else is a 404:
 * `/v1/foo` or `/../../etc/passwd` must not look like a page that exists.
 */
import { parseHash, routePath } from '../ui/index.ts';

/** The hash URL of the UI view `pathname` names (query kept), or undefined when it names none. */
export function uiViewLocation(pathname: string, search: string): string | undefined {
  const { route } = parseHash(`#${pathname}`);
  if (route.page === 'notfound' || route.page === 'overview') return undefined;
  return `/#${routePath(route)}${search}`;
}
