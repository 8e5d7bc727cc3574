// Reading a page layout of the operation table (src/shared/operation-row.ts): which query parameters page, where the
// page's position is asked, and the values at body paths. Shared by the client's iterators, the mock and the suite.
import type { BodyPath, PageRow } from "./operation-row";

/** The query parameter that says where a page starts (offset, cursor, page number); null for link pages. */
export function positionParameter(page: PageRow): string | null {
  switch (page.kind) {
    case "offset":
      return page.offset;
    case "cursor":
      return page.cursor;
    case "page":
      return page.page;
    default:
      return null;
  }
}

/** The query parameters the layout sets itself (size and position): never filters. */
export function pagingParameters(page: PageRow): string[] {
  return [page.limit, positionParameter(page)].filter((name): name is string => name !== null);
}

/** The value at a path of a parsed body; undefined where any step is missing or not an object. */
export function valueAt(body: unknown, path: BodyPath): unknown {
  let at = body;
  for (const name of path) {
    if (at === null || typeof at !== "object" || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return at;
}
