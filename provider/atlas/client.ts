/**
 * The Atlas Administration API v2 client for flex cluster backup snapshots and restore jobs:
 * versioned media type, credentials of any kind, retries within a deadline, zod-checked
 * responses and errors that say what to do.
 */
import type { Dispatcher } from "undici";
import { createAuthenticator, type Authenticator, type Credentials } from "./auth";
import { createApiError, ResponseValidationError, type RedactedRequest } from "./errors";
import { describeNonJson, parseJsonBody } from "./http/body";
import { HttpTransport, type Deadline, type HttpResponse, type Timeouts } from "./http/transport";
import type { RetryPolicy } from "./http/retryPolicy";
import { USER_AGENT } from "./packageInfo";
import {
  apiErrorSchema,
  flexBackupRestoreJobSchema,
  flexBackupSnapshotSchema,
  paginatedFlexBackupRestoreJobSchema,
  paginatedFlexBackupSnapshotSchema,
  type FlexBackupRestoreJob,
  type FlexBackupSnapshot,
} from "./schema";
import { DEFAULT_BASE_URL, normalizeBaseUrl, type AtlasOrigin } from "./origin";
import {
  apiVersionSchema,
  clusterRefSchema,
  parseOrThrow,
  restoreJobRefSchema,
  snapshotRefSchema,
  type ApiVersion,
  type ClusterRef,
  type FlexClusterRef,
  type FlexRestoreJobRef,
  type FlexSnapshotRef,
} from "./refs";
import * as z from "zod";

/**
 * The API version sent in `Accept`: the one MongoDB's spec (releases 2024-11-13 and 2025-03-12)
 * declares for the flex snapshot resources, and what the official Go SDK and Atlas CLI send.
 */
export const DEFAULT_API_VERSION = "2024-11-13";

/** The largest page Atlas serves (`itemsPerPage` maximum in the spec). */
const MAX_ITEMS_PER_PAGE = 500;

/** Options of an {@link AtlasClient}. */
export interface AtlasClientOptions {
  /** The credentials to authenticate with. */
  readonly credentials: Credentials;
  /**
   * The Atlas origin.
   * @default "https://cloud.mongodb.com"
   */
  readonly baseUrl?: string;
  /**
   * The API version (a date) sent as `Accept: application/vnd.atlas.<version>+json`.
   * @default "2024-11-13"
   */
  readonly apiVersion?: string;
  /** Timeouts and the per-lookup deadline; see {@link Timeouts}. */
  readonly timeouts?: Partial<Timeouts>;
  /** The retry policy; see {@link RetryPolicy}. */
  readonly retry?: Partial<RetryPolicy>;
  /** A dispatcher to send through instead of the process-wide one. */
  readonly dispatcher?: Dispatcher;
  /** Receives warnings, such as Atlas announcing the deprecation of the API version in use. */
  readonly onWarning?: (message: string) => void;
  /**
   * Where the credentials were set, named by the remedy of a 401 so that the user checks the
   * settings they came from, e.g. `clientId and clientSecret in the properties of provider "prod"`.
   * `AtlasClient.fromSettings` takes it from the settings.
   */
  readonly credentialOrigin?: string;
}

/**
 * Where a client connects, already checked: the settings that `resolveSettings` returns fit it.
 * See {@link AtlasClient.fromSettings}.
 */
interface CheckedConnection {
  /** The Atlas origin, normalized by `normalizeBaseUrl`. */
  readonly baseUrl: AtlasOrigin;
  readonly credentials: Credentials;
  /** See {@link AtlasClientOptions.credentialOrigin}. */
  readonly credentialOrigin?: string;
}

/** Options of one call of an {@link AtlasClient} method. */
export interface CallOptions {
  /**
   * The deadline this call runs within, from {@link AtlasClient.startDeadline}: pass one
   * deadline to every call of one lookup. Default: a new one for this call.
   */
  readonly deadline?: Deadline;
}

/** A whole number from 1 to `max`; `expected` is what its error says. */
function countFrom1(max: number, expected: string) {
  return z.int({ error: expected }).min(1, { error: expected }).max(max, { error: expected });
}

