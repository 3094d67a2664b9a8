/**
 * What a user sees under the real Pulumi engine when a lookup fails: for each kind of failure,
 * in `pulumi preview` and in `pulumi up`, the Diagnostics hold exactly one error line with the
 * lookup's message (the message the provider's error has, on one line), nothing prints a
 * JavaScript stack trace, and the message is not repeated anywhere else but in the progress row
 * the engine prints for the same diagnostic. Also: the Promise form under the engine, and
 * `pulumi preview --diff` after an `up` showing no change on a lookup.
 *
 * The expected message of each case is taken from the provider itself, run in this process
 * against the same emulator and fault, so the test checks what the engine does with a message
 * and stays true when a message's wording changes. Like engine.test.ts: fails in CI without a
 * Pulumi CLI, skipped elsewhere.
 */
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  type EmulatorFault,
} from "../emulator";
import { validateLookupArgs } from "../provider/lookups/validation";
import { FlexLookupProvider } from "../provider/pulumi/dynamicProvider";
import { oneLine } from "../provider/pulumi/internals";
import { TOKEN } from "./support/credentials";
import {
  engineFixture,
  type Example,
  type PulumiProject,
  type RunResult,
} from "./support/pulumiCli";

const engine = engineFixture();
const { stack } = engine;

const SNAPSHOT_GET = /\/flexClusters\/[^/]+\/backup\/snapshots\/[a-f0-9]{24}$/;
const UNKNOWN_SNAPSHOT = "6650c0de00000000000000ff";
const LOOKUP_TYPE = "pulumi-nodejs:dynamic/atlas:FlexSnapshot";

const COMMANDS = {
  preview: ["preview", "--non-interactive"],
  // Without the preview pass, so that the update's own read is the one that fails.
  up: ["up", "--yes", "--non-interactive", "--skip-preview"],
} as const;
type Command = keyof typeof COMMANDS;

/** The stack as the engine's rows name it: the Node examples' projects are `flex-snapshot-<scenario>`. */
const stackName = (example: Example): string =>
  `flex-snapshot-${example.slice(example.indexOf("/") + 1)}-dev`;

/** Runs `command` with `fault` injected (for as many requests as it makes). */
async function runWith(
  p: PulumiProject,
  command: Command,
  fault: EmulatorFault | undefined,
): Promise<RunResult> {
  engine.emulator.reset();
  if (fault) engine.emulator.injectFault(fault);
  try {
    return await p.run(COMMANDS[command]);
  } finally {
    engine.emulator.reset();
  }
}

/**
 * The Diagnostics section of a CLI run: each resource's header (`  <type> (<name>):`) and its
 * non-empty lines, unindented.
 */
function diagnostics(stdout: string): Record<string, string[]> {
  const lines = stdout.split("\n");
  const start = lines.indexOf("Diagnostics:");
  const sections: Record<string, string[]> = {};
  if (start < 0) return sections;
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level section (Outputs:, Resources:)
    const header = /^ {2}(\S.*):$/.exec(line);
    if (header) {
      current = sections[header[1]!] = [];
    } else if (line.trim() !== "" && current) {
      current.push(line.trim());
    }
  }
  return sections;
}

/**
 * Asserts the rest of "one line, no stack, no repeat": nothing on stderr, no stack frame or
 * source position anywhere, and the message on no line but `allowed` (each may be printed more
 * than once: the progress display repeats a row when it redraws).
 */
function expectOnlyOnce(result: RunResult, message: string, allowed: string[]): void {
  expect(result.stderr).toBe("");
  const lines = result.stdout.split("\n");
  expect(lines.filter((line) => /^\s*at\s|\.(js|ts):\d+/.test(line))).toEqual([]);
  expect([...new Set(lines.filter((line) => line.includes(message)))].sort()).toEqual(
    [...allowed].sort(),
  );
}

