// Types only: the emulator runs without the provider's code, as an independent stand-in for Atlas.
import type { AtlasRestoreJobFieldName } from "../provider/models/restoreJobModel";
import type { AtlasSnapshotFieldName } from "../provider/models/snapshotModel";
import type { TokenStats } from "./oauth";

/**
 * The projects a credential may read, as in Atlas where a service account or API key belongs to
 * one organization and holds roles on some of its projects. Omitted: every project (the
 * emulator's single-account default). A request for any other project is answered as Atlas
 * answers a credential without access to it: 401 `UNAUTHORIZED`, "You are not authorized for
 * this resource."
 */
interface ProjectScope {
  projects?: string[];
}

/** A service account: exchanges `clientId:clientSecret` for a token at `/api/oauth/token`. */
export interface EmulatorServiceAccount extends ProjectScope {
  clientId: string;
  clientSecret: string;
}

/** A programmatic API key, accepted through HTTP Digest (`publicKey` is the user name). */
export interface EmulatorApiKey extends ProjectScope {
  publicKey: string;
  privateKey: string;
}

/** A static bearer token with the projects it may read. */
export interface EmulatorAccessToken extends ProjectScope {
  token: string;
}

/**
 * Credentials the emulator accepts, one list per kind Atlas supports.
 *
 * Every list may be empty; a kind that is left out is simply not accepted.
 */
export interface EmulatorCredentials {
  /** Service accounts that may exchange `clientId:clientSecret` for a token at `/api/oauth/token`. */
  serviceAccounts?: EmulatorServiceAccount[];
  /** Programmatic API keys accepted through HTTP Digest (`publicKey` is the user name). */
  apiKeys?: EmulatorApiKey[];
  /**
   * Static bearer tokens accepted as-is (a string reads every project); they never expire and
   * are not touched by revocation.
   */
  accessTokens?: (string | EmulatorAccessToken)[];
}

/**
 * Options of {@link startAtlasEmulator}.
 *
 * Every field is optional; the defaults describe an emulator that behaves like Atlas.
 */
export interface EmulatorOptions {
  /**
   * TCP port to listen on; `0` picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on. The emulator is meant for loopback only.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * Credentials to accept.
   * @default DEMO_CREDENTIALS
   */
  credentials?: EmulatorCredentials;
  /**
   * Lifetime of OAuth access tokens, sent as `expires_in`; `0` issues tokens that are already
   * expired, which is handy for testing refresh logic.
   * @default 3600
   * @unit seconds
   */
  tokenTtlSeconds?: number;
  /**
   * The most live OAuth access tokens one service account may hold. Atlas allows 100 (one hour
   * each); past that its token endpoint answers `403 {"error":"access_denied",
   * "error_description":"Access Token limit reached…"}` until a token expires or is revoked.
   * @default 100
   */
  tokenLimit?: number;
  /**
   * Digest algorithm offered in the challenge (RFC 7616 §3.3). Atlas offers MD5.
   * @default "MD5"
   */
  digestAlgorithm?: "MD5" | "SHA-256";
  /**
   * How many requests one Digest nonce authenticates; the next one is answered 401 with a fresh
   * nonce and `stale=true` (RFC 7616 §3.3).
   * @default 1000
   */
  nonceMaxUses?: number;
  /**
   * Whether to seed the demo project, cluster, snapshots and restore jobs.
   * @default true
   */
  seed?: boolean;
  /**
   * Project ids that every valid credential is denied (403), as if it lacked the Project Read Only
   * role there.
   * @default []
   */
  forbiddenProjects?: string[];
  /**
   * API version dates (`YYYY-MM-DD`) answered with 410 `VERSION_GONE`, as Atlas does once a
   * version is sunset.
   * @default []
   */
  goneVersions?: string[];
  /**
   * Deprecated API version dates mapped to their sunset date (an HTTP-date). Requests for such a
   * version get `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers.
   * @default {}
   */
  deprecatedVersions?: Record<string, string>;
  /**
   * The emulator's clock, in epoch milliseconds. Seeded times, OAuth token expiry,
   * {@link AtlasEmulator.setStatus} and progress schedules all read it, so that a test can move
   * time forward instead of sleeping. Fault `delayMs` waits and the `Date` header Node adds to
   * every answer still follow the real clock.
   * @default Date.now
   */
  now?: () => number;
  /**
   * When given, also seeds the snapshot `DEMO_PROGRESSING_SNAPSHOT_ID` and the restore job
   * `DEMO_PROGRESSING_RESTORE_JOB_ID` in the demo cluster: each PENDING at start, then one status
   * further every `progressStepMs` until COMPLETED, as {@link AtlasEmulator.scheduleProgress}
   * does. Requires `seed`.
   * @unit milliseconds
   */
  progressStepMs?: number;
}

