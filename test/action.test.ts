/**
 * The GitHub Action run as the runner runs it: `node` on the committed bundle (action.yml's
 * `runs.main`) with `INPUT_*` variables and the runner's files, against the emulator over real
 * HTTP; then the files read as the runner reads them. One table of outcomes (met, not met,
 * timed out, Atlas errors, bad input) with the exit code, the outputs, the annotations and the
 * summary of each; for every run, that no secret leaked and every mask came first. Also: the
 * committed bundle and action.yml are what `npm run build:action` makes from the sources.
 *
 * What this does not prove: the real runner (its parsing is re-implemented from its documented
 * formats), real Atlas.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { load } from "js-yaml";
import { REPORT_NAMES } from "../bin/report";
import { FLAGS, type FlagName } from "../bin/flags";
import { actionInputs, EXCLUDED_FLAGS, inputOfFlag, REQUIRED_INPUTS } from "../action/inputs";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
} from "../emulator";
import { SA, SECRETS, TOKEN } from "./support/credentials";
import { useEmulator } from "./support/emulatorFixture";
import { REPO_ROOT } from "./support/providerHost";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script: npm run build:action
const { buildAction } = require("../scripts/bundle-action.js") as {
  buildAction: (outDir: string) => Promise<{ bundle: string; metadata: string }>;
};

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}
const ACTION = load(fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionYml;
const BUNDLE = path.join(REPO_ROOT, ACTION.runs.main);

const IDS = DEMO_SNAPSHOT_IDS;
const LOOKED_AT = (id: string): string =>
  `snapshot ${id} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
const SNAPSHOTS = /\/backup\/snapshots(\/[a-f0-9]{24})?$/;

/** What one run of the action left: its exit, its log, and the runner's files as parsed. */
interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly files: string;
}

/**
 * Parses `$GITHUB_OUTPUT` as the runner does: `name=value` lines, or `name<<DELIMITER`, the
 * value's lines, and `DELIMITER` (the form `@actions/core` writes).
 */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else {
      const eq = line.indexOf("=");
      outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return outputs;
}

/** `INPUT_` + the name upper-cased, spaces as `_`, dashes kept: the runner's spelling. */
const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

const atlas = useEmulator();

/**
 * Runs the bundle with `inputs` (and action.yml's defaults, as the runner fills them in) and
 * `env`, the emulator as the Atlas origin.
 */