/** What the engine prints before a failed step's message, by command. */
const PREFIX: Record<Command, string> = { preview: "Preview failed: ", up: "" };
const STACK_FAILED: Record<Command, string> = {
  preview: "error: preview failed",
  up: "error: update failed",
};

/** The failures of a lookup that happen in the provider, through the gate example. */
const PROVIDER_CASES: [string, Record<string, string>, EmulatorFault | undefined, string][] = [
  [
    "Atlas's 404 for an unknown snapshot",
    { snapshotId: UNKNOWN_SNAPSHOT },
    undefined,
    "NotFoundError",
  ],
  [
    "Atlas's 400",
    {},
    { path: SNAPSHOT_GET, status: 400, errorCode: "INVALID_PARAMETER", times: 100 },
    "BadRequestError",
  ],
  ["an invalid argument", { projectId: "not-a-project-id" }, undefined, "ValidationError"],
  [
    "Atlas's 502 after every retry",
    {},
    { path: SNAPSHOT_GET, status: 502, times: 100 },
    "InternalServerError",
  ],
  [
    "a 200 whose body is an HTML page, not JSON",
    {},
    {
      path: SNAPSHOT_GET,
      status: 200,
      body: "html",
      times: 100,
    },
    "ResponseValidationError",
  ],
  ["an unmet gate", { snapshotId: DEMO_SNAPSHOT_IDS.FAILED }, undefined, "GateError"],
];

/** The error the provider itself gives for a case, run in this process. */
async function providerError(
  config: Record<string, string>,
  fault: EmulatorFault | undefined,
): Promise<Error> {
  const settings: Record<string, string> = {
    "mongodbatlas:baseUrl": engine.emulator.baseUrl,
    "mongodbatlas:accessToken": TOKEN,
  };
  const provider = new FlexLookupProvider({}, () => undefined);
  await provider.configure({ config: { get: (key) => settings[key] } });
  const snapshotId = config["snapshotId"] ?? DEMO_SNAPSHOT_IDS.COMPLETED;
  const props = {
    lookup: "snapshot",
    projectId: config["projectId"] ?? DEMO_PROJECT_ID,
    name: DEMO_CLUSTER_NAME,
    snapshotId,
    require: { status: ["COMPLETED"] },
  };
  engine.emulator.reset();
  if (fault) engine.emulator.injectFault(fault);
  try {
    await provider.read(snapshotId, props);
  } catch (error) {
    return error as Error;
  } finally {
    engine.emulator.reset();
  }
  throw new Error("expected the lookup to fail");
}