/**
 * How {@link AtlasEmulator.scheduleProgress} moves a snapshot: PENDING → QUEUED → RUNNING →
 * `final`, spending `stepMs` in each status.
 */
export interface ProgressSchedule {
  /**
   * Time spent in each status before the next.
   * @unit milliseconds
   */
  stepMs: number;
  /**
   * The status it ends in.
   * @default "COMPLETED"
   */
  final?: "COMPLETED" | "FAILED";
  /**
   * Restart from this status: the times of later statuses are removed first, and for
   * `"RUNNING"` `startTime` becomes the moment the schedule starts. Without it the snapshot
   * moves on from its current status, which must then be PENDING, QUEUED or RUNNING.
   */
  from?: "PENDING" | "QUEUED" | "RUNNING";
  /**
   * Start the schedule's clock at the snapshot's next read instead of now, so that the first
   * read sees the starting status however long the client takes to reach it (a `pulumi up` on a
   * busy machine can take seconds before its first poll).
   * @default false
   */
  startOnFirstRead?: boolean;
}

/**
 * One request as the emulator saw it, recorded for assertions.
 */
export interface RecordedRequest {
  /** HTTP method, upper case as sent. */
  method: string;
  /** Path of the request target, without the query string, still percent-encoded. */
  path: string;
  /** Query parameters; a repeated parameter keeps its last value. */
  query: Record<string, string>;
  /** Request headers with lower-case names; credentials are replaced by `"[REDACTED]"`. */
  headers: Record<string, string | undefined>;
  /** Status sent, or `0` while none is sent yet or when a fault hung or reset the connection. */
  status: number;
  /** Which scheme the `Authorization` header used. */
  authKind: "bearer" | "digest" | "basic" | "none";
}

/**
 * Filter of {@link AtlasEmulator.count}; every given field must match.
 */
export interface RequestFilter {
  /** HTTP method, compared case-insensitively. */
  method?: string;
  /** Exact path, or a pattern tested against the path. */
  path?: string | RegExp;
  /** Status that was sent. */
  status?: number;
}

/**
 * A fault to inject: the next `times` matching requests get it instead of the normal answer.
 *
 * With only `delayMs`, the normal answer is sent late. With `status`, an Atlas error body with
 * that status is sent (after `delayMs`, if given). With `body`, that body is sent instead. With
 * none of `status`, `body`, `hang`, `resetConnection` and `delayMs`, the fault is a 500.
 */
