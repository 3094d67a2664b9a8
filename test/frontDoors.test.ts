/**
 * Every lookup of the registry (provider/lookups/registry.ts) reaches every front door: the Node
 * SDK exports its function pair, the `flex-snapshot` CLI has a command that runs it, and the
 * `atlasflex` plugin serves it. The compiler checks what each door maps per subject; this checks
 * what it cannot: that an entry added to `LOOKUPS` is not silently missing from a door.
 */
import { commandLookups } from "../bin/commandTable";
import { LOOKUPS, type LookupKind } from "../provider/lookups/registry";
import { PLUGIN_FUNCTIONS } from "../provider/pulumi/plugin/functions";
import * as sdk from "../sdk/nodejs";

const KINDS = Object.keys(LOOKUPS) as LookupKind[];

test("the registry has the six lookups these doors were written for", () => {
  expect(KINDS.map((kind) => LOOKUPS[kind].function)).toEqual([
    "getFlexSnapshot",
    "getLatestFlexSnapshot",
    "getFlexSnapshots",
    "getFlexRestoreJob",
    "getLatestFlexRestoreJob",
    "getFlexRestoreJobs",
  ]);
});

test.each(KINDS)("%s: an SDK function pair, a CLI command and a plugin function", (kind) => {
  const fn = LOOKUPS[kind].function;
  const exported = sdk as unknown as Record<string, unknown>;
  const commands = Object.entries(commandLookups())
    .filter(([, lookup]) => lookup === kind)
    .map(([command]) => command);
  expect({
    promise: typeof exported[fn],
    output: typeof exported[`${fn}Output`],
    commands: commands.length > 0,
    plugin: `atlasflex:index:${fn}` in PLUGIN_FUNCTIONS,
  }).toEqual({ promise: "function", output: "function", commands: true, plugin: true });
});

test("each command runs a lookup of the registry", () => {
  expect(Object.values(commandLookups()).filter((kind) => !(kind in LOOKUPS))).toEqual([]);
});
