/**
 * `flex-snapshot restore-job get|list|wait`, run in-process through `runCli` against the local
 * Atlas emulator over real HTTP: the documents and tables, the restore gate and its exit codes,
 * the wait, bad input (exit 3 before any request), Atlas's errors, help, and the secret
 * `snapshotUrl`, which no run prints unless `--show-snapshot-url` asks for it.
 *
 * What this does not prove: the compiled executable (cli.test.ts runs it once, for snapshots).
 */
import { EXIT_CODES } from "../bin/cli";
import { clearTokenCache } from "../provider/atlas/auth";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  demoSnapshotUrl,
  startAtlasEmulator,
  type AtlasEmulator,
  type FlexRestoreJobRecord,
} from "../emulator";
import { runCliCaptured, type CliRun as Run } from "./support/cli";

const P = DEMO_PROJECT_ID;
const T = "0123456789abcdef01234567";
const S = "a0a0a0a0a0a0a0a0a0a0a001";
const OTHER_S = "a0a0a0a0a0a0a0a0a0a0a002";
/** A cluster with restore jobs of fixed times, for exact output. */
const ARCHIVE = "archive";
const IN_ARCHIVE = ["--project-id", P, "--cluster", ARCHIVE];
const RESTORED: FlexRestoreJobRecord = {
  id: "c0c0c0c0c0c0c0c0c0c0c001",
  status: "COMPLETED",
  deliveryType: "RESTORE",
  snapshotId: S,
  targetProjectId: T,
  targetDeploymentItemName: "archive-copy",
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-02T00:00:00Z",
  restoreFinishedDate: "2025-01-02T00:03:00Z",
};
const DOWNLOADED: FlexRestoreJobRecord = {
  id: "c0c0c0c0c0c0c0c0c0c0c002",
  status: "COMPLETED",
  deliveryType: "DOWNLOAD",
  snapshotId: S,
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-01T12:00:00Z",
  restoreFinishedDate: "2025-01-01T12:02:00Z",
  expirationDate: "2025-01-01T16:02:00Z",
  snapshotUrl: demoSnapshotUrl("c0c0c0c0c0c0c0c0c0c0c002"),
};
const BARE: FlexRestoreJobRecord = { id: "c0c0c0c0c0c0c0c0c0c0c003", status: "PENDING" };
/** A job a test moves along with `scheduleRestoreJobProgress`. */
const MOVING_ID = "c0c0c0c0c0c0c0c0c0c0c0ff";
const job = (id: string): string[] => [...IN_ARCHIVE, "--restore-job-id", id];
const orders = (id: string): string[] => [
  ...["--project-id", P, "--cluster", DEMO_CLUSTER_NAME],
  "--restore-job-id",
  id,
];
const described = (id: string, cluster = ARCHIVE) =>
  `restore job ${id} of flex cluster "${cluster}" in project ${P}`;
/** The download links the emulator hands out: never printed unless asked for. */
const LINKS = [demoSnapshotUrl(DOWNLOADED.id), demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID)];
const SIGNATURES = LINKS.map((link) => new URL(link).searchParams.get("X-Amz-Signature")!);
const SECRETS = [...LINKS, ...SIGNATURES, DEMO_CREDENTIALS.serviceAccounts[0]!.clientSecret];

let emulator: AtlasEmulator;
/** What every run printed without `--show-snapshot-url`, for the final check. */
const printed: string[] = [];

async function run(argv: readonly string[], isTTY = false): Promise<Run> {
  const result = await runCliCaptured(
    argv,
    {
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
      MONGODB_ATLAS_CLIENT_ID: DEMO_CREDENTIALS.serviceAccounts[0]!.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: DEMO_CREDENTIALS.serviceAccounts[0]!.clientSecret,
    },
    { isTTY, clientOptions: { retry: { minDelayMs: 1, maxDelayMs: 5 } } },
  );
  if (!argv.includes("--show-snapshot-url")) printed.push(result.stdout, result.stderr);
  return result;
}

const json = (result: Run): unknown => JSON.parse(result.stdout);

beforeAll(async () => {
  emulator = await startAtlasEmulator();
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
  for (const record of [RESTORED, DOWNLOADED, BARE]) emulator.putRestoreJob(P, ARCHIVE, record);
  emulator.removeRestoreJob(P, ARCHIVE, MOVING_ID);
});
afterAll(async () => emulator.close());