export interface EmulatorFault {
  /** Exact path or pattern the request path must match; any path when left out. */
  path?: string | RegExp;
  /** HTTP method the request must use (case-insensitive); any method when left out. */
  method?: string;
  /**
   * `true`: only requests that carry an `Authorization` header match (so an API key client's
   * unsigned first request, which fetches the Digest challenge, passes); `false`: only those
   * without one; any request when left out.
   */
  withCredentials?: boolean;
  /**
   * How many matching requests the fault applies to.
   * @default 1
   */
  times?: number;
  /** Status of the error answer. */
  status?: number;
  /** `errorCode` of the error body; derived from the status when left out. */
  errorCode?: string;
  /** Value of the `Retry-After` header (RFC 9110 §10.2.3), sent verbatim. */
  retryAfter?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /**
   * The answer's body, when it is not Atlas's JSON error body:
   * - `"html"`: an HTML error page as a proxy or load balancer sends it (`text/html`); the
   *   status defaults to 502.
   * - `"truncatedJson"`: the JSON body cut in half, as a broken connection or proxy leaves it.
   *   Without a status, or with a 2xx one, it is the body the request would have had (the
   *   request is authenticated and served as usual); with an error status, the error body.
   * - `"empty"`: no body and no `Content-Type`.
   */
  body?: "html" | "truncatedJson" | "empty";
  /**
   * For a 401 fault: the `stale` flag of the fresh Digest challenge that it carries, as every
   * Atlas 401 carries one (RFC 7616 §3.3).
   * @default false
   */
  stale?: boolean;
  /** Accept the request and never answer it, until {@link AtlasEmulator.close}. */
  hang?: boolean;
  /** Destroy the connection without any answer. */
  resetConnection?: boolean;
  /**
   * Wait this long before answering.
   * @unit milliseconds
   */
  delayMs?: number;
}

/**
 * One flex cluster backup snapshot as the emulator stores it: the fields of the snapshot model
 * (`provider/models/snapshotModel.ts`) under Atlas's names, as Atlas's `FlexBackupSnapshot20241113`
 * has them (times are ISO 8601 UTC strings), minus `links`, which the emulator adds when it
 * answers. `id` (24 hex digits) and `status` are required; `status` is a plain string so that
 * tests can store values Atlas does not document (real Atlas sends one of
 * `KNOWN_SNAPSHOT_STATUSES`).
 */
export type FlexSnapshotRecord = {
  [K in Exclude<AtlasSnapshotFieldName, "id" | "status">]?: string;
} & {
  id: string;
  status: string;
};

/**
 * One flex cluster backup restore job as the emulator stores it: the fields of the restore job
 * model (`provider/models/restoreJobModel.ts`) under Atlas's names, as Atlas's
 * `FlexBackupRestoreJob20241113` has them, minus `links`, `projectId` and `instanceName`, which
 * the emulator adds from the path when it answers. `id` (24 hex digits) and `status` are
 * required; `status` is a plain string so that tests can store values Atlas does not document.
 * `snapshotUrl`, for a DOWNLOAD job, is a bearer link in real Atlas: the emulator's is fake but
 * tests treat it as a secret.
 */
export type FlexRestoreJobRecord = {
  [K in Exclude<AtlasRestoreJobFieldName, "id" | "status">]?: string;
} & {
  id: string;
  status: string;
};

/**
 * A running Atlas emulator, as returned by {@link startAtlasEmulator}.
 */