/** The paging a caller of the `listAll…` methods may ask for. */
const pagingSchema = z.object({
  itemsPerPage: countFrom1(
    MAX_ITEMS_PER_PAGE,
    `an integer from 1 to ${MAX_ITEMS_PER_PAGE}`,
  ).optional(),
  maxPages: countFrom1(Number.MAX_SAFE_INTEGER, "a whole number of pages, at least 1").optional(),
});

/** What one page of a list holds: Atlas's `PaginatedApi…View`. */
interface PageBody<T> {
  readonly results?: readonly T[] | undefined;
  readonly totalCount?: number | undefined;
}

/** Paging options of the `listAll…` methods. */
type ListOptions = { itemsPerPage?: number; maxPages?: number } & CallOptions;

/** One page of a list, as `readAllPages` asks for it. */
interface Page {
  readonly pageNum: number;
  readonly itemsPerPage: number;
  readonly includeCount: boolean;
}

/**
 * A client for the flex backup snapshot and restore job endpoints of the Atlas Administration
 * API v2, one method per API operation: `getFlexSnapshot` and `getFlexRestoreJob` (named as
 * `@pulumi/mongodbatlas`'s functions), `listAllFlexSnapshots` and `listAllFlexRestoreJobs`
 * (every page of Atlas's list operations).
 *
 * Each method checks its arguments (a `ValidationError` that names the field, before any
 * request): the class is exported from `pulumi-atlas-flex-snapshot/provider`, and such a caller
 * has no other boundary that would check them. The lookups pass arguments their own boundary
 * already checked (branded by `refs.ts`'s schemas); checking them again costs about a
 * microsecond against a request's milliseconds, so no method skips the check. The connection is
 * another matter: {@link AtlasClient.fromSettings} takes settings checked where they were
 * resolved, the constructor checks plain options.
 *
 * @example
 * ```ts
 * const client = new AtlasClient({ credentials: { kind: "serviceAccount", clientId, clientSecret } });
 * const snapshot = await client.getFlexSnapshot({ projectId, name: "orders", snapshotId });
 * ```
 */
export class AtlasClient {
  readonly baseUrl: AtlasOrigin;
  readonly apiVersion: string;
  private readonly transport: HttpTransport;
  private readonly authenticator: Authenticator;
  private readonly onWarning: ((message: string) => void) | undefined;
  private readonly credentialOrigin: string | undefined;
  private readonly warned = new Set<string>();

  /**
   * A client for a connection and an API version that were checked where they came from (the
   * settings, the lookup's arguments): they are used as they are.
   *
   * @example
   * ```ts
   * const client = AtlasClient.fromSettings(resolveSettings(config, process.env), { apiVersion });
   * ```
   */
  static fromSettings(
    connection: CheckedConnection,
    options: Omit<AtlasClientOptions, "baseUrl" | "credentials" | "apiVersion"> & {
      readonly apiVersion?: ApiVersion;
    } = {},
  ): AtlasClient {
    return new AtlasClient(
      {
        ...options,
        credentials: connection.credentials,
        credentialOrigin: connection.credentialOrigin,
      },
      {
        baseUrl: connection.baseUrl,
        // The default is a constant of this module, a real date (client.test.ts sends it).
        apiVersion: options.apiVersion ?? (DEFAULT_API_VERSION as ApiVersion),
      },
    );
  }