/** The JSON document of RESTORED, gate met. */
const RESTORED_DOCUMENT = {
  projectId: P,
  name: ARCHIVE,
  restoreJobId: RESTORED.id,
  status: "COMPLETED",
  deliveryType: "RESTORE",
  snapshotId: S,
  targetProjectId: T,
  targetDeploymentItemName: "archive-copy",
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-02T00:00:00Z",
  restoreFinishedDate: "2025-01-02T00:03:00Z",
  expirationDate: null,
  snapshotUrl: null,
  gate: { met: true, reasons: [] },
};

describe("exit 0: the restore gate is met", () => {
  test.each<[string, string[], unknown]>([
    ["get, no gate", ["restore-job", "get", ...job(RESTORED.id)], RESTORED_DOCUMENT],
    [
      "get with every restore gate flag",
      [
        "restore-job",
        "get",
        ...job(RESTORED.id),
        "--require-status",
        "COMPLETED",
        "--require-snapshot-id",
        S,
        "--require-target",
        "archive-copy",
        "--require-target-project-id",
        T,
      ],
      RESTORED_DOCUMENT,
    ],
    [
      "get a DOWNLOAD job: its link hidden",
      ["restore-job", "get", ...job(DOWNLOADED.id)],
      {
        projectId: P,
        name: ARCHIVE,
        restoreJobId: DOWNLOADED.id,
        status: "COMPLETED",
        deliveryType: "DOWNLOAD",
        snapshotId: S,
        targetProjectId: null,
        targetDeploymentItemName: null,
        snapshotFinishedDate: "2025-01-01T00:02:25Z",
        restoreScheduledDate: "2025-01-01T12:00:00Z",
        restoreFinishedDate: "2025-01-01T12:02:00Z",
        expirationDate: "2025-01-01T16:02:00Z",
        snapshotUrl: "[secret]",
        gate: { met: true, reasons: [] },
      },
    ],
  ])("%s (JSON)", async (_, argv, document) => {
    const result = await run([...argv, "--output", "json"]);
    expect(result).toEqual({ code: EXIT_CODES.OK, stdout: expect.any(String), stderr: "" });
    expect(json(result)).toEqual(document);
    // The document's keys, in the model's order: a public interface.
    expect(Object.keys(json(result) as object)).toEqual(Object.keys(RESTORED_DOCUMENT));
  });

  test("--show-snapshot-url prints the link, and only then", async () => {
    const result = await run([
      "restore-job",
      "get",
      ...job(DOWNLOADED.id),
      "--output",
      "json",
      "--show-snapshot-url",
    ]);
    expect(result.code).toBe(EXIT_CODES.OK);
    expect((json(result) as { snapshotUrl: string }).snapshotUrl).toBe(DOWNLOADED.snapshotUrl);
  });

  test("get, as a table: key and value lines, the link hidden, - for what Atlas did not return", async () => {
    const result = await run(["restore-job", "get", ...job(DOWNLOADED.id)]);
    expect(result).toEqual({
      code: EXIT_CODES.OK,
      stderr: "",
      stdout: [
        `projectId                 ${P}`,
        `name                      ${ARCHIVE}`,
        `restoreJobId              ${DOWNLOADED.id}`,
        "status                    COMPLETED",
        "deliveryType              DOWNLOAD",
        `snapshotId                ${S}`,
        "targetProjectId           -",
        "targetDeploymentItemName  -",
        "snapshotFinishedDate      2025-01-01T00:02:25Z",
        "restoreScheduledDate      2025-01-01T12:00:00Z",
        "restoreFinishedDate       2025-01-01T12:02:00Z",
        "expirationDate            2025-01-01T16:02:00Z",
        "snapshotUrl               [secret]",
        "gate                      met",
        "",
      ].join("\n"),
    });
  });

  test("list, as a table: the model's columns, newest first, no link column", async () => {
    const result = await run(["restore-job", "list", ...IN_ARCHIVE]);
    expect(result).toEqual({
      code: EXIT_CODES.OK,
      stderr: "",
      stdout: [
        "ID                        STATUS     DELIVERY  SNAPSHOT                  TARGET        SCHEDULED             FINISHED",
        `${RESTORED.id}  COMPLETED  RESTORE   ${S}  archive-copy  2025-01-02T00:00:00Z  2025-01-02T00:03:00Z`,
        `${DOWNLOADED.id}  COMPLETED  DOWNLOAD  ${S}  -             2025-01-01T12:00:00Z  2025-01-01T12:02:00Z`,
        `${BARE.id}  PENDING    -         -                         -             -                     -`,
        "",
      ].join("\n"),
    });
  });

  test.each<[string, string[], string | null]>([
    ["list (JSON): the link hidden", [], "[secret]"],
    ["list (JSON) --show-snapshot-url", ["--show-snapshot-url"], DOWNLOADED.snapshotUrl!],
  ])("%s", async (_, extra, link) => {
    const result = await run(["restore-job", "list", ...IN_ARCHIVE, "--output", "json", ...extra]);
    expect(result.code).toBe(EXIT_CODES.OK);
    const document = json(result) as { projectId: string; name: string; results: object[] };
    expect([document.projectId, document.name]).toEqual([P, ARCHIVE]);
    expect(document.results.map((item) => Object.values(item))).toEqual([
      [
        RESTORED.id,
        "COMPLETED",
        "RESTORE",
        S,
        T,
        "archive-copy",
        "2025-01-01T00:02:25Z",
        "2025-01-02T00:00:00Z",
        "2025-01-02T00:03:00Z",
        null,
        null,
      ],
      [
        DOWNLOADED.id,
        "COMPLETED",
        "DOWNLOAD",
        S,
        null,
        null,
        "2025-01-01T00:02:25Z",
        "2025-01-01T12:00:00Z",
        "2025-01-01T12:02:00Z",
        "2025-01-01T16:02:00Z",
        link,
      ],
      [BARE.id, "PENDING", null, null, null, null, null, null, null, null, null],
    ]);
  });

  test("list reads every page of the demo cluster", async () => {
    const result = await run([
      "restore-job",
      "list",
      "--project-id",
      P,
      "--cluster",
      DEMO_CLUSTER_NAME,
      "--output",
      "json",
    ]);
    const ids = (json(result) as { results: { restoreJobId: string }[] }).results.map(
      (item) => item.restoreJobId,
    );
    expect(ids).toEqual([
      DEMO_RESTORE_JOB_IDS.PENDING,
      DEMO_RESTORE_JOB_IDS.QUEUED,
      DEMO_RESTORE_JOB_IDS.RUNNING,
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      DEMO_RESTORE_JOB_IDS.FAILED,
    ]);
  });
});

