/**
 * The snapshot model (provider/models/snapshotModel.ts) is the one place a field is written: these
 * tests check that each layer reads it from there — the zod schema of Atlas's answer, the
 * provider's state, the SDK's output list, the CLI's JSON documents, columns and help — and that
 * each layer keeps its own convention for a value Atlas did not return. They do not prove the
 * SDK's declared outputs match the model: that is a compile-time check in sdk/nodejs/flexSnapshot.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { commandHelp } from "../bin/help";
import { formatListTable, listDocument, snapshotDocument, snapshotFields } from "../bin/render";
import { toSnapshotOutputs } from "../provider/pulumi/stateOutputs";
import { flexBackupSnapshotSchema } from "../provider/atlas/schema";
import {
  KNOWN_SNAPSHOT_STATUSES,
  SNAPSHOT_FIELD_NAMES,
  SNAPSHOT_FIELDS,
} from "../provider/models/snapshotModel";
import { SNAPSHOT_OUTPUTS } from "../sdk/nodejs/flexSnapshot";

const P = "6650c0de0000000000000a11";
const ATLAS_SNAPSHOT = {
  id: "6650c0de0000000000000005",
  status: "COMPLETED",
  mongoDBVersion: "8.0.4",
  scheduledTime: "2025-05-04T09:00:00Z",
  startTime: "2025-05-04T09:00:47Z",
  finishTime: "2025-05-04T09:02:28Z",
  expiration: "2025-05-12T09:02:28Z",
  links: [{ href: "https://cloud.mongodb.com/x", rel: "self" }],
};

describe("the snapshot model", () => {
  test("its fields, in the order of the CLI's JSON documents (a public interface)", () => {
    expect(SNAPSHOT_FIELD_NAMES).toEqual([
      "id",
      "snapshotId",
      "status",
      "mongoDbVersion",
      "scheduledTime",
      "startTime",
      "finishTime",
      "expiration",
    ]);
    expect(KNOWN_SNAPSHOT_STATUSES).toEqual([
      "PENDING",
      "QUEUED",
      "RUNNING",
      "FAILED",
      "COMPLETED",
    ]);
  });

  test.each(SNAPSHOT_FIELDS.map((field) => [field.result, field.atlas] as const))(
    "%s is read from Atlas's %s by the schema, and published under its result name by the provider and the CLI",
    (result, atlas) => {
      const parsed = flexBackupSnapshotSchema.parse(ATLAS_SNAPSHOT);
      expect(parsed[atlas]).toBe(ATLAS_SNAPSHOT[atlas]);
      expect(toSnapshotOutputs(parsed)[result]).toBe(ATLAS_SNAPSHOT[atlas]);
      expect(snapshotFields(parsed)[result]).toBe(ATLAS_SNAPSHOT[atlas]);
    },
  );

  test.each<[string, Record<string, unknown>, boolean]>([
    ["a timestamp field takes an ISO 8601 time", { finishTime: "2025-05-04T09:02:28Z" }, true],
    ["a timestamp field refuses other text", { finishTime: "yesterday" }, false],
    ["the status takes a status Atlas may add", { status: "ARCHIVED" }, true],
    ["a string field refuses a number", { mongoDBVersion: 8 }, false],
  ])("the schema's types come from the model: %s", (_, body, ok) => {
    expect(flexBackupSnapshotSchema.safeParse(body).success).toBe(ok);
  });

  test("the SDK's snapshot resources register every field but the identity as an output", () => {
    expect(SNAPSHOT_OUTPUTS).toEqual([
      "status",
      "mongoDbVersion",
      "scheduledTime",
      "startTime",
      "finishTime",
      "expiration",
    ]);
  });

  test("the SDK's declared outputs carry the model's doc lines", () => {
    // Pulumi needs them declared (see SnapshotLookup); the compiler checks their names and types.
    const file = readFileSync(
      path.join(__dirname, "..", "sdk", "nodejs", "flexSnapshot.ts"),
      "utf8",
    );
    const start = file.indexOf("abstract class SnapshotLookup");
    const source = file.slice(start, file.indexOf("\n}\n", start));
    const declared = Object.fromEntries(
      [...source.matchAll(/\/\*\* (.+) \*\/\n\s+declare readonly (\w+)/g)].map(([, doc, name]) => [
        name,
        doc,
      ]),
    );
    const modelDocs = Object.fromEntries(
      SNAPSHOT_FIELDS.filter((field) => field.result !== "id").map((field) => [
        field.result,
        field.doc,
      ]),
    );
    expect(declared).toEqual(modelDocs);
  });

  test("the list table's columns are the model's fields that have one", () => {
    const table = formatListTable(listDocument({ projectId: P, name: "orders" }, []));
    expect(table).toBe("ID  STATUS  MONGODB  SCHEDULED  STARTED  FINISHED  EXPIRES\n");
  });

  test("the help lists the documents' keys from the model", () => {
    expect(commandHelp("list")).toContain(
      [
        '{"projectId", "name", "results": [{"id", "snapshotId", "status",',
        `${" ".repeat(14)}"mongoDbVersion", "scheduledTime", "startTime", "finishTime",`,
        `${" ".repeat(14)}"expiration"}, ...]}`,
      ].join("\n"),
    );
    expect(commandHelp("get")).toContain(
      [
        '{"projectId", "name", "snapshotId", "id", "status", "mongoDbVersion",',
        `${" ".repeat(17)}"scheduledTime", "startTime", "finishTime", "expiration",`,
        `${" ".repeat(17)}"gate": {"met": true|false, "reasons": ["..."]}}`,
      ].join("\n"),
    );
  });
});

describe("a value Atlas did not return: one convention per layer", () => {
  const bare = flexBackupSnapshotSchema.parse({ id: "6650c0de0000000000000001" });

  test("state: the field is absent", () => {
    expect(toSnapshotOutputs(bare)).toEqual({
      id: "6650c0de0000000000000001",
      snapshotId: "6650c0de0000000000000001",
    });
  });

  test("CLI JSON: null, every key present in the model's order", () => {
    const fields = snapshotFields(bare);
    expect(Object.keys(fields)).toEqual(SNAPSHOT_FIELD_NAMES);
    expect(fields).toEqual({
      id: "6650c0de0000000000000001",
      snapshotId: "6650c0de0000000000000001",
      status: null,
      mongoDbVersion: null,
      scheduledTime: null,
      startTime: null,
      finishTime: null,
      expiration: null,
    });
  });

  test("CLI JSON without a snapshot: the cluster, the id asked for, and null for the rest", () => {
    const document = snapshotDocument({ projectId: P, name: "orders" }, undefined, {
      met: false,
      reasons: ["no snapshot"],
    });
    expect(JSON.stringify(document)).toBe(
      `{"projectId":"${P}","name":"orders","snapshotId":null,"id":null,"status":null,"mongoDbVersion":null,"scheduledTime":null,"startTime":null,"finishTime":null,"expiration":null,"gate":{"met":false,"reasons":["no snapshot"]}}`,
    );
  });
});
