/**
 * The adapter to Pulumi's internals (provider/pulumiInternals.ts): each reach does what it says
 * where what it relies on is there, and falls back where it is not. The provider host is
 * simulated by pointing `process.argv[1]` at a file laid out like the host's; the real host is
 * exercised by engineErrors.test.ts. This does not prove that a future Pulumi keeps any of it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as Errors from "../provider/errors";
import { GateError } from "../provider/errors";
import type * as Internals from "../provider/pulumiInternals";
import {
  asRunError,
  oneLine,
  quietOutput,
  readFailureMessage,
  settle,
} from "../provider/pulumiInternals";

test.each([
  ["one line", "one line"],
  [
    "GET /x: the response does not match:\n  ✖ Invalid input\n\n",
    "GET /x: the response does not match: ✖ Invalid input",
  ],
  ["a\r\nb", "a b"],
])("oneLine(%j)", (message, expected) => {
  expect(oneLine(message)).toBe(expected);
});

test.each([
  [
    "failed to read resource #6650c0de0000000000000004 'orders-x' [pulumi-nodejs:dynamic/atlas:FlexSnapshot]: snapshot is FAILED",
    "snapshot is FAILED",
  ],
  [
    "failed to read resource #a/b 'b-snapshots' [pulumi-nodejs:dynamic/atlas:FlexSnapshots]: 2 UNKNOWN: [404 Not Found] GET /x",
    "[404 Not Found] GET /x",
  ],
  ["something else: entirely", "something else: entirely"],
])("readFailureMessage(%j)", (message, expected) => {
  expect(readFailureMessage(new Error(message))).toBe(expected);
});

describe("forProviderHost", () => {
  const argv1 = process.argv[1] ?? "";
  const realConsoleError = console.error;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-host-"));
  });
  afterEach(() => {
    process.argv[1] = argv1;
    console.error = realConsoleError;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the module, with `process.argv[1]` at a host file holding `source`. */
  function inHost(
    source: string | undefined,
  ): typeof Internals & { HostError: typeof Errors.FlexSnapshotError } {
    if (source !== undefined) {
      const script = path.join(dir, "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
      fs.mkdirSync(path.dirname(script), { recursive: true });
      fs.writeFileSync(script, source);
      process.argv[1] = script;
    }
    let loaded: (typeof Internals & { HostError: typeof Errors.FlexSnapshotError }) | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      loaded = {
        ...(require("../provider/pulumiInternals") as typeof Internals),
        // The error class of that copy: `instanceof` checks against it.
        HostError: (require("../provider/errors") as typeof Errors).FlexSnapshotError,
      };
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    return loaded!;
  }

  /** What the host's catch block prints for `e`, as it prints it. */
  function hostPrint(e: Error): string {
    return `${String(e)}: ${e.stack}`;
  }

  test("outside the host the error is untouched", () => {
    const internals = inHost(undefined);
    const error = new internals.HostError("a\nb");
    const stack = error.stack;
    expect(internals.forProviderHost(error)).toBe(error);
    expect([error.message, error.stack]).toEqual(["a\nb", stack]);
  });

  test("in a host that prints `${e}: ${e.stack}`, that print is dropped once and nothing else is", () => {
    const printed: unknown[][] = [];
    console.error = (...args: unknown[]) => void printed.push(args);
    const internals = inHost("x; console.error(`${e}: ${e.stack}`); y;");
    const error = internals.forProviderHost(new internals.HostError("line one\nline two")) as Error;
    expect(error.message).toBe("line one line two");
    console.error(hostPrint(error));
    console.error(hostPrint(error));
    console.error("another line");
    expect(printed).toEqual([[hostPrint(error)], ["another line"]]);
  });

  test("in a host that prints otherwise, the stack is cut to its first line instead", () => {
    const internals = inHost("console.error(e);");
    const error = internals.forProviderHost(new internals.HostError("gate not met")) as Error;
    expect(error.stack).toBe("FlexSnapshotError: gate not met");
  });

  test("an error that is not this package's (a bug) keeps its stack in the host", () => {
    const internals = inHost("console.error(`${e}: ${e.stack}`);");
    const error = new TypeError("x is undefined\nsecond");
    const stack = error.stack;
    internals.forProviderHost(error);
    expect([error.message, error.stack]).toEqual(["x is undefined\nsecond", stack]);
  });
});

test("asRunError marks the package's errors so that Pulumi's RunError.isInstance accepts them", () => {
  const gate = asRunError(new GateError("not met"));
  expect([gate instanceof GateError, pulumi.RunError.isInstance(gate)]).toEqual([true, true]);
  // The marker is not enumerable: it does not show in JSON or util.inspect.
  expect(Object.keys(gate)).not.toContain("__pulumiRunError");
  const other = asRunError(new Error("a bug"));
  expect(pulumi.RunError.isInstance(other)).toBe(false);
});

describe("settle", () => {
  test("resolves a known output's value", async () => {
    await expect(settle(pulumi.output({ a: 1 }), (e) => e)).resolves.toEqual({ a: 1 });
  });

  test("rejects with what `failure` makes of a failed output", async () => {
    const failed = quietOutput(pulumi.output(Promise.reject(new Error("read failed"))));
    await expect(
      settle(failed, (e) => new GateError(`mapped: ${(e as Error).message}`)),
    ).rejects.toThrow(new GateError("mapped: read failed"));
  });

  test("without Output#promise(), falls back to apply", async () => {
    const fake = { apply: (f: (v: number) => unknown) => f(7) } as unknown as pulumi.Output<number>;
    await expect(settle(fake, (e) => e)).resolves.toBe(7);
  });
});
