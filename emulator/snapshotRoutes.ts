import { atlasErrorReply } from "./errors";
import type { ProgressingRecord } from "./progress";
import type { RecordStore } from "./recordStore";
import { jsonReply, type Reply } from "./reply";
import type { FlexRestoreJobRecord, FlexSnapshotRecord } from "./types";
import { SERVED_CONTENT_TYPE } from "./versioning";

/**
 * The path patterns of the OpenAPI document, for the path parameters of the backup paths
 * (snapshots and restore jobs).
 */
const PATH_PARAMETER_PATTERNS = {
  groupId: /^([a-f0-9]{24})$/,
  name: /^[a-zA-Z0-9][a-zA-Z0-9-]*$/,
  snapshotId: /^([a-f0-9]{24})$/,
  restoreJobId: /^([a-f0-9]{24})$/,
} as const;

/**
 * Bounds of `itemsPerPage` from the OpenAPI document's `components.parameters.itemsPerPage`.
 */
const ITEMS_PER_PAGE = { default: 100, minimum: 1, maximum: 500 } as const;

/** The collections under `…/flexClusters/{name}/backup/`. */
type BackupCollection = "snapshots" | "restoreJobs";

/**
 * A request path that names a backup list (snapshots, restore jobs) or one of its items, with
 * its segments decoded.
 */
export interface BackupRoute {
  collection: BackupCollection;
  groupId: string;
  name: string;
  /** Set for the single-item path, absent for the list. */
  id?: string;
}

/**
 * One kind of backup resource as the emulator serves it: its path, its id parameter, the role
 * the spec requires, how it renders and how Atlas says it is missing.
 */
interface BackupKind<R extends ProgressingRecord> {
  readonly idParameter: "snapshotId" | "restoreJobId";
  /**
   * The role named in the 403 for a forbidden project: the spec's description of each
   * operation (snapshots: Project Read Only; restore jobs: Project Owner).
   */
  readonly role: string;
  /** Renders a stored record as Atlas's JSON, keys in Atlas's alphabetical order. */
  render(record: R, route: BackupRoute, selfHref: string): Record<string, unknown>;
  /** The 404 for an id the cluster does not have: `errorCode` and `detail`. */
  readonly notFound: {
    readonly errorCode: string;
    readonly detail: (id: string, name: string) => string;
  };
}

/**
 * What the backup handlers need from the server.
 */
interface BackupRouteContext<R extends ProgressingRecord> {
  store: RecordStore<R>;
  /** Origin used in `links`, e.g. `http://127.0.0.1:50123`. */
  baseUrl: string;
  forbiddenProjects: ReadonlySet<string>;
  /** Headers to add to every answer, e.g. deprecation headers of the requested version. */
  headers: Record<string, string>;
}

const ROUTE_PATTERN =
  /^\/api\/atlas\/v2\/groups\/([^/]+)\/flexClusters\/([^/]+)\/backup\/(snapshots|restoreJobs)(?:\/([^/]+))?$/;

/**
 * Matches a request path against the backup paths (the snapshot list, one snapshot, the restore
 * job list, one restore job), or returns `undefined`.
 */
export function matchBackupRoute(pathname: string): BackupRoute | undefined {
  const match = ROUTE_PATTERN.exec(pathname);
  if (match === null) {
    return undefined;
  }
  const [, groupId = "", name = "", collection = "", id] = match;
  return {
    collection: collection as BackupCollection,
    groupId: decodeSegment(groupId),
    name: decodeSegment(name),
    ...(id === undefined ? {} : { id: decodeSegment(id) }),
  };
}

/**
 * Answers an authenticated, version-checked GET on a backup path: validates parameters,
 * checks project access, looks the data up and renders one item (`FlexBackupSnapshot20241113`,
 * `FlexBackupRestoreJob20241113`) or a page (`PaginatedApiAtlas…View`).
 */
export function handleBackupRequest<R extends ProgressingRecord>(
  route: BackupRoute,
  kind: BackupKind<R>,
  query: URLSearchParams,
  context: BackupRouteContext<R>,
): Reply {
  const invalidPath = validatePathParameters(route, kind, context.headers);
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
      `The credentials used do not have the ${kind.role} role in group ${route.groupId}.`,
      [route.groupId],
      context.headers,
    );
  }
  return route.id === undefined
    ? listItems(route, kind, query, context, format)
    : getItem(route, kind, route.id, context, format);
}

interface Format {
  pretty: boolean;
  envelope: boolean;
}