export interface AtlasEmulator {
  /** Base URL to give a client, for example `http://127.0.0.1:50123`. */
  readonly baseUrl: string;
  /** Every request received, in arrival order, with credentials redacted. */
  readonly requests: readonly RecordedRequest[];
  /** Counts the recorded requests that match `filter` (all of them without one). */
  count(filter?: RequestFilter): number;
  /**
   * Clears recorded requests, queued faults, issued tokens (and their counts) and Digest nonces, and cancels every
   * progress schedule; keeps snapshots and restore jobs, each in the status it has reached.
   */
  reset(): void;
  /**
   * Adds a snapshot, or replaces the one with the same id; creates the project and cluster.
   * Cancels the replaced snapshot's progress schedule.
   */
  putSnapshot(projectId: string, clusterName: string, snapshot: FlexSnapshotRecord): void;
  /**
   * Removes a snapshot and its progress schedule; does nothing if there is none with that id.
   */
  removeSnapshot(projectId: string, clusterName: string, snapshotId: string): void;
  /**
   * Changes a snapshot's status and fills in the times that status implies but the snapshot lacks
   * (`startTime` from RUNNING on, `finishTime` for FAILED and COMPLETED, `expiration` for
   * COMPLETED). Cancels the snapshot's progress schedule, keeping the steps already due. Throws
   * if the snapshot does not exist.
   */
  setStatus(projectId: string, clusterName: string, snapshotId: string, status: string): void;
  /**
   * Moves the snapshot one status further every `stepMs`, from its current status (or `from`) to
   * `final`, replacing any schedule it had.
   *
   * No timer runs: each read (single GET or list) works out the status from the elapsed time on
   * the emulator's clock. Reaching RUNNING sets `startTime`, reaching the final status sets
   * `finishTime` (and, for COMPLETED, `expiration` 8 days later), each to the moment the step
   * happened, in whole seconds as Atlas writes them. {@link AtlasEmulator.setStatus},
   * {@link AtlasEmulator.putSnapshot}, {@link AtlasEmulator.removeSnapshot} and
   * {@link AtlasEmulator.reset} cancel the schedule.
   *
   * @throws RangeError when `stepMs` is not a positive finite number, when `final` or `from` is
   * not one of its values, or when the snapshot is COMPLETED, FAILED or unknown and no `from`
   * restarts it
   * @throws Error when the snapshot does not exist
   * @example
   * atlas.scheduleProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, {
   *   stepMs: 50,
   * }); // QUEUED after 50 ms, RUNNING after 100 ms, COMPLETED after 150 ms
   */
  scheduleProgress(
    projectId: string,
    clusterName: string,
    snapshotId: string,
    schedule: ProgressSchedule,
  ): void;
  /**
   * Adds a restore job, or replaces the one with the same id; creates the project and cluster.
   * Cancels the replaced job's progress schedule.
   */
  putRestoreJob(projectId: string, clusterName: string, restoreJob: FlexRestoreJobRecord): void;
  /** Removes a restore job and its progress schedule; does nothing if there is none with that id. */
  removeRestoreJob(projectId: string, clusterName: string, restoreJobId: string): void;
  /**
   * Changes a restore job's status and fills in the times that status implies but the job lacks
   * (`restoreScheduledDate` always, `restoreFinishedDate` for FAILED and COMPLETED, and for a
   * COMPLETED DOWNLOAD job `snapshotUrl` and `expirationDate` four hours on). Cancels the job's
   * progress schedule, keeping the steps already due. Throws if the job does not exist.
   */
  setRestoreJobStatus(
    projectId: string,
    clusterName: string,
    restoreJobId: string,
    status: string,
  ): void;
  /**
   * Moves the restore job one status further every `stepMs`, as
   * {@link AtlasEmulator.scheduleProgress} does for a snapshot: PENDING → QUEUED → RUNNING →
   * `final`, worked out from the emulator's clock at each read. Reaching the final status sets
   * `restoreFinishedDate`; a DOWNLOAD job that reaches COMPLETED gets its `snapshotUrl` and an
   * `expirationDate` four hours later.
   *
   * @throws RangeError and Error as {@link AtlasEmulator.scheduleProgress} does
   */
  scheduleRestoreJobProgress(
    projectId: string,
    clusterName: string,
    restoreJobId: string,
    schedule: ProgressSchedule,
  ): void;
  /** Queues a fault; see {@link EmulatorFault}. Faults are matched in the order they were queued. */
  injectFault(fault: EmulatorFault): void;
  /** Makes every OAuth token issued so far invalid; static access tokens are unaffected. */
  revokeAllTokens(): void;
  /** How many OAuth tokens were issued since start or the last {@link AtlasEmulator.reset}. */
  readonly tokensIssued: number;
  /**
   * OAuth token counts since start or the last {@link AtlasEmulator.reset}: minted, revoked, live
   * now, the most live at once, and requests refused by {@link EmulatorOptions.tokenLimit}.
   */
  tokenStats(): TokenStats;
  /** Stops the server and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}
