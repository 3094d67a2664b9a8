import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

import { ApiAuthenticator, type AuthVerdict, type Principal } from "./auth";
import { DigestVerifier } from "./digest";
import { atlasErrorReply } from "./errors";
import { faultAction, FaultQueue, truncateReply, type FaultAction } from "./faults";
import {
  handleRevokeRequest,
  handleTokenRequest,
  OAuthTokenStore,
  type OAuthContext,
  type TokenStats,
} from "./oauth";
import { resolveOptions, type ResolvedOptions } from "./options";
import type { Reply } from "./reply";
import { RequestLog } from "./requestLog";
import { ClusterRegistry } from "./recordStore";
import { RestoreJobStore } from "./restoreJobStore";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROGRESSING_RESTORE_JOB_ID,
  DEMO_PROGRESSING_SNAPSHOT_ID,
  DEMO_PROJECT_ID,
  demoProgressingRestoreJob,
  demoProgressingSnapshot,
  demoRestoreJobs,
  demoSnapshots,
} from "./seed";
import {
  handleBackupRequest,
  matchBackupRoute,
  RESTORE_JOB_KIND,
  SNAPSHOT_KIND,
  type BackupRoute,
} from "./snapshotRoutes";
import { SnapshotStore } from "./snapshotStore";
import type {
  AtlasEmulator,
  EmulatorFault,
  EmulatorOptions,
  FlexRestoreJobRecord,
  FlexSnapshotRecord,
  ProgressSchedule,
  RecordedRequest,
  RequestFilter,
} from "./types";
import { deprecationHeaders, negotiateVersion } from "./versioning";

/** The paths whose requests carry API credentials (the OAuth endpoints are apart). */
const API_PREFIX = "/api/atlas/";

/**
 * Starts a local MongoDB Atlas emulator for the flex backup snapshot and restore job paths: a
 * real HTTP server that authenticates, versions, paginates and fails the way Atlas does.
 *
 * @example
 * const atlas = await startAtlasEmulator();
 * const res = await fetch(
 *   `${atlas.baseUrl}/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/orders/backup/snapshots`,
 *   { headers: { Authorization: `Bearer ${DEMO_CREDENTIALS.accessTokens[0]}`,
 *                Accept: "application/vnd.atlas.2024-11-13+json" } },
 * );
 * await atlas.close();
 *
 * @throws RangeError when an option is out of range; the listen error when the port is taken
 */
export async function startAtlasEmulator(options: EmulatorOptions = {}): Promise<AtlasEmulator> {
  const emulator = new RunningEmulator(resolveOptions(options));
  await emulator.listen();
  return emulator;
}

/**
 * The emulator behind {@link AtlasEmulator}: owns the HTTP server, its state and its sockets.
 */
class RunningEmulator implements AtlasEmulator {
  private readonly server: Server;
  private readonly store: SnapshotStore;
  private readonly restoreJobs: RestoreJobStore;
  private readonly log = new RequestLog();
  private readonly faults = new FaultQueue();
  private readonly tokens: OAuthTokenStore;
  private readonly digest: DigestVerifier;
  private readonly authenticator: ApiAuthenticator;
  private readonly oauth: OAuthContext;
  /** Open connections, so that close() can end hanging ones. */
  private readonly sockets = new Set<Socket>();
  /** Pending `delayMs` timers, cancelled by close(). */
  private readonly timers = new Set<NodeJS.Timeout>();
  private origin = "";
  private closing: Promise<void> | undefined;