describe("exit 1: the restore gate is not met, and the document says why", () => {
  test.each<[string, string[], string[]]>([
    [
      "a FAILED job",
      [...orders(DEMO_RESTORE_JOB_IDS.FAILED), "--require-status", "COMPLETED"],
      ["is FAILED; required status COMPLETED"],
    ],
    [
      "another snapshot, into another cluster and project",
      [
        ...job(RESTORED.id),
        "--require-snapshot-id",
        OTHER_S,
        "--require-target",
        "reports",
        "--require-target-project-id",
        P,
      ],
      [
        `restores snapshot ${S}; required snapshot ${OTHER_S}`,
        'restores into cluster "archive-copy"; required cluster "reports"',
        `restores into project ${T}; required project ${P}`,
      ],
    ],
    [
      "a DOWNLOAD job, which restores into no cluster",
      [...job(DOWNLOADED.id), "--require-target", "archive-copy"],
      ['names no target cluster; required cluster "archive-copy"'],
    ],
  ])("%s", async (_, args, reasons) => {
    const result = await run(["restore-job", "get", ...args, "--output", "json"]);
    expect(result.code).toBe(EXIT_CODES.GATE_NOT_MET);
    expect((json(result) as { gate: unknown }).gate).toEqual({ met: false, reasons });
    const id = args[args.indexOf("--restore-job-id") + 1]!;
    const cluster = args[args.indexOf("--cluster") + 1]!;
    expect(result.stderr).toBe(
      `flex-snapshot: gate not met: ${described(id, cluster)} ${reasons.join("; and it ")}\n`,
    );
  });
});

