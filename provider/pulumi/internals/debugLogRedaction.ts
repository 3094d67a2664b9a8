/**
 * Lookups' values kept out of Pulumi's debug log of the program's resource RPCs.
 *
 * Relies on (`@pulumi/pulumi` 3.248.0):
 * - `runtime/resource.js`: it loads the generated messages with `require("../proto/resource_pb")`
 *   and logs
 *   `log.debug(`ReadResource RPC finished: ${label}; err: ${rpcError}, resp: ${innerResponse}`)`
 *   and
 *   `log.debug(`RegisterResource RPC finished: ${label}; err: ${rpcErr}, resp: ${innerResponse}`)`,
 *   whose string form is the protobuf message's whole array form, secrets included (the engine
 *   shows debug messages with `--debug`, `-v=3` and up, and in `pulumi up --json`);
 * - `proto/resource_pb.js`: the classes `ReadResourceResponse` (`getUrn`, `getProperties`) and
 *   `RegisterResourceResponse` (`getUrn`, `getId`, `getObject`).
 *
 * When the check fails for any of them (no `runtime/resource.js`, messages loaded from
 * elsewhere, a statement, class or getter missing), {@link hideResponseValues} warns once:
 * the debug log then prints that response's values, a restore job's `snapshotUrl` included.
 * It runs in the Pulumi program (`sdk/nodejs/flexSnapshot.ts`, at load).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { warnFallback } from "./fallback";

/**
 * A response message of `@pulumi/pulumi`'s generated `proto/resource_pb` whose string form the
 * program's debug log prints, and how to summarise it without its values.
 */
interface DebugLoggedResponse {
  /** The message class in `proto/resource_pb`. */
  readonly message: string;
  /** The statement in `runtime/resource.js` that prints it. */
  readonly statement: string;
  /** The getters {@link summary} calls. */
  readonly getters: readonly string[];
  /** Its values-free string form: ids and a count of properties. */
  summary(response: Record<string, () => unknown>): string;
}

/** How many fields a `google.protobuf.Struct` (or its absence) has. */
function fieldCount(struct: unknown): number {
  const map = (
    struct as { getFieldsMap?: () => { getLength?: () => unknown } } | undefined
  )?.getFieldsMap?.();
  const length = map?.getLength?.();
  return typeof length === "number" ? length : 0;
}

/** Says in the debug log why the values are missing. */
const HIDDEN_NOTE = "values hidden by pulumi-atlas-flex-snapshot";

/** What a program loses when a response's string form cannot be replaced. */
const DEBUG_LOG_LOST =
  "Pulumi's debug log (--debug) of resource RPCs prints lookups' values, secrets such as a " +
  "restore job's snapshotUrl included";

/**
 * The responses whose values {@link hideResponseValues} keeps out of the debug log: every lookup
 * of this package is a read (`ReadResource`), and a resource that takes a lookup's output as an
 * input (a restore job's `snapshotUrl`) gets it back in its `RegisterResource` response. The
 * package makes no invoke or call, whose responses Pulumi logs the same way.
 */
export const DEBUG_LOGGED_RESPONSES: readonly DebugLoggedResponse[] = [
  {
    message: "ReadResourceResponse",
    statement:
      "log.debug(`ReadResource RPC finished: ${label}; err: ${rpcError}, resp: ${innerResponse}`)",
    getters: ["getUrn", "getProperties"],
    summary: (response) =>
      `ReadResourceResponse(urn=${String(response["getUrn"]!())}, ` +
      `${fieldCount(response["getProperties"]!())} properties; ${HIDDEN_NOTE})`,
  },
  {
    message: "RegisterResourceResponse",
    statement:
      "log.debug(`RegisterResource RPC finished: ${label}; err: ${rpcErr}, resp: ${innerResponse}`)",
    getters: ["getUrn", "getId", "getObject"],
    summary: (response) =>
      `RegisterResourceResponse(urn=${String(response["getUrn"]!())}, ` +
      `id=${String(response["getId"]!())}, ` +
      `${fieldCount(response["getObject"]!())} properties; ${HIDDEN_NOTE})`,
  },
];

/** How `runtime/resource.js` loads the generated messages (so the same module instance). */
const RESOURCE_PB_REQUIRE = 'require("../proto/resource_pb")';

/** Marks a prototype whose `toString` is already replaced. */
const HIDDEN_MARK = Symbol.for("pulumi-atlas-flex-snapshot.hiddenResponseValues");

/**
 * Gives the response messages in {@link DEBUG_LOGGED_RESPONSES} a string form without values
 * (their urn, id and number of properties), so that Pulumi's debug log of the program's
 * resource RPCs does not print a lookup's secrets (a restore job's `snapshotUrl`). Only for a
 * message whose class is in `proto/resource_pb` with the getters used, and whose debug
 * statement `runtime/resource.js` (which loads that very module) still has; any other message
 * keeps its string form, and its values stay in the debug log (which warns once). Idempotent;
 * never throws. The engine's own log of provider outputs at `-v=9` is out of its reach.
 *
 * @param pulumiDir - the `@pulumi/pulumi` to patch; by default the one this package loads,
 *   whose `runtime/resource.js` runs the package's reads.
 * @returns the messages whose string form is (now or already) values-free.
 */
export function hideResponseValues(pulumiDir?: string): string[] {
  const hidden: string[] = [];
  try {
    const dir = pulumiDir ?? path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const source = fs.readFileSync(path.join(dir, "runtime", "resource.js"), "utf8");
    if (source.includes(RESOURCE_PB_REQUIRE)) {
      // The path `runtime/resource.js` resolves `../proto/resource_pb` to: Node keeps one module
      // instance per resolved file, so these are its classes.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const proto = require(path.join(dir, "proto", "resource_pb")) as Record<string, unknown>;
      for (const response of DEBUG_LOGGED_RESPONSES) {
        const type = proto[response.message];
        const prototype =
          typeof type === "function"
            ? ((type as { prototype?: Record<string | symbol, unknown> }).prototype ?? undefined)
            : undefined;
        if (
          !prototype ||
          !source.includes(response.statement) ||
          !response.getters.every((getter) => typeof prototype[getter] === "function")
        ) {
          continue;
        }
        if (prototype[HIDDEN_MARK] !== true) {
          Object.defineProperty(prototype, "toString", {
            configurable: true,
            writable: true,
            value(this: Record<string, () => unknown>): string {
              try {
                return response.summary(this);
              } catch {
                return `${response.message}(${HIDDEN_NOTE})`;
              }
            },
          });
          Object.defineProperty(prototype, HIDDEN_MARK, { value: true, configurable: true });
        }
        hidden.push(response.message);
      }
    }
  } catch {
    // No @pulumi/pulumi, or not laid out as expected: responses print as Pulumi prints them.
  }
  if (hidden.length < DEBUG_LOGGED_RESPONSES.length) {
    warnFallback("hideResponseValues", DEBUG_LOG_LOST);
  }
  return hidden;
}
