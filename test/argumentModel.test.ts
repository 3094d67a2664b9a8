/**
 * The argument table (provider/lookups/argumentModel.ts) is where the plugin's schema reads each
 * argument's doc; the SDK documents the same arguments in TSDoc, which cannot be read from data.
 * These tests hold the two to the same words and the same `@default`, so that a doc changed in
 * one place and not the other fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  GATE_DOC,
  GATE_FIELDS,
  LOOKUP_ARGUMENTS,
  RESTORE_GATE_DOC,
  RESTORE_GATE_FIELDS,
  WAIT_DOC,
  WAIT_FIELDS,
  type ArgumentSpec,
} from "../provider/lookups/argumentModel";

/** A TSDoc comment as one line of text, with its `@default` apart. */
interface Doc {
  readonly doc: string;
  readonly default?: string;
}

function parseDoc(comment: string): Doc {
  const lines = comment
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trim())
    .filter((line) => line !== "");
  const tag = lines.findIndex((line) => line.startsWith("@"));
  const text = (tag === -1 ? lines : lines.slice(0, tag)).join(" ");
  const def = lines.find((line) => line.startsWith("@default "))?.slice("@default ".length);
  return def === undefined ? { doc: text } : { doc: text, default: def };
}

/** The TSDoc of interface `name` in `sdk/nodejs/<file>`, and of each of its members. */
function sdkDocs(file: string, name: string): { doc: Doc; members: Record<string, Doc> } {
  const source = readFileSync(path.join(__dirname, "..", "sdk", "nodejs", file), "utf8");
  const start = source.indexOf(`export interface ${name} {`);
  if (start === -1) throw new Error(`no interface ${name} in sdk/nodejs/${file}`);
  const own = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(source.slice(0, start));
  const body = source.slice(start, source.indexOf("\n}\n", start));
  const members = Object.fromEntries(
    [...body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:readonly\s+)?(\w+)\??:/g)].map(
      ([, comment, member]) => [member!, parseDoc(comment!)],
    ),
  );
  return { doc: parseDoc(own?.[1] ?? ""), members };
}

/** A table's docs as {@link sdkDocs} reads TSDoc. */
function tableDocs(table: Record<string, ArgumentSpec>): Record<string, Doc> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [
      name,
      spec.default === undefined ? { doc: spec.doc } : { doc: spec.doc, default: spec.default },
    ]),
  );
}

describe("the argument table and the SDK's TSDoc say the same", () => {
  test.each<[string, string, string, Record<string, ArgumentSpec>, string]>([
    ["the gate", "flexSnapshot.ts", "FlexSnapshotGate", GATE_FIELDS, GATE_DOC],
    ["the wait", "flexSnapshot.ts", "FlexSnapshotWait", WAIT_FIELDS, WAIT_DOC],
    [
      "the restore gate",
      "flexRestoreJob.ts",
      "FlexRestoreJobGate",
      RESTORE_GATE_FIELDS,
      RESTORE_GATE_DOC,
    ],
  ])("%s (%s, %s)", (_label, file, name, table, doc) => {
    expect(sdkDocs(file, name)).toEqual({ doc: { doc }, members: tableDocs(table) });
  });

  test.each<[string, string, readonly (keyof typeof LOOKUP_ARGUMENTS)[]]>([
    [
      "getFlexSnapshot.ts",
      "GetFlexSnapshotOutputArgs",
      ["projectId", "name", "snapshotId", "apiVersion"],
    ],
    ["getFlexSnapshot.ts", "GetLatestFlexSnapshotOutputArgs", ["status"]],
    ["getFlexRestoreJob.ts", "GetFlexRestoreJobOutputArgs", ["restoreJobId", "apiVersion"]],
    ["getFlexRestoreJob.ts", "GetLatestFlexRestoreJobOutputArgs", ["apiVersion"]],
  ])("the lookups' arguments (%s, %s)", (file, name, args) => {
    const { members } = sdkDocs(file, name);
    const picked = Object.fromEntries(args.map((arg) => [arg, members[arg]]));
    expect(picked).toEqual(
      tableDocs(Object.fromEntries(args.map((a) => [a, LOOKUP_ARGUMENTS[a]]))),
    );
  });
});