describe("waiting", () => {
  beforeEach(() =>
    emulator.putRestoreJob(P, ARCHIVE, {
      id: MOVING_ID,
      status: "PENDING",
      deliveryType: "DOWNLOAD",
      snapshotId: S,
    }),
  );

  test.each<[string, string[], "COMPLETED" | "FAILED", number]>([
    [
      "restore-job wait follows a job to COMPLETED",
      ["restore-job", "wait", ...job(MOVING_ID), "--timeout", "10s", "--interval", "1s"],
      "COMPLETED",
      EXIT_CODES.OK,
    ],
    [
      "restore-job get --wait follows a job to FAILED, which fails at once",
      ["restore-job", "get", ...job(MOVING_ID), "--wait", "10s", "--interval", "1s"],
      "FAILED",
      EXIT_CODES.GATE_NOT_MET,
    ],
  ])("%s", async (_, argv, final, code) => {
    // From the first read on, however long the run takes to reach it on a busy machine.
    emulator.scheduleRestoreJobProgress(P, ARCHIVE, MOVING_ID, {
      stepMs: 100,
      final,
      startOnFirstRead: true,
    });
    const result = await run([...argv, "--output", "json"], true);
    expect(result.code).toBe(code);
    const document = json(result) as Record<string, unknown>;
    expect(document["status"]).toBe(final);
    expect(document["snapshotUrl"]).toBe(final === "COMPLETED" ? "[secret]" : null);
    // On a terminal, one progress line per poll; then the verdict, if the gate failed.
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      new RegExp(`^waiting for ${described(MOVING_ID)}: PENDING after \\S+ \\(poll 1\\)$`),
    );
    expect(lines.at(-1)).toEqual(
      final === "FAILED"
        ? `flex-snapshot: gate not met: ${described(MOVING_ID)} is FAILED; required status COMPLETED`
        : expect.stringMatching(/: COMPLETED after \S+ \(poll \d+\)$/),
    );
  });

  test("a wait that runs out: exit 2, the error document", async () => {
    const result = await run([
      "restore-job",
      "wait",
      ...orders(DEMO_RESTORE_JOB_IDS.RUNNING),
      "--timeout",
      "1s",
      "--interval",
      "1s",
      "--output",
      "json",
    ]);
    expect(result.code).toBe(EXIT_CODES.WAIT_TIMED_OUT);
    expect(json(result)).toEqual({
      error: {
        kind: "WaitTimeoutError",
        message: expect.stringMatching(
          new RegExp(
            `^timed out after 1s waiting for ${described(DEMO_RESTORE_JOB_IDS.RUNNING, DEMO_CLUSTER_NAME)} to complete: its last status was RUNNING \\(\\d+ polls\\)$`,
          ),
        ),
      },
    });
  });
});

describe("exit 3: usage and input errors, before any request", () => {
  const hint = (command: string) => `run \`flex-snapshot restore-job ${command} --help\``;
  test.each<[string, string[], string]>([
    [
      "a missing restore job id",
      ["restore-job", "get", ...IN_ARCHIVE],
      `missing --restore-job-id; ${hint("get")}`,
    ],
    [
      "a short restore job id",
      ["restore-job", "get", ...job("c0c0")],
      'invalid --restore-job-id "c0c0": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "a target name with a slash",
      ["restore-job", "get", ...job(RESTORED.id), "--require-target", "a/b"],
      "invalid --require-target \"a/b\": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$",
    ],
    [
      "a bad snapshot id in the gate",
      ["restore-job", "get", ...job(RESTORED.id), "--require-snapshot-id", "latest"],
      'invalid --require-snapshot-id "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
    ],
    [
      "a bad target project id",
      [
        "restore-job",
        "wait",
        ...job(RESTORED.id),
        "--timeout",
        "1m",
        "--require-target-project-id",
        "x",
      ],
      'invalid --require-target-project-id "x": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "a bad timeout",
      ["restore-job", "wait", ...job(RESTORED.id), "--timeout", "2d"],
      'invalid --timeout "2d": expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
    ],
    [
      "--interval without --wait",
      ["restore-job", "get", ...job(RESTORED.id), "--interval", "5s"],
      `--interval needs --wait; ${hint("get")}`,
    ],
    [
      "a snapshot gate flag",
      ["restore-job", "get", ...job(RESTORED.id), "--max-age", "1h"],
      `unknown option '--max-age'; ${hint("get")}`,
    ],
    [
      "--show-snapshot-url with a value",
      ["restore-job", "list", ...IN_ARCHIVE, "--show-snapshot-url=yes"],
      `option '--show-snapshot-url' does not take an argument; ${hint("list")}`,
    ],
  ])("%s", async (_, argv, message) => {
    const result = await run([...argv, "--output", "json"]);
    expect(result.code).toBe(EXIT_CODES.USAGE);
    expect(result.stderr).toBe(`flex-snapshot: ${message}\n`);
    expect((json(result) as { error: { message: string } }).error.message).toBe(message);
    expect(emulator.count()).toBe(0);
  });
});

