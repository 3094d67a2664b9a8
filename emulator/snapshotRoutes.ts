import { atlasErrorReply } from "./errors";
import { jsonReply, type Reply } from "./reply";
import type { SnapshotStore } from "./snapshotStore";
import type { FlexSnapshotRecord } from "./types";
import { SERVED_CONTENT_TYPE } from "./versioning";

/**
 * The path patterns of the OpenAPI document, for the path parameters of the snapshot paths.
 */
export const PATH_PARAMETER_PATTERNS = {
  groupId: /^([a-f0-9]{24})$/,
  name: /^[a-zA-Z0-9][a-zA-Z0-9-]*$/,
  snapshotId: /^([a-f0-9]{24})$/,
} as const;

/**
 * Bounds of `itemsPerPage` from the OpenAPI document's `components.parameters.itemsPerPage`.
 */
export const ITEMS_PER_PAGE = { default: 100, minimum: 1, maximum: 500 } as const;

/**
 * A request path that names the snapshot list or one snapshot, with its segments decoded.
 */
export interface SnapshotRoute {
  groupId: string;
  name: string;
  /** Set for the single-snapshot path, absent for the list. */
  snapshotId?: string;
}

/**
 * What the snapshot handlers need from the server.
 */
export interface SnapshotRouteContext {
  store: SnapshotStore;
  /** Origin used in `links`, e.g. `http://127.0.0.1:50123`. */
  baseUrl: string;
  forbiddenProjects: ReadonlySet<string>;
  /** Headers to add to every answer, e.g. deprecation headers of the requested version. */
  headers: Record<string, string>;
}

const ROUTE_PATTERN =
  /^\/api\/atlas\/v2\/groups\/([^/]+)\/flexClusters\/([^/]+)\/backup\/snapshots(?:\/([^/]+))?$/;

/**
 * Matches a request path against the two snapshot paths, or returns `undefined`.
 */
export function matchSnapshotRoute(pathname: string): SnapshotRoute | undefined {
  const match = ROUTE_PATTERN.exec(pathname);
  if (match === null) {
    return undefined;
  }
  const [, groupId = "", name = "", snapshotId] = match;
  return {
    groupId: decodeSegment(groupId),
    name: decodeSegment(name),
    ...(snapshotId === undefined ? {} : { snapshotId: decodeSegment(snapshotId) }),
  };
}

/**
 * Answers an authenticated, version-checked GET on a snapshot path: validates parameters,
 * checks project access, looks the data up and renders `FlexBackupSnapshot20241113` or
 * `PaginatedApiAtlasFlexBackupSnapshot20241113View`.
 */
export function handleSnapshotRequest(
  route: SnapshotRoute,
  query: URLSearchParams,
  context: SnapshotRouteContext,
): Reply {
  const invalidPath = validatePathParameters(route, context.headers);
  if (invalidPath !== undefined) {
    return invalidPath;
  }
  const pretty = booleanParameter(query, "pretty", false, context.headers);
  if (typeof pretty !== "boolean") {
    return pretty;
  }
  const envelope = booleanParameter(query, "envelope", false, context.headers);
  if (typeof envelope !== "boolean") {
    return envelope;
  }
  const format = { pretty, envelope };
  if (context.forbiddenProjects.has(route.groupId)) {
    return atlasErrorReply(
      403,
      "USER_CANNOT_ACCESS_GROUP",
      `The credentials used do not have the Project Read Only role in group ${route.groupId}.`,
      [route.groupId],
      context.headers,
    );
  }
  return route.snapshotId === undefined
    ? listSnapshots(route, query, context, format)
    : getSnapshot(route, route.snapshotId, context, format);
}

interface Format {
  pretty: boolean;
  envelope: boolean;
}

function getSnapshot(
  route: SnapshotRoute,
  snapshotId: string,
  context: SnapshotRouteContext,
  format: Format,
): Reply {
  const lookup = context.store.get(route.groupId, route.name, snapshotId);
  if (!lookup.found) {
    return notFound(route, lookup.missing, snapshotId, context.headers);
  }
  const body = renderSnapshot(lookup.value, snapshotHref(context.baseUrl, route, snapshotId));
  // envelope=true wraps a single resource as {content, status} (OpenAPI `envelope` parameter).
  return success(format.envelope ? { content: body, status: 200 } : body, context, format);
}

function listSnapshots(
  route: SnapshotRoute,
  query: URLSearchParams,
  context: SnapshotRouteContext,
  format: Format,
): Reply {
  const pageNum = integerParameter(query, "pageNum", 1, 1, undefined, context.headers);
  if (typeof pageNum !== "number") {
    return pageNum;
  }
  const itemsPerPage = integerParameter(
    query,
    "itemsPerPage",
    ITEMS_PER_PAGE.default,
    ITEMS_PER_PAGE.minimum,
    ITEMS_PER_PAGE.maximum,
    context.headers,
  );
  if (typeof itemsPerPage !== "number") {
    return itemsPerPage;
  }
  const includeCount = booleanParameter(query, "includeCount", true, context.headers);
  if (typeof includeCount !== "boolean") {
    return includeCount;
  }
  const lookup = context.store.list(route.groupId, route.name);
  if (!lookup.found) {
    return notFound(route, lookup.missing, undefined, context.headers);
  }
  const all = lookup.value;
  const first = (pageNum - 1) * itemsPerPage;
  const page = all.slice(first, first + itemsPerPage);
  const listHref = `${context.baseUrl}${listPath(route)}`;
  const pageHref = (n: number): string =>
    `${listHref}?pageNum=${n}&itemsPerPage=${itemsPerPage}${includeCount ? "" : "&includeCount=false"}`;
  const links = [
    ...(pageNum > 1 ? [{ href: pageHref(pageNum - 1), rel: "previous" }] : []),
    { href: pageHref(pageNum), rel: "self" },
    ...(first + itemsPerPage < all.length ? [{ href: pageHref(pageNum + 1), rel: "next" }] : []),
  ];
  const body = {
    links,
    results: page.map((snapshot) =>
      renderSnapshot(snapshot, snapshotHref(context.baseUrl, route, snapshot.id)),
    ),
    ...(includeCount ? { totalCount: all.length } : {}),
    // envelope=true adds the status to a list body, which already is an envelope.
    ...(format.envelope ? { status: 200 } : {}),
  };
  return success(body, context, format);
}