engine.describe("what a user sees when a lookup fails, under the real Pulumi engine", () => {
  describe.each(PROVIDER_CASES)("%s", (_label, config, fault, errorName) => {
    let p: PulumiProject;
    let message: string;
    beforeAll(async () => {
      const error = await providerError(config, fault);
      expect(error.name).toBe(errorName);
      message = oneLine(error.message);
      p = await stack("nodejs/gate", {
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        requiredStatus: "COMPLETED",
        markerPath: "restore-marker.json",
        ...config,
      });
    }, 120_000);

    test.each(Object.keys(COMMANDS) as Command[])(
      "%s shows one error line against the lookup",
      async (command) => {
        const result = await runWith(p, command, fault);
        expect(result.code).not.toBe(0);
        const shown = `error: ${PREFIX[command]}${message}`;
        expect(diagnostics(result.stdout)).toEqual({
          "pulumi:pulumi:Stack (flex-snapshot-gate-dev)": [STACK_FAILED[command]],
          [`${LOOKUP_TYPE} (nightly)`]: [shown],
        });
        expectOnlyOnce(result, message, [`    ${LOOKUP_TYPE} nightly  ${shown}`, `    ${shown}`]);
      },
      120_000,
    );
  });

  /** The message of the ValidationError that validating `projectId` gives. */
  function invalidProjectId(projectId: string): string {
    try {
      validateLookupArgs({ projectId, name: "orders", snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("expected a validation error");
  }

  describe.each<[string, Example]>([
    ["getFlexSnapshotOutput", "nodejs/quickstart"],
    ["getFlexSnapshot (the Promise form)", "nodejs/promise"],
  ])("an invalid argument to %s, thrown in the program", (_label, example) => {
    let p: PulumiProject;
    const message = invalidProjectId("not-a-project-id");
    beforeAll(async () => {
      p = await stack(example, {
        projectId: "not-a-project-id",
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      });
    }, 120_000);

    test.each(Object.keys(COMMANDS) as Command[])(
      "%s shows it as one line against the stack, as Pulumi shows a RunError",
      async (command) => {
        const result = await runWith(p, command, undefined);
        expect(result.code).not.toBe(0);
        expect(diagnostics(result.stdout)).toEqual({
          [`pulumi:pulumi:Stack (${stackName(example)})`]: [`error: ${message}`],
        });
        const stackRow = new RegExp(`^ \\+ {2}pulumi:pulumi:Stack ${stackName(example)} \\S+`);
        const rows = result.stdout.split("\n").filter((line) => line.includes(message));
        expect(
          rows.filter((line) => !stackRow.test(line) && line !== `    error: ${message}`),
        ).toEqual([]);
        expectOnlyOnce(result, message, [...new Set(rows)]);
        expect(engine.emulator.count()).toBe(0);
      },
      120_000,
    );
  });

  test.each(
    (["nodejs/promise", "nodejs/quickstart"] as const).flatMap((example) =>
      (Object.keys(COMMANDS) as Command[]).map((command) => [example, command] as const),
    ),
  )(
    "the %s example's unmet gate fails %s with one line against the stack (the lookup runs in the program), and the program does not hang",
    async (example, command) => {
      const p = await stack(example, { snapshotId: DEMO_SNAPSHOT_IDS.FAILED });
      const message = oneLine(
        (await providerError({ snapshotId: DEMO_SNAPSHOT_IDS.FAILED }, undefined)).message,
      );
      const result = await runWith(p, command, undefined);
      expect(result.code).not.toBe(0);
      expect(diagnostics(result.stdout)).toEqual({
        [`pulumi:pulumi:Stack (${stackName(example)})`]: [`error: ${message}`],
      });
      const stackRow = new RegExp(`^ \\+ {2}pulumi:pulumi:Stack ${stackName(example)} \\S+`);
      const rows = result.stdout.split("\n").filter((line) => line.includes(message));
      expect(
        rows.filter((line) => !stackRow.test(line) && line !== `    error: ${message}`),
      ).toEqual([]);
      expectOnlyOnce(result, message, [...new Set(rows)]);
    },
    120_000,
  );

  test("getFlexSnapshot resolves under the engine and exports plain values", async () => {
    const p = await stack("nodejs/promise", { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED });
    await p.ok(["up", "--yes", "--non-interactive"]);
    expect(await p.outputs()).toEqual({
      status: "COMPLETED",
      finishTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
  }, 120_000);

  test.each<[Example, Record<string, string>]>([
    ["nodejs/gate", { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED, markerPath: "restore-marker.json" }],
    ["nodejs/quickstart", { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED }],
    ["nodejs/promise", { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED }],
    ["nodejs/latest", {}],
  ])(
    "pulumi preview --diff after an up of the %s example shows no changed property",
    async (example, config) => {
      const p = await stack(example, config);
      await p.ok(["up", "--yes", "--non-interactive"]);
      const preview = await p.run([
        "preview",
        "--diff",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      expect(preview.code).toBe(0);
      // A changed, added or removed property is a line `~ key: old => new` / `+ key: …` / `- key: …`.
      expect(preview.stdout.split("\n").filter((line) => /^\s*[~+-]\s*\w+\s*:/.test(line))).toEqual(
        [],
      );
      expect(preview.stdout).toMatch(/Resources:\n\s+\d+ unchanged\n/);
    },
    120_000,
  );
});