  constructor(private readonly settings: ResolvedOptions) {
    const { credentials, now } = settings;
    const clusters = new ClusterRegistry();
    this.store = new SnapshotStore(now, clusters);
    this.restoreJobs = new RestoreJobStore(now, clusters);
    this.tokens = new OAuthTokenStore(settings.tokenTtlSeconds, now, settings.tokenLimit);
    const secrets = new Map(credentials.serviceAccounts.map((a) => [a.clientId, a.clientSecret]));
    const privateKeys = new Map(credentials.apiKeys.map((k) => [k.publicKey, k.privateKey]));
    this.oauth = { tokens: this.tokens, secretOf: (clientId) => secrets.get(clientId) };
    this.digest = new DigestVerifier(settings.digestAlgorithm, settings.nonceMaxUses, (user) =>
      privateKeys.get(user),
    );
    const scopes = new Map<Principal, ReadonlySet<string>>();
    const scope = (principal: Principal, projects: string[] | undefined) => {
      if (projects !== undefined) scopes.set(principal, new Set(projects));
    };
    for (const a of credentials.serviceAccounts) scope(`serviceAccount:${a.clientId}`, a.projects);
    for (const k of credentials.apiKeys) scope(`apiKey:${k.publicKey}`, k.projects);
    for (const t of credentials.accessTokens) scope(`accessToken:${t.token}`, t.projects);
    this.authenticator = new ApiAuthenticator(
      this.tokens,
      new Set(credentials.accessTokens.map((t) => t.token)),
      this.digest,
      scopes,
    );
    if (settings.seed) {
      const startedAt = now();
      for (const snapshot of demoSnapshots(startedAt)) {
        this.store.put(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, snapshot);
      }
      for (const job of demoRestoreJobs(startedAt)) {
        this.restoreJobs.put(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, job);
      }
      if (settings.progressStepMs !== undefined) {
        this.store.put(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, demoProgressingSnapshot(startedAt));
        this.store.scheduleProgress(
          DEMO_PROJECT_ID,
          DEMO_CLUSTER_NAME,
          DEMO_PROGRESSING_SNAPSHOT_ID,
          { stepMs: settings.progressStepMs },
        );
        this.restoreJobs.put(
          DEMO_PROJECT_ID,
          DEMO_CLUSTER_NAME,
          demoProgressingRestoreJob(startedAt),
        );
        this.restoreJobs.scheduleProgress(
          DEMO_PROJECT_ID,
          DEMO_CLUSTER_NAME,
          DEMO_PROGRESSING_RESTORE_JOB_ID,
          { stepMs: settings.progressStepMs },
        );
      }
    }
    this.server = createServer((req, res) => {
      void this.dispatch(req, res);
    });
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  get baseUrl(): string {
    return this.origin;
  }

  get requests(): readonly RecordedRequest[] {
    return this.log.requests;
  }

  get tokensIssued(): number {
    return this.tokens.issuedCount;
  }

  tokenStats(): TokenStats {
    return this.tokens.stats();
  }

  /** Binds the server and learns the port it got. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.settings.port, this.settings.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === "string") {
      throw new Error("the emulator is not listening on a TCP port");
    }
    // IPv6 literals need brackets in a URL (RFC 3986 §3.2.2).
    const host = address.address.includes(":") ? `[${address.address}]` : address.address;
    this.origin = `http://${host}:${address.port}`;
  }

  count(filter?: RequestFilter): number {
    return this.log.count(filter);
  }

  reset(): void {
    this.log.clear();
    this.faults.clear();
    this.tokens.reset();
    this.digest.reset();
    this.store.cancelAllProgress();
    this.restoreJobs.cancelAllProgress();
  }

  putSnapshot(projectId: string, clusterName: string, snapshot: FlexSnapshotRecord): void {
    this.store.put(projectId, clusterName, snapshot);
  }

  removeSnapshot(projectId: string, clusterName: string, snapshotId: string): void {
    this.store.remove(projectId, clusterName, snapshotId);
  }

  setStatus(projectId: string, clusterName: string, snapshotId: string, status: string): void {
    this.store.setStatus(projectId, clusterName, snapshotId, status);
  }

  scheduleProgress(
    projectId: string,
    clusterName: string,
    snapshotId: string,
    schedule: ProgressSchedule,
  ): void {
    this.store.scheduleProgress(projectId, clusterName, snapshotId, schedule);
  }

  putRestoreJob(projectId: string, clusterName: string, restoreJob: FlexRestoreJobRecord): void {
    this.restoreJobs.put(projectId, clusterName, restoreJob);
  }

  removeRestoreJob(projectId: string, clusterName: string, restoreJobId: string): void {
    this.restoreJobs.remove(projectId, clusterName, restoreJobId);
  }

  setRestoreJobStatus(
    projectId: string,
    clusterName: string,
    restoreJobId: string,
    status: string,
  ): void {
    this.restoreJobs.setStatus(projectId, clusterName, restoreJobId, status);
  }

  scheduleRestoreJobProgress(
    projectId: string,
    clusterName: string,
    restoreJobId: string,
    schedule: ProgressSchedule,
  ): void {
    this.restoreJobs.scheduleProgress(projectId, clusterName, restoreJobId, schedule);
  }

  injectFault(fault: EmulatorFault): void {
    this.faults.inject(fault);
  }

  revokeAllTokens(): void {
    this.tokens.revokeAll();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) {
        clearTimeout(timer);
      }
      this.timers.clear();
      // server.close() only stops accepting; it waits for open connections, which a hanging
      // fault keeps open forever, so every socket is destroyed as well.
      this.server.close(() => resolve());
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });
    return this.closing;
  }

  /** Records a request, applies any fault, routes it and writes the answer. */
  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const record = this.log.record(req, url);
    try {
      // Credentials are checked as the request arrives, before any fault can answer it: a
      // Digest nonce count is spent even by a request answered 503 or never answered, as on a
      // server that enforces replay protection (RFC 7616 §3.4).
      const verdict = url.pathname.startsWith(API_PREFIX)
        ? this.authenticator.check(req)
        : undefined;
      const fault = this.faults.take(
        req.method ?? "GET",
        url.pathname,
        req.headers.authorization !== undefined,
      );
      const action: FaultAction =
        fault === undefined
          ? { kind: "proceed" }
          : faultAction(fault, (stale) => this.authenticator.challenge(stale));
      if (action.kind === "hang") {
        // Never answer; close() destroys the socket.
        return;
      }
      if (fault?.delayMs !== undefined) {
        await this.sleep(fault.delayMs);
      }
      switch (action.kind) {
        case "reset":
          // A TCP RST rather than a FIN, so that clients see ECONNRESET as on a dropped link.
          req.socket.resetAndDestroy();
          return;
        case "respond":
          this.send(res, record, action.reply);
          return;
        case "proceed": {
          const reply = await this.route(req, url, verdict);
          this.send(res, record, action.truncate === true ? truncateReply(reply) : reply);
          return;
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.send(
        res,
        record,
        atlasErrorReply(500, "UNEXPECTED_ERROR", `The emulator failed: ${message}`),
      );
    }
  }

  /** Decides the answer to a request that no fault caught. */
  private async route(
    req: IncomingMessage,
    url: URL,
    verdict: AuthVerdict | undefined,
  ): Promise<Reply> {
    const path = url.pathname;
    if (path === "/api/oauth/token") {
      return handleTokenRequest(req, this.oauth);
    }
    if (path === "/api/oauth/revoke") {
      return handleRevokeRequest(req, this.oauth);
    }
    const route = matchBackupRoute(path);
    if (route === undefined) {
      return atlasErrorReply(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${path}.`, [path]);
    }
    if (req.method !== "GET") {
      return atlasErrorReply(
        405,
        "METHOD_NOT_ALLOWED",
        `Method ${req.method ?? ""} is not allowed on ${path}.`,
        [req.method ?? ""],
        { Allow: "GET" },
      );
    }
    // `undefined` only for paths outside the API, which no backup route matches.
    if (verdict === undefined) return this.authenticator.notAuthorized();
    if ("refusal" in verdict) return this.authenticator.refusal(verdict.refusal);
    if (!this.authenticator.mayRead(verdict.principal, route.groupId)) {
      return this.authenticator.notAuthorized();
    }
    const version = negotiateVersion(req.headers.accept, { gone: this.settings.goneVersions });
    if (!version.ok) {
      return atlasErrorReply(version.status, version.errorCode, version.detail, version.parameters);
    }
    const sunset = this.settings.deprecatedVersions.get(version.requested);
    const common = {
      baseUrl: this.origin,
      forbiddenProjects: this.settings.forbiddenProjects,
      headers: sunset === undefined ? {} : deprecationHeaders(sunset),
    };
    return this.serve(route, url.searchParams, common);
  }

  /** Hands a backup request to the handler of its kind, with that kind's store. */
  private serve(
    route: BackupRoute,
    query: URLSearchParams,
    common: {
      baseUrl: string;
      forbiddenProjects: ReadonlySet<string>;
      headers: Record<string, string>;
    },
  ): Reply {
    return route.collection === "restoreJobs"
      ? handleBackupRequest(route, RESTORE_JOB_KIND, query, { ...common, store: this.restoreJobs })
      : handleBackupRequest(route, SNAPSHOT_KIND, query, { ...common, store: this.store });
  }

  /** Writes a reply unless the emulator is closing or the connection is gone. */
  private send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    if (this.closing !== undefined || res.destroyed || res.writableEnded) {
      return;
    }
    record.status = reply.status;
    res.writeHead(reply.status, {
      ...reply.headers,
      "Content-Length": String(Buffer.byteLength(reply.body)),
    });
    res.end(reply.body);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