/**
 * Renders a stored snapshot as `FlexBackupSnapshot20241113`, keys in Atlas's alphabetical order.
 */
export function renderSnapshot(
  snapshot: FlexSnapshotRecord,
  selfHref: string,
): Record<string, unknown> {
  return {
    ...(snapshot.expiration === undefined ? {} : { expiration: snapshot.expiration }),
    ...(snapshot.finishTime === undefined ? {} : { finishTime: snapshot.finishTime }),
    id: snapshot.id,
    links: [{ href: selfHref, rel: "self" }],
    ...(snapshot.mongoDBVersion === undefined ? {} : { mongoDBVersion: snapshot.mongoDBVersion }),
    ...(snapshot.scheduledTime === undefined ? {} : { scheduledTime: snapshot.scheduledTime }),
    ...(snapshot.startTime === undefined ? {} : { startTime: snapshot.startTime }),
    status: snapshot.status,
  };
}

function success(body: unknown, context: SnapshotRouteContext, format: Format): Reply {
  return jsonReply(200, body, context.headers, SERVED_CONTENT_TYPE, format.pretty ? 2 : 0);
}

function listPath(route: SnapshotRoute): string {
  return `/api/atlas/v2/groups/${route.groupId}/flexClusters/${route.name}/backup/snapshots`;
}

function snapshotHref(baseUrl: string, route: SnapshotRoute, snapshotId: string): string {
  return `${baseUrl}${listPath(route)}/${snapshotId}`;
}

function notFound(
  route: SnapshotRoute,
  missing: "project" | "cluster" | "snapshot",
  snapshotId: string | undefined,
  headers: Record<string, string>,
): Reply {
  switch (missing) {
    case "project":
      return atlasErrorReply(
        404,
        "GROUP_NOT_FOUND",
        `No group with ID ${route.groupId} exists.`,
        [route.groupId],
        headers,
      );
    case "cluster":
      return atlasErrorReply(
        404,
        "CLUSTER_NOT_FOUND",
        `No cluster named ${route.name} exists in group ${route.groupId}.`,
        [route.name, route.groupId],
        headers,
      );
    case "snapshot":
      return atlasErrorReply(
        404,
        "SNAPSHOT_NOT_FOUND",
        `No snapshot with ID ${snapshotId ?? ""} exists for flex cluster ${route.name}.`,
        [snapshotId ?? "", route.name],
        headers,
      );
  }
}

function validatePathParameters(
  route: SnapshotRoute,
  headers: Record<string, string>,
): Reply | undefined {
  const checks: [keyof typeof PATH_PARAMETER_PATTERNS, string | undefined][] = [
    ["groupId", route.groupId],
    ["name", route.name],
    ["snapshotId", route.snapshotId],
  ];
  for (const [parameter, value] of checks) {
    const pattern = PATH_PARAMETER_PATTERNS[parameter];
    if (value !== undefined && !pattern.test(value)) {
      const description = `must match ${pattern.source}`;
      return atlasErrorReply(
        400,
        "INVALID_PARAMETER",
        `Invalid value ${value} for path parameter ${parameter}: ${description}.`,
        [parameter, value],
        headers,
        { fields: [{ description, field: parameter }] },
      );
    }
  }
  return undefined;
}

function invalidQueryParameter(
  parameter: string,
  value: string,
  description: string,
  headers: Record<string, string>,
): Reply {
  return atlasErrorReply(
    400,
    "INVALID_QUERY_PARAMETER",
    `Invalid value ${value} for query parameter ${parameter}: ${description}.`,
    [parameter, value],
    headers,
    { fields: [{ description, field: parameter }] },
  );
}

/** Reads a boolean query parameter, or returns the 400 for a value other than true/false. */
function booleanParameter(
  query: URLSearchParams,
  name: string,
  fallback: boolean,
  headers: Record<string, string>,
): boolean | Reply {
  const value = query.get(name);
  if (value === null) {
    return fallback;
  }
  return /^(true|false)$/i.test(value)
    ? value.toLowerCase() === "true"
    : invalidQueryParameter(name, value, "must be true or false", headers);
}

/**
 * Reads an integer query parameter within bounds (no upper bound when `maximum` is undefined),
 * or returns the 400 for anything else.
 */
function integerParameter(
  query: URLSearchParams,
  name: string,
  fallback: number,
  minimum: number,
  maximum: number | undefined,
  headers: Record<string, string>,
): number | Reply {
  const value = query.get(name);
  if (value === null) {
    return fallback;
  }
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(parsed) && parsed >= minimum && parsed <= (maximum ?? parsed)) {
    return parsed;
  }
  const bounds = maximum === undefined ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
  return invalidQueryParameter(name, value, `must be an integer ${bounds}`, headers);
}

/** Percent-decodes a path segment; a malformed escape is kept raw and fails validation later. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