function getItem<R extends ProgressingRecord>(
  route: BackupRoute,
  kind: BackupKind<R>,
  id: string,
  context: BackupRouteContext<R>,
  format: Format,
): Reply {
  const lookup = context.store.get(route.groupId, route.name, id);
  if (!lookup.found) {
    return notFound(route, kind, lookup.missing, id, context.headers);
  }
  const body = kind.render(lookup.value, route, itemHref(context.baseUrl, route, id));
  // envelope=true wraps a single resource as {content, status} (OpenAPI `envelope` parameter).
  return success(format.envelope ? { content: body, status: 200 } : body, context, format);
}

function listItems<R extends ProgressingRecord>(
  route: BackupRoute,
  kind: BackupKind<R>,
  query: URLSearchParams,
  context: BackupRouteContext<R>,
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
    return notFound(route, kind, lookup.missing, undefined, context.headers);
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
    results: page.map((item) =>
      kind.render(item, route, itemHref(context.baseUrl, route, item.id)),
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
function renderSnapshot(snapshot: FlexSnapshotRecord, selfHref: string): Record<string, unknown> {
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

/** Flex backup snapshots (`…/backup/snapshots`). */
export const SNAPSHOT_KIND: BackupKind<FlexSnapshotRecord> = {
  idParameter: "snapshotId",
  role: "Project Read Only",
  render: (snapshot, _route, selfHref) => renderSnapshot(snapshot, selfHref),
  notFound: {
    errorCode: "SNAPSHOT_NOT_FOUND",
    detail: (id, name) => `No snapshot with ID ${id} exists for flex cluster ${name}.`,
  },
};

/**
 * Renders a stored restore job as `FlexBackupRestoreJob20241113`, keys in Atlas's alphabetical
 * order, with the spec's `instanceName` and `projectId` (the source cluster, from the path).
 */
function renderRestoreJob(
  job: FlexRestoreJobRecord,
  route: BackupRoute,
  selfHref: string,
): Record<string, unknown> {
  const optional = (key: keyof FlexRestoreJobRecord): Record<string, string> =>
    job[key] === undefined ? {} : { [key]: job[key] };
  return {
    ...optional("deliveryType"),
    ...optional("expirationDate"),
    id: job.id,
    instanceName: route.name,
    links: [{ href: selfHref, rel: "self" }],
    projectId: route.groupId,
    ...optional("restoreFinishedDate"),
    ...optional("restoreScheduledDate"),
    ...optional("snapshotFinishedDate"),
    ...optional("snapshotId"),
    ...optional("snapshotUrl"),
    status: job.status,
    ...optional("targetDeploymentItemName"),
    ...optional("targetProjectId"),
  };
}

/**
 * Flex backup restore jobs (`…/backup/restoreJobs`). The 404's `errorCode` is the one Atlas
 * uses for the restore jobs of dedicated clusters; it is not confirmed for flex clusters.
 */
export const RESTORE_JOB_KIND: BackupKind<FlexRestoreJobRecord> = {
  idParameter: "restoreJobId",
  role: "Project Owner",
  render: renderRestoreJob,
  notFound: {
    errorCode: "RESTORE_JOB_NOT_FOUND",
    detail: (id, name) => `No restore job with ID ${id} exists for flex cluster ${name}.`,
  },
};

function success<R extends ProgressingRecord>(
  body: unknown,
  context: BackupRouteContext<R>,
  format: Format,
): Reply {
  return jsonReply(200, body, context.headers, SERVED_CONTENT_TYPE, format.pretty ? 2 : 0);
}

function listPath(route: BackupRoute): string {
  return `/api/atlas/v2/groups/${route.groupId}/flexClusters/${route.name}/backup/${route.collection}`;
}

function itemHref(baseUrl: string, route: BackupRoute, id: string): string {
  return `${baseUrl}${listPath(route)}/${id}`;
}

function notFound<R extends ProgressingRecord>(
  route: BackupRoute,
  kind: BackupKind<R>,
  missing: "project" | "cluster" | "item",
  id: string | undefined,
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
    case "item":
      return atlasErrorReply(
        404,
        kind.notFound.errorCode,
        kind.notFound.detail(id ?? "", route.name),
        [id ?? "", route.name],
        headers,
      );
  }
}

function validatePathParameters<R extends ProgressingRecord>(
  route: BackupRoute,
  kind: BackupKind<R>,
  headers: Record<string, string>,
): Reply | undefined {
  const checks: [keyof typeof PATH_PARAMETER_PATTERNS, string | undefined][] = [
    ["groupId", route.groupId],
    ["name", route.name],
    [kind.idParameter, route.id],
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
