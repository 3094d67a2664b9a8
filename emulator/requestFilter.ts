import type { RequestFilter } from "./types";

/**
 * Says whether a request's method and path match a filter; shared by fault matching and
 * request counting so that both read `method` and `path` the same way.
 */
export function matchesRequest(
  filter: Pick<RequestFilter, "method" | "path">,
  method: string,
  path: string,
): boolean {
  if (filter.method !== undefined && filter.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (filter.path === undefined) {
    return true;
  }
  if (typeof filter.path === "string") {
    return filter.path === path;
  }
  // A global or sticky pattern keeps state between test() calls; start from 0 every time.
  filter.path.lastIndex = 0;
  return filter.path.test(path);
}
