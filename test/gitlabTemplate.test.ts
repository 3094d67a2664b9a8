/**
 * The GitLab CI/CD component (templates/flex-snapshot-gate/template.yml) run as a GitLab runner
 * runs its job: the component's inputs interpolated (`$[[ inputs.x ]]`), the job's variables
 * and GitLab's predefined ones set, the `script:` lines run in order in one `sh`, with
 * `flex-snapshot` on the PATH as the built CLI (what the job's `before_script` installs), against
 * the emulator. Then the reports read as GitLab reads them: the dotenv file's `KEY=VALUE` lines
 * and the JUnit XML, for met, not met and error.
 *
 * The JUnit file is checked by exact text, not parsed: no XML parser is a dependency, and the
 * file is small and fully determined but for its times, which are masked first.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadAll } from "js-yaml";
import { REPORT_NAMES, dotenvName } from "../bin/report";
import { DEMO_CLUSTER_NAME, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import { CLI_EXECUTABLE } from "./support/cli";
import { TOKEN } from "./support/credentials";
import { useEmulator } from "./support/emulatorFixture";
import { REPO_ROOT } from "./support/providerHost";

const TEMPLATE = path.join(REPO_ROOT, "templates", "flex-snapshot-gate", "template.yml");

interface Job {
  variables: Record<string, string>;
  script: string[];
  artifacts: { reports: { dotenv: string; junit: string } };
}
interface Spec {
  spec: { inputs: Record<string, { default?: string }> };
}

/** The component with `inputs` interpolated, as GitLab includes it: its header and its job. */
function include(inputs: Record<string, string>): { spec: Spec; job: Job } {
  const text = fs.readFileSync(TEMPLATE, "utf8");
  const [spec] = loadAll(text) as [Spec, unknown];
  const values = Object.fromEntries(
    Object.entries(spec.spec.inputs).map(([name, input]) => [name, inputs[name] ?? input.default]),
  );
  const interpolated = text.replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`input ${name} is required`);
    return JSON.stringify(value);
  });
  const [, jobs] = loadAll(interpolated) as [Spec, Record<string, Job>];
  return { spec, job: jobs["flex-snapshot-gate"]! };
}

const atlas = useEmulator();

interface JobRun {
  readonly code: number;
  readonly log: string;
  readonly dotenv: string;
  readonly junit: string;
}

async function runJob(inputs: Record<string, string>): Promise<JobRun> {
  const { job } = include(inputs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitlab-job-"));
  const bin = path.join(dir, ".bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, "flex-snapshot"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_EXECUTABLE)} "$@"\n`,
    { mode: 0o755 },
  );
  // GitLab runs the script lines in one shell, stopping at the first that fails (`set -e`).
  const script = ["set -e", ...job.script].join("\n");
  const result = await new Promise<{ code: number; log: string }>((resolve) => {
    execFile(
      "sh",
      ["-c", script],
      {
        cwd: dir,
        env: {
          PATH: `${bin}:${process.env["PATH"] ?? ""}`,
          CI: "true",
          GITLAB_CI: "true",
          CI_PROJECT_DIR: dir,
          CI_JOB_NAME: "flex-snapshot-gate",
          ...job.variables,
          MONGODB_ATLAS_BASE_URL: atlas.emulator.baseUrl,
          MONGODB_ATLAS_ACCESS_TOKEN: TOKEN,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, log: stdout + stderr });
      },
    );
  });
  const read = (name: string): string => {
    const file = path.join(dir, name);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "(missing)";
  };
  const run = {
    ...result,
    dotenv: read(job.artifacts.reports.dotenv),
    junit: read(job.artifacts.reports.junit),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

/** The dotenv file as GitLab reads it: `KEY=VALUE` per line, the value as it stands. */
function parseDotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=[^\n]*$/);
        const eq = line.indexOf("=");
        return [line.slice(0, eq), line.slice(eq + 1)];
      }),
  );
}

/** The JUnit file with its times as `T`. */
const untimed = (xml: string): string => xml.replace(/time="\d+\.\d{3}"/g, 'time="T"');

const junit = (subject: string, counts: string, body: string): string =>
  [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="flex-snapshot" tests="1" ${counts} time="T">`,
    `  <testsuite name="flex-snapshot gate" tests="1" ${counts} time="T">`,
    `    <testcase classname="flex-snapshot" name="${subject}" time="T">${body}</testcase>`,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");

const IDS = DEMO_SNAPSHOT_IDS;
const BASE = { "project-id": DEMO_PROJECT_ID, cluster: DEMO_CLUSTER_NAME };
const LOOKED_AT = (id: string): string =>
  `snapshot ${id} of flex cluster &quot;${DEMO_CLUSTER_NAME}&quot; in project ${DEMO_PROJECT_ID}`;

const CASES = [
  {
    name: "met: the latest COMPLETED snapshot, finished within a day",
    inputs: { ...BASE, status: "COMPLETED", "require-status": "COMPLETED", "max-age": "1d" },
    code: 0,
    env: { OUTCOME: "met", STATUS: "COMPLETED", SNAPSHOT_ID: IDS.COMPLETED },
    junit: junit(
      `flex-snapshot latest ${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}`,
      `failures="0" errors="0"`,
      "",
    ),
  },
  {
    name: "not met: a FAILED snapshot",
    inputs: { ...BASE, "snapshot-id": IDS.FAILED, "require-status": "COMPLETED" },
    code: 1,
    env: { OUTCOME: "not-met", STATUS: "FAILED", SNAPSHOT_ID: IDS.FAILED },
    junit: junit(
      `flex-snapshot get ${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}`,
      `failures="1" errors="0"`,
      `\n      <failure type="not-met" message="${LOOKED_AT(IDS.FAILED)} is FAILED; required status COMPLETED">${LOOKED_AT(IDS.FAILED)} is FAILED; required status COMPLETED</failure>\n    `,
    ),
  },
  {
    name: "error: an invalid duration (no request sent)",
    inputs: { ...BASE, "max-age": "soon" },
    code: 3,
    env: { OUTCOME: "error", STATUS: "", SNAPSHOT_ID: "" },
    junit: expect.stringContaining(
      `<error type="error" message="invalid --max-age &quot;soon&quot;: expected`,
    ) as unknown as string,
  },
];

describe("the GitLab component's job", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const run = await runJob(c.inputs);
    expect(run.code).toBe(c.code);
    const dotenv = parseDotenv(run.dotenv);
    expect(Object.keys(dotenv)).toEqual(REPORT_NAMES.map(dotenvName));
    expect(dotenv).toMatchObject(
      Object.fromEntries(Object.entries(c.env).map(([k, v]) => [`FLEX_SNAPSHOT_${k}`, v])),
    );
    expect(untimed(run.junit)).toEqual(c.junit);
    if (c.code === 3) expect(atlas.emulator.count()).toBe(0);
    expect(run.log).not.toContain(TOKEN);
  });
});