describe("exit 4: Atlas's errors", () => {
  test.each<[string, string[], () => void, string]>([
    [
      "an unknown restore job",
      ["restore-job", "get", ...job("c0c0c0c0c0c0c0c0c0c0c0ee")],
      () => undefined,
      `[404 Not Found] GET /api/atlas/v2/groups/${P}/flexClusters/${ARCHIVE}/backup/restoreJobs/c0c0c0c0c0c0c0c0c0c0c0ee: RESTORE_JOB_NOT_FOUND: No restore job with ID c0c0c0c0c0c0c0c0c0c0c0ee exists for flex cluster ${ARCHIVE}.`,
    ],
    [
      "an unknown cluster",
      ["restore-job", "list", "--project-id", P, "--cluster", "nope"],
      () => undefined,
      `[404 Not Found] GET /api/atlas/v2/groups/${P}/flexClusters/nope/backup/restoreJobs?pageNum=1&itemsPerPage=500&includeCount=true: CLUSTER_NOT_FOUND: No cluster named nope exists in group ${P}.`,
    ],
    [
      "a body cut off on the way, for a DOWNLOAD job",
      ["restore-job", "get", ...job(DOWNLOADED.id)],
      () => emulator.injectFault({ path: /\/restoreJobs\//, body: "truncatedJson" }),
      "",
    ],
  ])("%s", async (_, argv, arrange, message) => {
    arrange();
    const result = await run([...argv, "--output", "json"]);
    expect(result.code).toBe(EXIT_CODES.ATLAS);
    const { error } = json(result) as { error: { kind: string; message: string } };
    if (message !== "") expect(error.message).toMatch(message);
    expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
  });
});

describe("help", () => {
  test.each<[string[], string]>([
    [
      ["restore-job", "get", "--help"],
      "Usage: flex-snapshot restore-job get --project-id <id> --cluster <name> --restore-job-id <id> [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
    ],
    [
      ["restore-job", "list", "-h"],
      "Usage: flex-snapshot restore-job list --project-id <id> --cluster <name> [--show-snapshot-url]",
    ],
    [
      ["restore-job", "wait", "--help"],
      "Usage: flex-snapshot restore-job wait --project-id <id> --cluster <name> --restore-job-id <id> --timeout <dur> [--interval <dur>] [restore gate flags] [--show-snapshot-url]",
    ],
    [["restore-job", "--help"], "flex-snapshot: gate a CI step on a MongoDB Atlas Flex cluster"],
  ])("%j", async (argv, usage) => {
    const result = await run(argv);
    expect(result.code).toBe(EXIT_CODES.OK);
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect(result.stdout).toContain("--show-snapshot-url");
    expect(emulator.count()).toBe(0);
  });

  test("a restore job command's help lists its documents' keys from the model", async () => {
    const { stdout } = await run(["restore-job", "get", "--help"]);
    expect(stdout).toContain(
      [
        '  restore-job get  {"projectId", "name", "restoreJobId", "status", "deliveryType",',
        '                    "snapshotId", "targetProjectId", "targetDeploymentItemName",',
      ].join("\n"),
    );
    expect(stdout).toContain(
      'snapshotUrl (a DOWNLOAD job\'s bearer link to the backup) is "[secret]" unless',
    );
  });
});

afterAll(() => {
  // No run without --show-snapshot-url ever printed a download link or a credential.
  const all = printed.join("\n");
  for (const secret of SECRETS) expect(all).not.toContain(secret);
  expect(printed.length).toBeGreaterThan(40);
});