  /**
   * @param options - checked here: `baseUrl` is normalized (a `ConfigurationError` names it) and
   * `apiVersion` must be a real date (a `ValidationError`).
   * @param checked - for {@link AtlasClient.fromSettings} only: values already checked, which
   * replace `options.baseUrl` and `options.apiVersion` unchecked.
   */
  constructor(
    options: AtlasClientOptions,
    checked?: { readonly baseUrl: AtlasOrigin; readonly apiVersion: ApiVersion },
  ) {
    this.baseUrl =
      checked?.baseUrl ?? normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, "baseUrl");
    this.apiVersion =
      checked?.apiVersion ??
      parseOrThrow(z.object({ apiVersion: apiVersionSchema }), {
        apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
      }).apiVersion;
    this.transport = new HttpTransport({
      timeouts: options.timeouts,
      retry: options.retry,
      dispatcher: options.dispatcher,
    });
    this.authenticator = createAuthenticator(options.credentials, this.baseUrl, USER_AGENT);
    this.onWarning = options.onWarning;
    this.credentialOrigin = options.credentialOrigin;
  }

  /**
   * Starts the deadline of one lookup (`timeouts.deadlineMs` from now), to pass to each call the
   * lookup makes: its pages, and within each call its retries and token or challenge requests.
   */
  startDeadline(): Deadline {
    return this.transport.startDeadline();
  }

  /**
   * Returns one snapshot of one flex cluster (`GET …/flexClusters/{name}/backup/snapshots/{snapshotId}`).
   * The arguments are checked before any request is sent.
   */
  async getFlexSnapshot(
    ref: FlexSnapshotRef,
    options: CallOptions = {},
  ): Promise<FlexBackupSnapshot> {
    const checked = parseOrThrow(snapshotRefSchema, ref);
    const path = `${clusterPath(checked)}/backup/snapshots/${checked.snapshotId}`;
    return this.get(path, {}, flexBackupSnapshotSchema, options.deadline);
  }

  /**
   * Returns every snapshot of a flex cluster, reading page after page (`itemsPerPage` up to
   * 500) until Atlas has none left. It is one lookup: every page shares one deadline. The
   * arguments are checked before any request is sent.
   */
  async listAllFlexSnapshots(
    ref: FlexClusterRef,
    options: ListOptions = {},
  ): Promise<FlexBackupSnapshot[]> {
    const path = `${clusterPath(parseOrThrow(clusterRefSchema, ref))}/backup/snapshots`;
    return this.readAllPages(path, paginatedFlexBackupSnapshotSchema, checkedPaging(options));
  }

  /**
   * Returns one restore job of one flex cluster
   * (`GET …/flexClusters/{name}/backup/restoreJobs/{restoreJobId}`). The arguments are checked
   * before any request is sent. The job's `snapshotUrl`, when Atlas returns one, is a bearer
   * link to the backup's data: the caller must keep it secret.
   */
  async getFlexRestoreJob(
    ref: FlexRestoreJobRef,
    options: CallOptions = {},
  ): Promise<FlexBackupRestoreJob> {
    const checked = parseOrThrow(restoreJobRefSchema, ref);
    const path = `${clusterPath(checked)}/backup/restoreJobs/${checked.restoreJobId}`;
    return this.get(path, {}, flexBackupRestoreJobSchema, options.deadline);
  }

  /**
   * Returns every restore job of a flex cluster, page after page, as
   * {@link AtlasClient.listAllFlexSnapshots} does for snapshots: one deadline for every page.
   * The arguments are checked before any request is sent.
   */
  async listAllFlexRestoreJobs(
    ref: FlexClusterRef,
    options: ListOptions = {},
  ): Promise<FlexBackupRestoreJob[]> {
    const path = `${clusterPath(parseOrThrow(clusterRefSchema, ref))}/backup/restoreJobs`;
    return this.readAllPages(path, paginatedFlexBackupRestoreJobSchema, checkedPaging(options));
  }

  /**
   * Reads every page of a list (`GET {path}?pageNum=…&itemsPerPage=…`) until a page is short or
   * the total is reached, within one deadline.
   */
  private async readAllPages<S extends z.ZodType<PageBody<unknown>>>(
    path: string,
    schema: S,
    options: ListOptions,
  ): Promise<NonNullable<z.output<S>["results"]>[number][]> {
    type Item = NonNullable<z.output<S>["results"]>[number];
    const deadline = options.deadline ?? this.startDeadline();
    const itemsPerPage = options.itemsPerPage ?? MAX_ITEMS_PER_PAGE;
    // A bound, so that a server that keeps answering full pages cannot keep us forever.
    const maxPages = options.maxPages ?? 1_000;
    const items: Item[] = [];
    /** The total, which only the first page carries (`includeCount` is asked for once). */
    let total: number | undefined;
    for (let pageNum = 1; pageNum <= maxPages; pageNum++) {
      const page: Page = { pageNum, itemsPerPage, includeCount: pageNum === 1 };
      const query = {
        pageNum: String(page.pageNum),
        itemsPerPage: String(page.itemsPerPage),
        includeCount: String(page.includeCount),
      };
      const body = (await this.get(path, query, schema, deadline)) as PageBody<Item>;
      const results = body.results ?? [];
      items.push(...results);
      total ??= body.totalCount;
      if (results.length < itemsPerPage || (total !== undefined && items.length >= total)) {
        break;
      }
    }
    return items;
  }

  private async get<T extends z.ZodType>(
    path: string,
    query: Record<string, string>,
    schema: T,
    deadline: Deadline = this.startDeadline(),
  ): Promise<z.output<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    const response = await this.send(url, deadline);
    const request: RedactedRequest = {
      method: "GET",
      path: url.pathname + url.search,
      headers: this.baseHeaders(),
    };
    this.warnOnDeprecation(response);
    const body = parseJsonBody(response.body);
    const ok = response.status >= 200 && response.status <= 299;
    if (!ok) {
      // Error bodies are read leniently: an Atlas `ApiError` if it is one; a body that is not
      // JSON at all (a proxy's HTML page, a cut-off body) is said to be so.
      const apiError = body.ok ? apiErrorSchema.safeParse(body.json) : undefined;
      const errorBody = !body.ok
        ? { detail: describeNonJson(response, { excerpt: true }) }
        : apiError?.success
          ? apiError.data
          : undefined;
      throw createApiError(
        response.status,
        response.statusText,
        request,
        errorBody,
        response.body,
        this.credentialOrigin,
      );
    }
    if (!body.ok) {
      throw new ResponseValidationError(
        `[${response.status} ${response.statusText}] GET ${request.path}: ${describeNonJson(response)}`,
      );
    }
    const parsed = schema.safeParse(body.json);
    if (!parsed.success) {
      throw new ResponseValidationError(
        `GET ${request.path}: the response does not match Atlas's schema:\n${z.prettifyError(parsed.error)}`,
      );
    }
    return parsed.data;
  }

  private baseHeaders(): Record<string, string> {
    return {
      accept: `application/vnd.atlas.${this.apiVersion}+json`,
      "user-agent": USER_AGENT,
    };
  }

  /**
   * Sends a GET with credentials, each attempt signed as it is sent. A 401 to signed credentials
   * renews them once (a new token; a Digest challenge that is stale or has a new nonce) and the
   * request is sent again; a second 401 is the answer. The 401 that answers an API key's
   * unsigned first request only brings the Digest challenge and does not count.
   */
  private async send(url: URL, deadline: Deadline): Promise<HttpResponse> {
    const context = {
      transport: this.transport,
      deadline,
      credentialOrigin: this.credentialOrigin,
    };
    const uri = url.pathname + url.search;
    let renewed = false;
    try {
      for (;;) {
        /** The `Authorization` of the last attempt, which a 401 answered. */
        let sent: string | undefined;
        const authorize = async (): Promise<string | undefined> =>
          (sent = await this.authenticator.authorize({ method: "GET", uri }, context));
        const response = await this.transport.send(
          { method: "GET", url, headers: this.baseHeaders(), authorize },
          deadline,
        );
        const unsigned = sent === undefined;
        if (
          response.status === 401 &&
          (unsigned || !renewed) &&
          (await this.authenticator.refresh(response, sent, context))
        ) {
          renewed ||= !unsigned;
          continue;
        }
        return response;
      }
    } finally {
      this.authenticator.settle?.(context);
    }
  }

  /** Turns `Deprecation`/`Sunset` headers (RFC 9745, RFC 8594) into one warning per version. */
  private warnOnDeprecation(response: HttpResponse): void {
    const deprecation = response.headers["deprecation"];
    const sunset = response.headers["sunset"];
    if ((deprecation === undefined && sunset === undefined) || this.warned.has(this.apiVersion)) {
      return;
    }
    this.warned.add(this.apiVersion);
    const when = sunset ? ` and will be removed on ${sunset}` : "";
    this.onWarning?.(
      `Atlas API version ${this.apiVersion} is deprecated${deprecation ? ` (since ${deprecation})` : ""}${when}; upgrade pulumi-atlas-flex-snapshot or set apiVersion to a newer version`,
    );
  }
}

/** The path of a flex cluster (`/api/atlas/v2/groups/{groupId}/flexClusters/{name}`). */
function clusterPath(ref: ClusterRef): string {
  return `/api/atlas/v2/groups/${ref.projectId}/flexClusters/${ref.name}`;
}

/** The paging options of a caller, checked (the deadline is the client's own object). */
function checkedPaging(options: ListOptions): ListOptions {
  const { itemsPerPage, maxPages } = options;
  return { ...options, ...parseOrThrow(pagingSchema, { itemsPerPage, maxPages }) };
}
