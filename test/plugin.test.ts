/**
 * The `atlasflex` plugin as the engine runs it: the compiled launcher started as a process and
 * driven over gRPC (test/support/pluginProcess.ts), against the emulator, with a stand-in engine
 * that receives its logs. The real engine's side (the schema through `pulumi package
 * get-schema`, the preview flag and one-line errors under `pulumi preview`/`up`) is in
 * test/enginePlugin.test.ts.
 */
import {
  DEMO_CLUSTER_NAME as C,
  DEMO_PROJECT_ID as P,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { CONFIG_KEYS } from "../provider/atlas/settings";
import { FlexLookupProvider } from "../provider/pulumi/dynamicProvider";
import { RESTORE_JOB_FIELDS } from "../provider/models/restoreJobModel";
import { SNAPSHOT_FIELD_NAMES } from "../provider/models/snapshotModel";
import { packageSchema } from "../provider/pulumi/plugin/packageSchema";
import { CREDENTIAL_CASES, KEY, SA, SECRETS, TOKEN } from "./support/credentials";
import { FakeEngine, PLUGIN_BUILDS, PluginProcess } from "./support/pluginProcess";

const GET = "atlasflex:index:getFlexSnapshot";
const LATEST = "atlasflex:index:getLatestFlexSnapshot";
const LIST = "atlasflex:index:getFlexSnapshots";
const RESTORE = "atlasflex:index:getFlexRestoreJob";
const RESTORES = "atlasflex:index:getFlexRestoreJobs";
const LATEST_RESTORE = "atlasflex:index:getLatestFlexRestoreJob";
/** `LogSeverity` of engine_pb. */
const INFO = 1;
const WARNING = 2;
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A cluster of this suite's own, with snapshots whose every value is known. */
const CLUSTER = "plugin-orders";
const DONE = {
  id: "0000000000000000000000d1",
  status: "COMPLETED",
  mongoDBVersion: "8.0.4",
  scheduledTime: "2026-01-01T00:00:00Z",
  startTime: "2026-01-01T00:00:47Z",
  finishTime: "2026-01-01T00:02:28Z",
  expiration: "2099-01-09T00:02:28Z",
};
const RUNNING = {
  id: "0000000000000000000000d2",
  status: "RUNNING",
  mongoDBVersion: "8.0.4",
  scheduledTime: "2026-01-02T00:00:00Z",
  startTime: "2026-01-02T00:00:47Z",
};

/** A DOWNLOAD restore job, whose `snapshotUrl` is a bearer link: a secret. */
const DOWNLOAD = {
  id: "0000000000000000000000f1",
  status: "COMPLETED",
  deliveryType: "DOWNLOAD",
  snapshotId: DONE.id,
  snapshotFinishedDate: DONE.finishTime,
  restoreScheduledDate: "2026-01-03T00:00:00Z",
  restoreFinishedDate: "2026-01-03T00:05:00Z",
  expirationDate: "2099-01-03T04:05:00Z",
  snapshotUrl: "https://restore.example.invalid/d.tar.gz?X-Amz-Signature=plugin0test0signature",
};
/** A RESTORE job into a cluster, still running: no link, no finish. */
const RESTORING = {
  id: "0000000000000000000000f2",
  status: "RUNNING",
  deliveryType: "RESTORE",
  snapshotId: DONE.id,
  targetProjectId: P,
  targetDeploymentItemName: "orders-restore",
  snapshotFinishedDate: DONE.finishTime,
  restoreScheduledDate: "2026-01-04T00:00:00Z",
};
/** Every secret value a result, a message or a log must not show in the clear. */
const ALL_SECRETS = [...SECRETS, DOWNLOAD.snapshotUrl, "plugin0test0signature"];

/**
 * A restore job as the plugin's results carry it: `""` for what is absent, a `snapshotUrl` that
 * holds a link secret (an empty one plain, so that YAML does not hide a RESTORE job's result).
 */
function restoreResult(job: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    RESTORE_JOB_FIELDS.map((field) => {
      const value = job[field.atlas] ?? "";
      return [
        field.result,
        "secret" in field && field.secret && value !== ""
          ? { [SECRET_KEY]: SECRET_SIG, value }
          : value,
      ];
    }),
  );
}

