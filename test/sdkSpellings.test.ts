/**
 * The keys of nested arguments as the generated SDKs send them (provider/pulumi/plugin/sdkSpellings.ts):
 * the Python spelling derived from the schema matches the committed `sdk/python`'s dict types,
 * and the plugin takes either spelling. The real plugin taking Python's dicts under the engine is
 * in test/engineLanguages.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ValidationError } from "../provider/atlas/errors";
import { packageSchema } from "../provider/pulumi/plugin/packageSchema";
import { pythonName, schemaSpelling } from "../provider/pulumi/plugin/sdkSpellings";

const GET = "atlasflex:index:getFlexSnapshot";
const RESTORE = "atlasflex:index:getFlexRestoreJob";

describe("pythonName", () => {
  test.each([
    ["status", "status"],
    ["maxAge", "max_age"],
    ["enforceInPreview", "enforce_in_preview"],
    ["targetDeploymentItemName", "target_deployment_item_name"],
    ["mongoDBVersion", "mongo_db_version"],
    ["SHA256Hash", "sha256_hash"],
    ["sha256Hash", "sha256_hash"],
    ["projectID", "project_id"],
  ])("%s → %s", (name, expected) => {
    expect(pythonName(name)).toBe(expected);
  });
});

describe("the committed Python SDK", () => {
  /** The keys of each `…Dict` TypedDict of `_inputs.py`, by type name without `Dict`. */
  function typedDictKeys(): Record<string, string[]> {
    const source = fs.readFileSync(
      path.join(__dirname, "..", "sdk", "python", "pulumi_atlasflex", "_inputs.py"),
      "utf8",
    );
    const keys: Record<string, string[]> = {};
    let current: string[] | undefined;
    for (const line of source.split("\n")) {
      const opened = /^class (\w+)Dict\(TypedDict\):/.exec(line);
      if (opened) keys[opened[1]!] = current = [];
      else if (/^\S/.test(line)) current = undefined;
      const key = /^ {4}(\w+): /.exec(line)?.[1];
      if (current !== undefined && key !== undefined) current.push(key);
    }
    return keys;
  }

  test("spells every input type's keys as pythonName derives them from the schema", () => {
    const types = (packageSchema() as { types: Record<string, { properties: object }> }).types;
    const dicts = typedDictKeys();
    const derived = Object.fromEntries(
      Object.keys(dicts).map((name) => [
        name,
        Object.keys(types[`atlasflex:index:${name}`]?.properties ?? {})
          .map(pythonName)
          .sort(),
      ]),
    );
    expect(Object.keys(dicts).sort()).toEqual([
      "FlexRestoreJobGate",
      "FlexSnapshotGate",
      "FlexSnapshotWait",
    ]);
    expect(Object.fromEntries(Object.entries(dicts).map(([k, v]) => [k, v.sort()]))).toEqual(
      derived,
    );
  });
});

describe("schemaSpelling", () => {
  test.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "Python's dict keys become the schema's",
      GET,
      {
        projectId: "p",
        require: { status: "COMPLETED", max_age: "24h", min_remaining: "1d" },
        wait: { timeout: "1m", interval: "5s", enforce_in_preview: true },
      },
      {
        projectId: "p",
        require: { status: "COMPLETED", maxAge: "24h", minRemaining: "1d" },
        wait: { timeout: "1m", interval: "5s", enforceInPreview: true },
      },
    ],
    [
      "the schema's own keys stay",
      GET,
      { require: { maxAge: "24h" }, wait: { timeout: "1m", enforceInPreview: false } },
      { require: { maxAge: "24h" }, wait: { timeout: "1m", enforceInPreview: false } },
    ],
    [
      "a restore job's gate",
      RESTORE,
      {
        require: {
          snapshot_id: "s",
          target_deployment_item_name: "orders-restore",
          targetProjectId: "t",
        },
      },
      {
        require: {
          snapshotId: "s",
          targetDeploymentItemName: "orders-restore",
          targetProjectId: "t",
        },
      },
    ],
    [
      "arguments that are no object, untouched",
      GET,
      { require: "COMPLETED", snapshot_id: "x" },
      { require: "COMPLETED", snapshot_id: "x" },
    ],
  ])("%s", (_label, token, args, expected) => {
    expect(schemaSpelling(token, args)).toEqual(expected);
  });

  test.each<[string, string, Record<string, unknown>, ValidationError]>([
    [
      "a key of neither spelling, naming both",
      GET,
      { require: { max_agee: "366d" } },
      new ValidationError(
        "require.max_agee",
        "366d",
        "a key of FlexSnapshotGate (status, maxAge or max_age, minRemaining or min_remaining)",
      ),
    ],
    [
      "a wait's key of neither spelling",
      GET,
      { wait: { timeout: "1m", enforce: true } },
      new ValidationError(
        "wait.enforce",
        true,
        "a key of FlexSnapshotWait (timeout, interval, enforceInPreview or enforce_in_preview)",
      ),
    ],
    [
      "a key in both spellings",
      RESTORE,
      { require: { snapshotId: "a", snapshot_id: "b" } },
      new ValidationError(
        "require.snapshot_id",
        "b",
        "one of snapshotId and snapshot_id, not both (two spellings of FlexRestoreJobGate's snapshotId)",
      ),
    ],
  ])("refuses %s", (_label, token, args, error) => {
    expect(() => schemaSpelling(token, args)).toThrow(error);
  });
});