async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "action-run-"));
  const file = (name: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, "");
    return p;
  };
  const [output, summary, githubEnv] = [file("output"), file("summary"), file("env")];
  const defaults = Object.fromEntries(
    Object.entries(ACTION.inputs).flatMap(([name, spec]) =>
      spec.default === undefined ? [] : [[name, spec.default]],
    ),
  );
  const all = { "base-url": atlas.emulator.baseUrl, ...defaults, ...inputs };
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BUNDLE],
      {
        env: {
          PATH: process.env["PATH"],
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_ENV: githubEnv,
          RUNNER_TEMP: dir,
          ...Object.fromEntries(Object.entries(all).map(([k, v]) => [inputVariable(k), v])),
          ...env,
        },
        timeout: 40_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
  const read = (p: string): string => fs.readFileSync(p, "utf8");
  const run = {
    ...result,
    outputs: parseOutputFile(read(output)),
    summary: read(summary),
    files: read(output) + read(summary) + read(githubEnv),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

/** The workflow commands of a log: `::error::…`, `::warning::…`, `::add-mask::…`. */
const commands = (stdout: string, kind: string): string[] =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith(`::${kind}::`))
    .map((line) => line.slice(kind.length + 4));

const SERVICE_ACCOUNT = { "client-id": SA.clientId, "client-secret": SA.clientSecret };
const BY_ID = (id: string) => ({
  "project-id": DEMO_PROJECT_ID,
  cluster: DEMO_CLUSTER_NAME,
  "snapshot-id": id,
});

interface Case {
  readonly name: string;
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly before?: () => void;
  readonly code: number;
  readonly outputs: Record<string, string>;
  /** The `::error::` and `::warning::` annotations, in order. */
  readonly errors: readonly string[];
  readonly warnings?: readonly string[];
  /** Lines the summary holds. */
  readonly summary: readonly string[];
  /** Requests to the snapshot API; 0 for bad input. */
  readonly snapshotRequests: number;
  /** Whether a token was minted (and so must be revoked). */
  readonly minted: boolean;
}

const NOT_MET_FAILED = `${LOOKED_AT(IDS.FAILED)} is FAILED; required status COMPLETED`;
const LATEST_JOB = `restore job ${DEMO_RESTORE_JOB_IDS.PENDING} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
const NO_JOB = `flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} has no restore job of snapshot ${IDS.FAILED} (6 restore job(s) in all)`;

const CASES: readonly Case[] = [
  {
    name: "met: a COMPLETED snapshot, fresh enough",
    inputs: {
      ...BY_ID(IDS.COMPLETED),
      ...SERVICE_ACCOUNT,
      "require-status": "COMPLETED",
      "max-age": "1d",
    },
    code: 0,
    outputs: {
      outcome: "met",
      status: "COMPLETED",
      "snapshot-id": IDS.COMPLETED,
      message: `gate met: ${LOOKED_AT(IDS.COMPLETED)}`,
    },
    errors: [],
    summary: [
      "<strong>✅ Gate met</strong>",
      "<p>Gate: require-status: COMPLETED, max-age: 1d</p>",
      "<td>status</td><td>COMPLETED</td>",
    ],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "met: the latest COMPLETED snapshot, credentials from MONGODB_ATLAS_* variables",
    inputs: {
      "project-id": DEMO_PROJECT_ID,
      cluster: DEMO_CLUSTER_NAME,
      latest: "true",
      status: "COMPLETED",
      "require-status": "COMPLETED",
    },
    env: { MONGODB_ATLAS_ACCESS_TOKEN: TOKEN },
    code: 0,
    outputs: { outcome: "met", status: "COMPLETED", "snapshot-id": IDS.COMPLETED },
    errors: [],
    summary: ["<strong>✅ Gate met</strong>"],
    snapshotRequests: 1,
    minted: false,
  },
  {
    name: "met: a restore job of the COMPLETED snapshot into the demo target (no snapshot-url output)",
    inputs: {
      "project-id": DEMO_PROJECT_ID,
      cluster: DEMO_CLUSTER_NAME,
      "restore-job-id": DEMO_RESTORE_JOB_IDS.COMPLETED,
      "require-status": "COMPLETED",
      "require-snapshot-id": IDS.COMPLETED,
      "require-target": DEMO_TARGET_CLUSTER_NAME,
      ...SERVICE_ACCOUNT,
    },
    code: 0,
    outputs: {
      outcome: "met",
      "restore-job-id": DEMO_RESTORE_JOB_IDS.COMPLETED,
      "snapshot-id": IDS.COMPLETED,
      "target-deployment-item-name": DEMO_TARGET_CLUSTER_NAME,
      message: `gate met: restore job ${DEMO_RESTORE_JOB_IDS.COMPLETED} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`,
    },
    errors: [],
    summary: [
      "<strong>✅ Gate met</strong>",
      `<p>Gate: require-status: COMPLETED, require-snapshot-id: ${IDS.COMPLETED}, require-target: ${DEMO_TARGET_CLUSTER_NAME}</p>`,
    ],
    snapshotRequests: 0,
    minted: true,
  },
  {
    name: "met: the latest restore job of a snapshot (latest-restore-job: true), the PENDING one scheduled next",
    inputs: {
      "project-id": DEMO_PROJECT_ID,
      cluster: DEMO_CLUSTER_NAME,
      "latest-restore-job": "true",
      "snapshot-id": IDS.COMPLETED,
      "require-target": DEMO_TARGET_CLUSTER_NAME,
      ...SERVICE_ACCOUNT,
    },
    code: 0,
    outputs: {
      outcome: "met",
      "restore-job-id": DEMO_RESTORE_JOB_IDS.PENDING,
      status: "PENDING",
      "snapshot-id": IDS.COMPLETED,
      "target-deployment-item-name": DEMO_TARGET_CLUSTER_NAME,
      message: `gate met: ${LATEST_JOB}`,
    },
    errors: [],
    summary: [
      "<strong>✅ Gate met</strong>",
      `<p>Gate: require-target: ${DEMO_TARGET_CLUSTER_NAME}</p>`,
      `<td>restore-job-id</td><td>${DEMO_RESTORE_JOB_IDS.PENDING}</td>`,
    ],
    snapshotRequests: 0,
    minted: true,
  },
  {
    name: "not met: no restore job of that snapshot (latest-restore-job: true)",
    inputs: {
      "project-id": DEMO_PROJECT_ID,
      cluster: DEMO_CLUSTER_NAME,
      "latest-restore-job": "true",
      "snapshot-id": IDS.FAILED,
      "require-status": "COMPLETED",
      ...SERVICE_ACCOUNT,
    },
    code: 1,
    outputs: { outcome: "not-met", "restore-job-id": "", status: "", message: NO_JOB },
    errors: [NO_JOB],
    summary: ["<strong>❌ Gate not met</strong>", "<p>Gate: require-status: COMPLETED</p>"],
    snapshotRequests: 0,
    minted: true,
  },
  {
    name: "not met: FAILED",
    inputs: { ...BY_ID(IDS.FAILED), ...SERVICE_ACCOUNT, "require-status": "COMPLETED" },
    code: 1,
    outputs: { outcome: "not-met", status: "FAILED", message: NOT_MET_FAILED },
    errors: [NOT_MET_FAILED],
    summary: ["<strong>❌ Gate not met</strong>", "<td>status</td><td>FAILED</td>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "not met: FAILED, with fail-on-not-met: false (a warning, the step passes)",
    inputs: {
      ...BY_ID(IDS.FAILED),
      ...SERVICE_ACCOUNT,
      "require-status": "COMPLETED",
      "fail-on-not-met": "false",
    },
    code: 0,
    outputs: { outcome: "not-met", status: "FAILED" },
    errors: [],
    warnings: [`${NOT_MET_FAILED} (fail-on-not-met: false)`],
    summary: ["<strong>❌ Gate not met</strong>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "not met: still RUNNING",
    inputs: { ...BY_ID(IDS.RUNNING), ...SERVICE_ACCOUNT, "require-status": "COMPLETED" },
    code: 1,
    outputs: { outcome: "not-met", status: "RUNNING", "finish-time": "" },
    errors: [`${LOOKED_AT(IDS.RUNNING)} is RUNNING; required status COMPLETED`],
    summary: ["<strong>❌ Gate not met</strong>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "not met: too old",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT, "max-age": "1h" },
    code: 1,
    outputs: { outcome: "not-met", status: "COMPLETED" },
    errors: [
      expect.stringMatching(
        /^snapshot 6650c0de0000000000000005 of .* finished \d+h\d+m\d+s ago \(at [0-9T:-]+Z\); required finished within 1h$/,
      ) as unknown as string,
    ],
    summary: ["<strong>❌ Gate not met</strong>", "<p>Gate: max-age: 1h</p>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "not met: expiring too soon",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT, "min-remaining": "20d" },
    code: 1,
    outputs: { outcome: "not-met", status: "COMPLETED" },
    errors: [
      expect.stringMatching(
        /^snapshot 6650c0de0000000000000005 of .* expires in \w+ \(at [0-9T:-]+Z\); required at least 20d left$/,
      ) as unknown as string,
    ],
    summary: ["<strong>❌ Gate not met</strong>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "timed out: RUNNING past the wait",
    inputs: {
      ...BY_ID(IDS.RUNNING),
      ...SERVICE_ACCOUNT,
      "wait-timeout": "2s",
      "wait-interval": "1s",
    },
    code: 1,
    // The outputs say what the wait waited for and its last status (from the WaitTimeoutError).
    outputs: {
      outcome: "timed-out",
      status: "RUNNING",
      "snapshot-id": IDS.RUNNING,
      id: IDS.RUNNING,
    },
    errors: [
      expect.stringMatching(
        /^WaitTimeoutError: timed out after 2s waiting for snapshot 6650c0de0000000000000003 .*RUNNING/,
      ) as unknown as string,
    ],
    summary: [
      "<strong>⏱️ Timed out</strong>",
      "poll(s)</p>",
      "waiting for snapshot 6650c0de0000000000000003",
    ],
    snapshotRequests: 3,
    minted: true,
  },
  {
    name: "error: 401 from Atlas",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT },
    before: () => atlas.emulator.injectFault({ path: SNAPSHOTS, status: 401, times: 10 }),
    code: 1,
    outputs: { outcome: "error", status: "" },
    errors: [expect.stringMatching(/^AuthenticationError: .*401/) as unknown as string],
    summary: ["<strong>⚠️ Error</strong>", "<p>Gate: none (the lookup must succeed)</p>"],
    snapshotRequests: 2,
    minted: true,
  },
  {
    name: "error: 404, no such snapshot",
    inputs: { ...BY_ID("6650c0de00000000000000ff"), ...SERVICE_ACCOUNT },
    code: 1,
    outputs: { outcome: "error" },
    errors: [expect.stringMatching(/^NotFoundError: .*404/) as unknown as string],
    summary: ["<strong>⚠️ Error</strong>"],
    snapshotRequests: 1,
    minted: true,
  },
  {
    name: "met after a 429 (retried)",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT },
    before: () => atlas.emulator.injectFault({ path: SNAPSHOTS, status: 429, retryAfter: "0" }),
    code: 0,
    outputs: { outcome: "met", status: "COMPLETED" },
    errors: [],
    summary: ["<strong>✅ Gate met</strong>"],
    snapshotRequests: 2,
    minted: true,
  },
  {
    name: "error: 503 on every attempt",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT },
    before: () =>
      atlas.emulator.injectFault({ path: SNAPSHOTS, status: 503, retryAfter: "0", times: 50 }),
    code: 1,
    outputs: { outcome: "error" },
    errors: [expect.stringMatching(/^InternalServerError: .*503/) as unknown as string],
    summary: ["<strong>⚠️ Error</strong>"],
    snapshotRequests: 5,
    minted: true,
  },
  {
    name: "bad input: a duration that is none",
    inputs: { ...BY_ID(IDS.COMPLETED), ...SERVICE_ACCOUNT, "max-age": "soon" },
    code: 1,
    outputs: { outcome: "error", status: "" },
    errors: [
      expect.stringMatching(
        /^ValidationError: invalid max-age "soon": expected /,
      ) as unknown as string,
    ],
    summary: ["<strong>⚠️ Error</strong>", "<p>Gate: (inputs not valid)</p>"],
    snapshotRequests: 0,
    minted: false,
  },
  {
    name: "bad input: neither snapshot-id nor latest",
    inputs: { "project-id": DEMO_PROJECT_ID, cluster: DEMO_CLUSTER_NAME, ...SERVICE_ACCOUNT },
    code: 1,
    outputs: { outcome: "error" },
    errors: [
      "UsageError: no record chosen: set one of snapshot-id, latest: true, restore-job-id or latest-restore-job: true",
    ],
    summary: ["<strong>⚠️ Error</strong>"],
    snapshotRequests: 0,
    minted: false,
  },
  {
    name: "bad input: a gate that does not apply to a restore job",
    inputs: {
      "project-id": DEMO_PROJECT_ID,
      cluster: DEMO_CLUSTER_NAME,
      "restore-job-id": "6650c0de0000000000000b05",
      "max-age": "1d",
      ...SERVICE_ACCOUNT,
    },
    code: 1,
    outputs: { outcome: "error" },
    errors: ["UsageError: input max-age does not apply to a restore job (restore-job-id)"],
    summary: ["<strong>⚠️ Error</strong>"],
    snapshotRequests: 0,
    minted: false,
  },
];

describe("the action, run as the runner runs it", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    c.before?.();
    const run = await runAction(c.inputs, c.env);

    expect(run.code).toBe(c.code);
    expect(Object.keys(run.outputs)).toEqual(REPORT_NAMES);
    expect(run.outputs).toMatchObject(c.outputs);
    expect(commands(run.stdout, "error")).toEqual(c.errors);
    expect(commands(run.stdout, "warning")).toEqual(c.warnings ?? []);
    for (const line of c.summary) expect(run.summary).toContain(line);
    expect(run.summary).toContain(run.outputs["message"]!);
    expect(atlas.emulator.count({ path: SNAPSHOTS })).toBe(c.snapshotRequests);

    // Masks first, and no secret anywhere but in its mask.
    const lines = run.stdout.split("\n").filter((line) => line !== "");
    const masks = lines.filter((line) => line.startsWith("::add-mask::"));
    expect(lines.slice(0, masks.length)).toEqual(masks);
    const given = [c.inputs["client-secret"], c.env?.["MONGODB_ATLAS_ACCESS_TOKEN"]];
    expect(masks.map((line) => line.slice("::add-mask::".length)).sort()).toEqual(
      given.filter((s): s is string => s !== undefined).sort(),
    );
    const shown = lines.slice(masks.length).join("\n") + run.stderr + run.files;
    for (const secret of SECRETS) expect(shown).not.toContain(secret);

    // Every token minted was revoked before the step ended.
    const tokens = atlas.emulator.tokenStats();
    expect({ minted: tokens.minted > 0, live: tokens.live }).toEqual({ minted: c.minted, live: 0 });
    expect(tokens.revoked).toBe(tokens.minted);
  });
});

describe("action.yml and the bundle", () => {
  test("action.yml declares every input of the table, the required ones, every output", () => {
    const inputs = actionInputs();
    expect(Object.keys(ACTION.inputs)).toEqual(Object.keys(inputs));
    expect(
      Object.entries(ACTION.inputs)
        .filter(([, spec]) => spec.required === true)
        .map(([name]) => name),
    ).toEqual(REQUIRED_INPUTS);
    expect(Object.keys(ACTION.outputs)).toEqual(REPORT_NAMES);
    expect(ACTION.runs.using).toBe("node20");
  });

  test("every CLI flag is an input of action.yml or excluded with a reason", () => {
    const missing = (Object.keys(FLAGS) as FlagName[]).filter(
      (flag) => EXCLUDED_FLAGS[flag] === undefined && !(inputOfFlag(flag) in ACTION.inputs),
    );
    expect(missing).toEqual([]);
  });

  test("docs/pipelines.md's tables are action.yml's inputs (with required or default) and outputs", () => {
    const docs = fs.readFileSync(path.join(REPO_ROOT, "docs", "pipelines.md"), "utf8");
    const rows = [...docs.matchAll(/^\| `([a-z-]+)` +\| ([^|]*?) *\|/gm)].map(
      ([, name, second]) => [name, second],
    );
    const inputs = Object.entries(ACTION.inputs).map(([name, spec]) => [
      name,
      spec.required === true ? "required" : spec.default === undefined ? "" : `\`${spec.default}\``,
    ]);
    const outputs = Object.keys(ACTION.outputs);
    expect(rows.slice(0, inputs.length)).toEqual(inputs);
    expect(rows.slice(inputs.length).map(([name]) => name)).toEqual(outputs);
  });

  test("the committed bundle and action.yml are what `npm run build:action` makes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "action-build-"));
    try {
      const built = await buildAction(dir);
      expect(fs.readFileSync(built.metadata, "utf8")).toBe(
        fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8"),
      );
      // Compared by content, not printed: a 470 KiB diff helps no one; rebuild and commit.
      const same = fs.readFileSync(built.bundle).equals(fs.readFileSync(BUNDLE));
      expect(same ? "up to date" : "stale: run `npm run build:action` and commit").toBe(
        "up to date",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