/** A snapshot as every result carries it: the model's names, `""` for what Atlas did not return. */
function result(snapshot: Record<string, string>): Record<string, string> {
  const atlas: Record<string, string> = { ...snapshot, snapshotId: snapshot["id"]! };
  const byResult: Record<string, string> = { mongoDbVersion: snapshot["mongoDBVersion"] ?? "" };
  return Object.fromEntries(
    SNAPSHOT_FIELD_NAMES.map((name) => [name, byResult[name] ?? atlas[name] ?? ""]),
  );
}

/**
 * The message with which the Node SDK's path (the dynamic provider's `read`, as the SDK's
 * resources call it) fails the same lookup: what the plugin's invoke must fail with too.
 */
async function nodePathFailure(
  baseUrl: string,
  token: string,
  args: Record<string, unknown>,
): Promise<string> {
  const provider = new FlexLookupProvider({}, () => undefined);
  await provider.configure({
    config: {
      get: (key) => ({ "mongodbatlas:baseUrl": baseUrl, "mongodbatlas:accessToken": TOKEN })[key],
    },
  });
  const { status, ...rest } = args;
  const lookup = {
    [GET]: "snapshot",
    [LATEST]: "latest",
    [LIST]: "list",
    [RESTORE]: "restoreJob",
    [LATEST_RESTORE]: "latestRestoreJob",
    [RESTORES]: "restoreJobs",
  }[token];
  try {
    await provider.read("", { ...rest, lookup, statusFilter: status });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the Node path did not fail");
}

/** Resolves once `condition` holds, or after two seconds. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 2_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The same tests for each build of the plugin: the unbundled one and the bundled one.
describe.each(Object.entries(PLUGIN_BUILDS))("the %s plugin", (_build, build) => {
  let emulator: AtlasEmulator;
  let engine: FakeEngine;
  const plugins: PluginProcess[] = [];

  /** The provider properties that are secrets, which the engine sends wrapped. */
  const SECRET_PROPERTIES = Object.entries(CONFIG_KEYS)
    .filter(([, spec]) => spec.secret)
    .map(([key]) => key);

  /**
   * A plugin configured as the engine configures a provider instance: `Configure` with its
   * properties (`config`, keys without `atlasflex:`; the secret ones wrapped), or none.
   */
  async function startPlugin(
    config: Record<string, string> | undefined,
    env: Record<string, string> = {},
  ): Promise<PluginProcess> {
    const plugin = await PluginProcess.start(env, engine.address, build);
    plugins.push(plugin);
    if (config !== undefined) await plugin.configure(config, SECRET_PROPERTIES);
    return plugin;
  }

  /** The configuration of most tests: the emulator and its access token. */
  let plugin: PluginProcess;

  beforeAll(async () => {
    emulator = await startAtlasEmulator();
    emulator.putSnapshot(P, CLUSTER, DONE);
    emulator.putSnapshot(P, CLUSTER, RUNNING);
    emulator.putRestoreJob(P, CLUSTER, DOWNLOAD);
    emulator.putRestoreJob(P, CLUSTER, RESTORING);
    engine = await FakeEngine.start();
    plugin = await startPlugin({ baseUrl: emulator.baseUrl, accessToken: TOKEN });
  });
  beforeEach(() => {
    emulator.reset();
    engine.logs.length = 0;
  });
  afterAll(async () => {
    await Promise.all(plugins.map((p) => p.stop()));
    await engine.stop();
    await emulator.close();
  });

  describe("invokes", () => {
    test.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
      [
        "one snapshot by id",
        GET,
        { projectId: P, name: CLUSTER, snapshotId: DONE.id, require: { status: "COMPLETED" } },
        { ...result(DONE), name: CLUSTER, projectId: P },
      ],
      [
        "the latest snapshot (a RUNNING one: absent times are empty strings)",
        LATEST,
        { projectId: P, name: CLUSTER },
        { ...result(RUNNING), name: CLUSTER, projectId: P },
      ],
      [
        "the latest snapshot among a status, gated",
        LATEST,
        { projectId: P, name: CLUSTER, status: "COMPLETED", require: { maxAge: "366d" } },
        { ...result(DONE), name: CLUSTER, projectId: P },
      ],
      [
        "the list",
        LIST,
        { projectId: P, name: CLUSTER },
        {
          id: `${P}/${CLUSTER}`,
          name: CLUSTER,
          projectId: P,
          results: expect.arrayContaining([result(DONE), result(RUNNING)]),
        },
      ],
      [
        "a gate and a wait as Python's dict types spell them",
        GET,
        {
          projectId: P,
          name: CLUSTER,
          snapshotId: DONE.id,
          require: { status: "COMPLETED", max_age: "366d", min_remaining: "1d" },
          wait: { timeout: "5s", interval: "1s", enforce_in_preview: true },
        },
        { ...result(DONE), name: CLUSTER, projectId: P },
      ],
      [
        "arguments the program made secret",
        GET,
        {
          projectId: { [SECRET_KEY]: SECRET_SIG, value: P },
          name: CLUSTER,
          snapshotId: DONE.id,
          require: { [SECRET_KEY]: SECRET_SIG, value: { status: ["COMPLETED", "FAILED"] } },
        },
        { ...result(DONE), name: CLUSTER, projectId: P },
      ],
    ])("%s", async (_label, token, args, expected) => {
      const outcome = await plugin.invoke(token, args);
      expect(outcome).toEqual({ outputs: expected });
      if (token === LIST) {
        expect((outcome as { outputs: { results: unknown[] } }).outputs.results).toHaveLength(2);
      }
    });

    test.each<[string, string, Record<string, unknown>, string]>([
      [
        "an unmet status gate",
        GET,
        { projectId: P, name: CLUSTER, snapshotId: RUNNING.id, require: { status: "COMPLETED" } },
        `snapshot ${RUNNING.id} of flex cluster "${CLUSTER}" in project ${P} is RUNNING; required status COMPLETED`,
      ],
      [
        "an unmet gate of the latest",
        LATEST,
        { projectId: P, name: CLUSTER, require: { status: ["COMPLETED", "FAILED"] } },
        `snapshot ${RUNNING.id} of flex cluster "${CLUSTER}" in project ${P} is RUNNING; required status one of COMPLETED, FAILED`,
      ],
      [
        "no snapshot with the status",
        LATEST,
        { projectId: P, name: CLUSTER, status: "FAILED" },
        `flex cluster "${CLUSTER}" in project ${P} has no snapshot with status FAILED (2 snapshot(s) in all)`,
      ],
      [
        "a snapshot Atlas does not have",
        GET,
        { projectId: P, name: CLUSTER, snapshotId: "0000000000000000000000ff" },
        `[404 Not Found] GET /api/atlas/v2/groups/${P}/flexClusters/${CLUSTER}/backup/snapshots/0000000000000000000000ff`,
      ],
    ])(
      "%s fails the invoke with the Node path's one-line message",
      async (_l, token, args, start) => {
        const outcome = await plugin.invoke(token, args);
        const node = await nodePathFailure(emulator.baseUrl, token, args);
        expect([outcome, node.startsWith(start)]).toEqual([{ error: node }, true]);
      },
    );

    test("an unmet gate as Python's dict type spells it fails as the schema's spelling does", async () => {
      const args = { projectId: P, name: CLUSTER, status: "COMPLETED" };
      // The two calls' ages may differ by a second.
      const message = async (require: Record<string, unknown>) =>
        ((await plugin.invoke(LATEST, { ...args, require })) as { error?: string }).error?.replace(
          / finished \S+ ago /,
          " finished … ago ",
        );
      expect([await message({ max_age: "1s" }), await message({ maxAge: "1s" })]).toEqual([
        `snapshot ${DONE.id} of flex cluster "${CLUSTER}" in project ${P} finished … ago (at ${DONE.finishTime}); required finished within 1s`,
        `snapshot ${DONE.id} of flex cluster "${CLUSTER}" in project ${P} finished … ago (at ${DONE.finishTime}); required finished within 1s`,
      ]);
    });

    test.each<[string, string, Record<string, unknown>, string]>([
      [
        "a bad project id",
        GET,
        { projectId: "nope", name: C, snapshotId: DONE.id },
        'invalid projectId "nope": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "a missing snapshot id",
        GET,
        { projectId: P, name: C },
        "invalid snapshotId undefined: expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$",
      ],
      [
        "an argument the function does not have",
        GET,
        { projectId: P, name: C, snapshotId: DONE.id, requre: { status: "COMPLETED" } },
        'invalid requre {"status":"COMPLETED"}: expected an argument of atlasflex:index:getFlexSnapshot (projectId, name, snapshotId, require, wait, apiVersion)',
      ],
      [
        "a status the list does not take",
        LIST,
        { projectId: P, name: C, status: "COMPLETED" },
        'invalid status "COMPLETED": expected an argument of atlasflex:index:getFlexSnapshots (projectId, name, apiVersion)',
      ],
      [
        "a bad wait",
        LATEST,
        { projectId: P, name: C, wait: { timeout: "forever" } },
        'invalid wait.timeout "forever": expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
      ],
      [
        "a lower-case status",
        GET,
        { projectId: P, name: C, snapshotId: DONE.id, require: { status: "completed" } },
        'invalid require.status "completed": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
      ],
      [
        "a gate's key of neither the schema's nor Python's spelling",
        GET,
        { projectId: P, name: C, snapshotId: DONE.id, require: { max_agee: "366d" } },
        'invalid require.max_agee "366d": expected a key of FlexSnapshotGate (status, maxAge or max_age, minRemaining or min_remaining)',
      ],
      ["an unknown function", "atlasflex:index:getNothing", {}, ""],
    ])("%s fails before any request", async (_l, token, args, message) => {
      const outcome = await plugin.invoke(token, args);
      expect([outcome, emulator.count()]).toEqual([
        {
          error:
            message ||
            `unknown function ${token}: the atlasflex plugin has ${GET}, ${LATEST}, ${LIST}, ${RESTORE}, ${LATEST_RESTORE}, ${RESTORES}`,
        },
        0,
      ]);
    });

    test.each<[string, Record<string, unknown>, string]>([
      [
        "a bad argument the program made secret is not quoted",
        {
          projectId: { [SECRET_KEY]: SECRET_SIG, value: "not-a-project" },
          name: C,
          snapshotId: DONE.id,
        },
        'invalid projectId "[REDACTED]": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "nor one inside a secret object",
        {
          projectId: P,
          name: C,
          snapshotId: DONE.id,
          require: { [SECRET_KEY]: SECRET_SIG, value: { maxAge: "soon" } },
        },
        'invalid require.maxAge "[REDACTED]": expected a duration from 1s to 366d, such as "90s", "15m", "24h" or "7d"',
      ],
    ])("%s", async (_l, args, message) => {
      expect([await plugin.invoke(GET, args), emulator.count()]).toEqual([{ error: message }, 0]);
    });

    test("the provider server's own print of a failed invoke (with its stack) is not shown", async () => {
      await plugin.invoke(GET, { projectId: "nope", name: C, snapshotId: DONE.id });
      expect(plugin.output.stderr).toBe("");
    });
  });

  describe("restore job invokes", () => {
    test.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
      [
        "a DOWNLOAD job: its snapshotUrl is a secret in the result",
        RESTORE,
        {
          projectId: P,
          name: CLUSTER,
          restoreJobId: DOWNLOAD.id,
          require: { status: "COMPLETED" },
        },
        { ...restoreResult(DOWNLOAD), id: DOWNLOAD.id, name: CLUSTER, projectId: P },
      ],
      [
        "a RESTORE job gated on what it restores, and where",
        RESTORE,
        {
          projectId: P,
          name: CLUSTER,
          restoreJobId: RESTORING.id,
          require: {
            snapshotId: DONE.id,
            targetDeploymentItemName: "orders-restore",
            targetProjectId: P,
          },
        },
        { ...restoreResult(RESTORING), id: RESTORING.id, name: CLUSTER, projectId: P },
      ],
      [
        "the latest job of a snapshot (the RESTORE one, scheduled after the DOWNLOAD one), gated",
        LATEST_RESTORE,
        {
          projectId: P,
          name: CLUSTER,
          snapshotId: DONE.id,
          require: { targetDeploymentItemName: "orders-restore" },
        },
        { ...restoreResult(RESTORING), id: RESTORING.id, name: CLUSTER, projectId: P },
      ],
      [
        "the list: every snapshotUrl a secret",
        RESTORES,
        { projectId: P, name: CLUSTER },
        {
          id: `${P}/${CLUSTER}`,
          name: CLUSTER,
          projectId: P,
          results: expect.arrayContaining([restoreResult(DOWNLOAD), restoreResult(RESTORING)]),
        },
      ],
    ])("%s", async (_label, token, args, expected) => {
      const outcome = await plugin.invoke(token, args);
      expect(outcome).toEqual({ outputs: expected });
      if (token === RESTORES) {
        expect((outcome as { outputs: { results: unknown[] } }).outputs.results).toHaveLength(2);
      }
    });

    test.each<[string, string, Record<string, unknown>, string]>([
      [
        "an unmet target gate",
        RESTORE,
        {
          projectId: P,
          name: CLUSTER,
          restoreJobId: RESTORING.id,
          require: { targetDeploymentItemName: "elsewhere" },
        },
        `restore job ${RESTORING.id} of flex cluster "${CLUSTER}" in project ${P} restores into cluster "orders-restore"; required cluster "elsewhere"`,
      ],
      [
        "an unmet status gate on a DOWNLOAD job (the message holds no link)",
        RESTORE,
        { projectId: P, name: CLUSTER, restoreJobId: DOWNLOAD.id, require: { status: "FAILED" } },
        `restore job ${DOWNLOAD.id} of flex cluster "${CLUSTER}" in project ${P} is COMPLETED; required status FAILED`,
      ],
      [
        "no latest restore job of a snapshot",
        LATEST_RESTORE,
        { projectId: P, name: CLUSTER, snapshotId: RUNNING.id },
        `flex cluster "${CLUSTER}" in project ${P} has no restore job of snapshot ${RUNNING.id} (2 restore job(s) in all)`,
      ],
    ])("%s fails the invoke with the Node path's message", async (_l, token, args, message) => {
      const outcome = await plugin.invoke(token, args);
      const node = await nodePathFailure(emulator.baseUrl, token, args);
      expect([outcome, node]).toEqual([{ error: message }, message]);
    });

    test.each<[string, string, Record<string, unknown>, string]>([
      [
        "a bad restore job id",
        RESTORE,
        { projectId: P, name: CLUSTER, restoreJobId: "nope" },
        'invalid restoreJobId "nope": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
      ],
      [
        "a snapshot gate's option on a restore job",
        RESTORE,
        { projectId: P, name: CLUSTER, restoreJobId: DOWNLOAD.id, require: { maxAge: "1d" } },
        'invalid require.maxAge "1d": expected a key of FlexRestoreJobGate (status, snapshotId or snapshot_id, targetDeploymentItemName or target_deployment_item_name, targetProjectId or target_project_id)',
      ],
      [
        "a restore job id given to the list",
        RESTORES,
        { projectId: P, name: CLUSTER, restoreJobId: DOWNLOAD.id },
        `invalid restoreJobId "${DOWNLOAD.id}": expected an argument of ${RESTORES} (projectId, name, apiVersion)`,
      ],
    ])("%s fails before any request", async (_l, token, args, message) => {
      const outcome = await plugin.invoke(token, args);
      expect([outcome, emulator.count()]).toEqual([{ error: message }, 0]);
    });

    test("no snapshotUrl in the clear in results, errors, logs or the plugin's output", async () => {
      const outcomes = [
        await plugin.invoke(RESTORE, { projectId: P, name: CLUSTER, restoreJobId: DOWNLOAD.id }),
        await plugin.invoke(RESTORES, { projectId: P, name: CLUSTER }),
        await plugin.invoke(RESTORE, {
          projectId: P,
          name: CLUSTER,
          restoreJobId: DOWNLOAD.id,
          require: { status: "RUNNING" },
        }),
      ];
      // Each link appears only inside a secret: drop the secrets' values, then look.
      const shown = JSON.stringify(
        [outcomes, engine.logs, plugin.output],
        (_key, value: unknown) =>
          value !== null &&
          typeof value === "object" &&
          (value as Record<string, unknown>)[SECRET_KEY] === SECRET_SIG
            ? "[secret]"
            : value,
      );
      expect(ALL_SECRETS.filter((secret) => shown.includes(secret))).toEqual([]);
      expect(JSON.stringify(outcomes[0])).toContain(DOWNLOAD.snapshotUrl);
    });
  });

  describe("preview and wait", () => {
    const WAIT = { timeout: "1m", interval: "1s" };
    const args = { projectId: P, name: CLUSTER, snapshotId: RUNNING.id, wait: WAIT };

    test("in preview, a wait does not wait: the current status, and a warning to the engine", async () => {
      const outcome = await plugin.invoke(GET, args, true);
      // The warning is sent to the engine beside the answer, not before it.
      await until(() => engine.logs.length > 0);
      expect([outcome, emulator.count(), engine.logs]).toEqual([
        { outputs: { ...result(RUNNING), name: CLUSTER, projectId: P } },
        1,
        [
          [
            WARNING,
            `the gate is not met yet: snapshot ${RUNNING.id} of flex cluster "${CLUSTER}" in project ${P} is RUNNING; required status COMPLETED. \`pulumi up\` will wait up to 1m for it.`,
            "",
          ],
        ],
      ]);
    });

    test.each([
      ["in up", false, {}],
      ["in preview with enforceInPreview", true, { enforceInPreview: true }],
    ])(
      "%s, a wait polls until the snapshot completes, with progress to the engine",
      async (_l, preview, extra) => {
        const id = "0000000000000000000000d3";
        emulator.putSnapshot(P, CLUSTER, { ...RUNNING, id });
        emulator.scheduleProgress(P, CLUSTER, id, {
          stepMs: 1_500,
          from: "RUNNING",
          startOnFirstRead: true,
        });
        try {
          const outcome = await plugin.invoke(
            GET,
            { ...args, snapshotId: id, wait: { ...WAIT, ...extra } },
            preview,
          );
          expect(outcome).toEqual({
            outputs: expect.objectContaining({ id, snapshotId: id, status: "COMPLETED" }),
          });
          const progress = engine.logs.filter(([severity]) => severity === INFO).map(([, m]) => m);
          expect(progress[0]).toMatch(
            new RegExp(
              `^waiting for snapshot ${id} of flex cluster "${CLUSTER}" in project ${P}: RUNNING after \\d+m?s \\(poll 1\\)$`,
            ),
          );
          expect(emulator.count({ path: new RegExp(`/snapshots/${id}$`) })).toBeGreaterThan(1);
        } finally {
          emulator.removeSnapshot(P, CLUSTER, id);
        }
      },
    );
  });

  describe("credentials", () => {
    /** The properties of a case's provider: its `atlasflex:` keys without the prefix. */
    function pulumiConfig(config: Record<string, string>): Record<string, string> {
      return Object.fromEntries(
        Object.entries(config).map(([key, value]) => [key.replace(/^mongodbatlas:/, ""), value]),
      );
    }

    test.each(CREDENTIAL_CASES)(
      "%s: the invoke authenticates with it (the provider's properties, as the engine hands them to Configure)",
      async (_l, config, env) => {
        const p = await startPlugin({ ...pulumiConfig(config), baseUrl: emulator.baseUrl }, env);
        const outcome = await p.invoke(GET, { projectId: P, name: CLUSTER, snapshotId: DONE.id });
        await p.stop();
        const auth = emulator.requests
          .filter((r) => r.path.includes("/snapshots/"))
          .map((r) => r.authKind);
        // An API key signs with HTTP Digest: a challenge first, then the signed request.
        const digest = [...Object.keys(config), ...Object.keys(env)].some((k) => /public/i.test(k));
        expect([outcome, auth]).toEqual([
          { outputs: { ...result(DONE), name: CLUSTER, projectId: P } },
          digest ? ["none", "digest"] : ["bearer"],
        ]);
      },
    );

    test("only the atlasflex: namespace is read: mongodbatlas: keys are not the plugin's", async () => {
      const p = await startPlugin({ baseUrl: emulator.baseUrl, "mongodbatlas:accessToken": TOKEN });
      const outcome = await p.invoke(GET, { projectId: P, name: CLUSTER, snapshotId: DONE.id });
      expect([outcome, emulator.count()]).toEqual([
        {
          error:
            "no Atlas credentials found. Looked at the stack config keys atlasflex:accessToken, atlasflex:clientId, atlasflex:clientSecret, atlasflex:publicKey, atlasflex:privateKey and the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY. Set a service account (atlasflex:clientId and atlasflex:clientSecret, with --secret), an API key pair, or an access token.",
        },
        0,
      ]);
    });

    test("PULUMI_CONFIG (the stack's config, in every provider's process) is never read", async () => {
      const stack = JSON.stringify({ baseUrl: emulator.baseUrl, accessToken: TOKEN });
      const p = await startPlugin({}, { PULUMI_CONFIG: stack });
      const outcome = await p.invoke(GET, { projectId: P, name: CLUSTER, snapshotId: DONE.id });
      expect([(outcome as { error: string }).error.split(".")[0], emulator.count()]).toEqual([
        "no Atlas credentials found",
        0,
      ]);
    });

    test("no secret in results, errors, logs or the plugin's output", async () => {
      const p = await startPlugin({
        baseUrl: emulator.baseUrl,
        clientId: SA.clientId,
        clientSecret: `${SA.clientSecret}-wrong`,
      });
      const failed = await p.invoke(GET, { projectId: P, name: CLUSTER, snapshotId: DONE.id });
      const ok = await plugin.invoke(LIST, { projectId: P, name: CLUSTER });
      await p.stop();
      const seen = JSON.stringify([failed, ok, engine.logs, p.output, plugin.output]);
      expect([
        (failed as { error: string }).error.startsWith("[401"),
        // The remedy names what the default provider reads: the stack's atlasflex: config.
        (failed as { error: string }).error.includes(
          "(check the credentials (atlasflex:clientId and atlasflex:clientSecret in the stack config); ",
        ),
        SECRETS.filter((secret) => seen.includes(secret)),
      ]).toEqual([true, true, []]);
    });
  });

  describe("the same client", () => {
    test("one token for many invokes, revoked when the engine stops the plugin (SIGINT)", async () => {
      const before = emulator.tokenStats();
      const p = await startPlugin({
        baseUrl: emulator.baseUrl,
        clientId: SA.clientId,
        clientSecret: SA.clientSecret,
      });
      const args = { projectId: P, name: CLUSTER, snapshotId: DONE.id };
      const outcomes = [
        await p.invoke(GET, args),
        await p.invoke(LIST, { projectId: P, name: CLUSTER }),
      ];
      const during = emulator.tokenStats();
      await p.stop();
      const after = emulator.tokenStats();
      expect([
        outcomes.map((o) => "outputs" in o),
        during.minted - before.minted,
        after.revoked - before.revoked,
        after.live,
      ]).toEqual([[true, true], 1, 1, before.live]);
    });
  });

  describe("the schema", () => {
    test("GetSchema answers the schema generated from the models", async () => {
      expect(JSON.parse(await plugin.schema())).toEqual(packageSchema());
    });
  });

  describe("Handshake (engines since v3.143 call it first)", () => {
    test("answers the capabilities Configure declares", async () => {
      const p = await PluginProcess.start({}, engine.address, build);
      plugins.push(p);
      const handshake = await p.handshake(engine.address);
      const configure = await p.configure(
        { baseUrl: emulator.baseUrl, accessToken: TOKEN },
        SECRET_PROPERTIES,
      );
      expect([handshake, configure]).toEqual([
        {
          acceptSecrets: true,
          acceptResources: false,
          acceptOutputs: false,
          supportsAutonamingConfiguration: false,
        },
        {
          acceptsecrets: true,
          supportspreview: true,
          acceptresources: false,
          acceptoutputs: false,
          supportsAutonamingConfiguration: false,
        },
      ]);
    });

    test("the Log RPC goes to the handshake's engine address; without a handshake (older engines), to the argument's", async () => {
      const argumentEngine = await FakeEngine.start();
      try {
        const started = await Promise.all(
          [true, false].map(async (handshake) => {
            const p = await PluginProcess.start({}, argumentEngine.address, build);
            plugins.push(p);
            if (handshake) await p.handshake(engine.address);
            await p.configure({ baseUrl: emulator.baseUrl, accessToken: TOKEN }, SECRET_PROPERTIES);
            return p;
          }),
        );
        const [handshaken, legacy] = started as [PluginProcess, PluginProcess];
        // Each warns in preview with its own timeout, so that each log says which plugin sent it.
        const warn = (p: PluginProcess, timeout: string) =>
          p.invoke(
            GET,
            { projectId: P, name: CLUSTER, snapshotId: RUNNING.id, wait: { timeout } },
            true,
          );
        const outcomes = await Promise.all([warn(handshaken, "1m"), warn(legacy, "2m")]);
        await until(() => engine.logs.length > 0 && argumentEngine.logs.length > 0);
        const warning = (timeout: string) =>
          `the gate is not met yet: snapshot ${RUNNING.id} of flex cluster "${CLUSTER}" in project ${P} is RUNNING; required status COMPLETED. \`pulumi up\` will wait up to ${timeout} for it.`;
        expect([outcomes.map((o) => "outputs" in o), engine.logs, argumentEngine.logs]).toEqual([
          [true, true],
          [[WARNING, warning("1m"), ""]],
          [[WARNING, warning("2m"), ""]],
        ]);
      } finally {
        await argumentEngine.stop();
      }
    });
  });

  describe("provider instances: CheckConfig, DiffConfig, Configure", () => {
    const OWN = 'incomplete Atlas credentials in the properties of provider "prod"';
    const STACK = "incomplete Atlas credentials in the stack config";
    test.each<[string, string, Record<string, unknown>, [string, string][]]>([
      ["a service account", "prod", { clientId: SA.clientId, clientSecret: SA.clientSecret }, []],
      ["nothing at all (the environment may supply it)", "prod", {}, []],
      [
        "a client id without its secret",
        "prod",
        { clientId: SA.clientId },
        [["clientSecret", `${OWN}: clientId is set but clientSecret is not`]],
      ],
      [
        "a client id without its secret, in the default provider (the stack config)",
        "default_0_1_0",
        { clientId: SA.clientId },
        [["clientSecret", `${STACK}: atlasflex:clientId is set but atlasflex:clientSecret is not`]],
      ],
      [
        "a private key without its public key",
        "prod",
        { privateKey: KEY.privateKey },
        [["publicKey", `${OWN}: privateKey is set but publicKey is not`]],
      ],
      [
        "two kinds at once",
        "prod",
        { accessToken: TOKEN, publicKey: KEY.publicKey, privateKey: KEY.privateKey },
        [
          [
            "publicKey",
            'more than one kind of Atlas credentials in the properties of provider "prod"; using the access token (accessToken) and ignoring the API key (publicKey and privateKey)',
          ],
        ],
      ],
      [
        "a base URL that is not one",
        "prod",
        { accessToken: TOKEN, baseUrl: "ftp://atlas" },
        [
          [
            "baseUrl",
            'baseUrl "ftp://atlas" must use https:// (plain http:// is allowed only for a loopback host, so that credentials never travel unencrypted)',
          ],
        ],
      ],
      [
        "a base URL that is not one, in the default provider",
        "default",
        { accessToken: TOKEN, baseUrl: "ftp://atlas" },
        [
          [
            "baseUrl",
            'atlasflex:baseUrl "ftp://atlas" must use https:// (plain http:// is allowed only for a loopback host, so that credentials never travel unencrypted)',
          ],
        ],
      ],
      [
        "isMongodbgovCloud that is not a boolean",
        "prod",
        { accessToken: TOKEN, isMongodbgovCloud: "yes" },
        [["isMongodbgovCloud", 'isMongodbgovCloud "yes" must be true or false']],
      ],
    ])("CheckConfig of %s (provider %s)", async (_label, name, news, failures) => {
      expect([await plugin.checkConfig(news, name), emulator.count()]).toEqual([failures, 0]);
    });

    test("DiffConfig: a changed credential is an update of the provider, never a replacement", async () => {
      const olds = { version: "0.1.0", clientId: SA.clientId, clientSecret: "old", baseUrl: "x" };
      const news = { version: "0.2.0", clientId: SA.clientId, clientSecret: "new", baseUrl: "x" };
      expect([
        await plugin.diffConfig(olds, news),
        await plugin.diffConfig(olds, { ...olds }),
      ]).toEqual([
        { changes: 2, diffs: ["clientSecret"], replaces: [] },
        { changes: 1, diffs: [], replaces: [] },
      ]);
    });

    test("two providers, two accounts: each invoke uses its own provider's credentials", async () => {
      const byToken = await startPlugin({ baseUrl: emulator.baseUrl, accessToken: TOKEN });
      const byAccount = await startPlugin({
        baseUrl: emulator.baseUrl,
        clientId: SA.clientId,
        clientSecret: SA.clientSecret,
      });
      const wrong = await startPlugin({
        baseUrl: emulator.baseUrl,
        clientId: SA.clientId,
        clientSecret: `${SA.clientSecret}-wrong`,
      });
      const args = { projectId: P, name: CLUSTER, snapshotId: DONE.id };
      const outcomes = [
        await byToken.invoke(GET, args),
        await byAccount.invoke(GET, args),
        await wrong.invoke(GET, args),
      ];
      const auth = emulator.requests
        .filter((r) => r.path.includes("/snapshots/"))
        .map((r) => r.authKind);
      expect([outcomes.map((o) => ("outputs" in o ? "ok" : o.error.split(" ")[0])), auth]).toEqual([
        ["ok", "ok", "[401"],
        ["bearer", "bearer"],
      ]);
    });
  });
});
