/**
 * The adapter to Pulumi's internals (provider/pulumi/internals/, one file per reach): each reach
 * does what it says where what it relies on is there, and falls back where it is not, saying so once (one line: the reach, the
 * behaviour lost, the installed `@pulumi/pulumi`). The provider host is simulated by pointing
 * `process.argv[1]` at a file laid out like the host's; the real host is exercised by
 * engineErrors.test.ts. This does not prove that a future Pulumi keeps any of it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as Errors from "../provider/atlas/errors";
import { GateError } from "../provider/lookups/errors";
import type * as Internals from "../provider/pulumi/internals";
import type * as Fallback from "../provider/pulumi/internals/fallback";
import {
  asRunError,
  engineAddressArg,
  DEBUG_LOGGED_RESPONSES,
  hideResponseValues,
  oneLine,
  quietOutput,
  readFailureMessage,
  settle,
} from "../provider/pulumi/internals";
import {
  fallbackLine,
  fallbacksWarned,
  inProviderHost,
  installedPulumiVersion,
  resetFallbackWarnings,
  setFallbackSink,
  TESTED_PULUMI_VERSION,
  warnFallback,
  type FallbackSink,
} from "../provider/pulumi/internals";

/** The lines the reaches' fallbacks print in the current test (none reach stderr). */
let fallbackLines: string[] = [];
let realSink: FallbackSink;
beforeEach(() => {
  fallbackLines = [];
  resetFallbackWarnings();
  realSink = setFallbackSink((line) => void fallbackLines.push(line));
});
afterEach(() => {
  setFallbackSink(realSink);
  resetFallbackWarnings();
});

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
        ...(require("../provider/pulumi/internals") as typeof Internals),
        // The error class of that copy: `instanceof` checks against it.
        HostError: (require("../provider/atlas/errors") as typeof Errors).FlexSnapshotError,
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

describe("engineInfoLog", () => {
  const argv = [...process.argv];
  let dir: string;
  let server: grpc.Server | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-host-"));
  });
  afterEach(async () => {
    process.argv.splice(0, process.argv.length, ...argv);
    fs.rmSync(dir, { recursive: true, force: true });
    if (server) await new Promise<void>((resolve) => server!.tryShutdown(() => resolve()));
    server = undefined;
  });

  /** A fresh copy of the module in a process whose arguments are the host's: script, engine. */
  function inHost(engine: string): typeof Internals {
    const script = path.join(dir, "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.writeFileSync(script, "");
    process.argv.splice(1, process.argv.length - 1, script, engine);
    let loaded: typeof Internals | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require("../provider/pulumi/internals") as typeof Internals;
    });
    return loaded!;
  }

  /** A real gRPC server on loopback serving the engine's `Log`, with Pulumi's own stubs. */
  async function engine(): Promise<{ address: string; logs: unknown[][] }> {
    const logs: unknown[][] = [];
    server = new grpc.Server();
    server.addService(engineGrpc.EngineService, {
      log: (
        call: { request: engineProto.LogRequest },
        callback: (error: null, reply: Empty) => void,
      ) => {
        const r = call.request;
        logs.push([r.getSeverity(), r.getMessage(), r.getUrn(), r.getEphemeral()]);
        callback(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server!.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    return { address: `127.0.0.1:${port}`, logs };
  }

  test("in the host, sends an INFO message against the resource to the engine at argv[2]", async () => {
    const { address, logs } = await engine();
    const send = inHost(address).engineInfoLog();
    expect(send).not.toBeNull();
    const error = await new Promise((resolve) =>
      send!("waiting: PENDING", "urn:pulumi:dev::p::t::n", Date.now() + 5_000, resolve),
    );
    expect([error, logs]).toEqual([
      null,
      [[engineProto.LogSeverity.INFO, "waiting: PENDING", "urn:pulumi:dev::p::t::n", false]],
    ]);
  });

  test("reports the RPC's failure to its caller when no engine answers", async () => {
    const { address } = await engine();
    await new Promise<void>((resolve) => server!.tryShutdown(() => resolve()));
    server = undefined;
    const send = inHost(address).engineInfoLog();
    const error = await new Promise((resolve) => send!("lost", "", Date.now() + 2_000, resolve));
    expect((error as grpc.ServiceError).code).toBe(grpc.status.UNAVAILABLE);
  });

  test.each([
    ["not the host", "main.js", "127.0.0.1:1"],
    ["no engine address", "host", ""],
    ["an engine address that is not host:port", "host", "--flag"],
  ])("is null with %s (the caller falls back to stderr)", (_label, script, engineArg) => {
    let loaded = inHost(engineArg);
    if (script !== "host") {
      process.argv[1] = path.join(dir, script);
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require("../provider/pulumi/internals") as typeof Internals;
      });
    }
    expect(loaded.engineInfoLog()).toBeNull();
  });

  test("is null when Pulumi's generated LogRequest lacks a setter it calls", async () => {
    const { address, logs } = await engine();
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    class LogRequest {
      setSeverity(): void {}
      setMessage(): void {}
      setUrn(): void {}
    }
    jest.doMock(require.resolve(path.join(pulumiDir, "proto", "engine_pb")), () => ({
      LogRequest,
      LogSeverity: { INFO: 1 },
    }));
    try {
      inHost(address);
      // Called in a fresh registry: the stubs come through provider/pulumi/protocol.ts, which an
      // earlier test may have loaded with the real ones.
      let log: unknown;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        log = (require("../provider/pulumi/internals") as typeof Internals).engineInfoLog();
      });
      expect([log, logs]).toEqual([null, []]);
    } finally {
      jest.dontMock(require.resolve(path.join(pulumiDir, "proto", "engine_pb")));
    }
  });
});

test.each<[readonly string[], string | undefined]>([
  [["127.0.0.1:4000"], "127.0.0.1:4000"],
  [["--logtostderr", "-v=9", "--tracing", "http://t:1", "127.0.0.1:4000"], "127.0.0.1:4000"],
  [["--logtostderr"], undefined],
  [[], undefined],
])("engineAddressArg(%j): the engine's address among a plugin's arguments", (args, expected) => {
  expect(engineAddressArg(args)).toBe(expected);
});

describe("hideResponseValues", () => {
  const SECRET = "https://backups.example/restore.tgz?X-Amz-Signature=abc123";
  const HIDDEN = "values hidden by pulumi-atlas-flex-snapshot";

  test("gives the installed Pulumi's read and register responses a string form without values", () => {
    expect(hideResponseValues()).toEqual(["ReadResourceResponse", "RegisterResourceResponse"]);
    // Idempotent.
    expect(hideResponseValues()).toEqual(["ReadResourceResponse", "RegisterResourceResponse"]);
    // The classes patched are those `runtime/resource.js` loads (`../proto/resource_pb`).
    const runtime = require.resolve("@pulumi/pulumi/runtime/resource.js");
    expect(require.resolve("@pulumi/pulumi/proto/resource_pb")).toBe(
      path.join(path.dirname(runtime), "..", "proto", "resource_pb.js"),
    );
    const read = new resourceProto.ReadResourceResponse();
    read.setUrn("urn:pulumi:dev::p::pulumi-nodejs:dynamic/atlas:FlexRestoreJob::job");
    read.setProperties(Struct.fromJavaScript({ snapshotUrl: SECRET, status: "COMPLETED" }));
    const register = new resourceProto.RegisterResourceResponse();
    register.setUrn("urn:pulumi:dev::p::example:App::app");
    register.setId("app-1");
    register.setObject(Struct.fromJavaScript({ source: SECRET }));
    // As the debug statements interpolate them.
    expect([`resp: ${read}`, `resp: ${register}`]).toEqual([
      `resp: ReadResourceResponse(urn=urn:pulumi:dev::p::pulumi-nodejs:dynamic/atlas:FlexRestoreJob::job, 2 properties; ${HIDDEN})`,
      `resp: RegisterResourceResponse(urn=urn:pulumi:dev::p::example:App::app, id=app-1, 1 properties; ${HIDDEN})`,
    ]);
    // The message itself is untouched.
    expect(read.getProperties()?.toJavaScript()).toEqual({
      snapshotUrl: SECRET,
      status: "COMPLETED",
    });
  });

  /** A `@pulumi/pulumi` laid out in a temp dir: `runtime/resource.js` and `proto/resource_pb.js`. */
  function fakePulumi(parts: {
    source?: string;
    classes?: Record<string, readonly string[]>;
  }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-pulumi-"));
    fs.mkdirSync(path.join(dir, "runtime"));
    fs.mkdirSync(path.join(dir, "proto"));
    if (parts.source !== undefined) {
      fs.writeFileSync(path.join(dir, "runtime", "resource.js"), parts.source);
    }
    const classes = Object.entries(parts.classes ?? {}).map(
      ([name, getters]) =>
        `exports.${name} = function ${name}() {};\n` +
        getters
          .map((g) => `exports.${name}.prototype.${g} = function () { return "x"; };\n`)
          .join("") +
        `exports.${name}.prototype.toString = function () { return ${JSON.stringify(SECRET)}; };\n`,
    );
    fs.writeFileSync(path.join(dir, "proto", "resource_pb.js"), classes.join(""));
    return dir;
  }

  const [READ, REGISTER] = DEBUG_LOGGED_RESPONSES;
  const LOADS = 'const resproto = __importStar(require("../proto/resource_pb"));';
  const BOTH = [LOADS, READ!.statement, REGISTER!.statement].join("\n");
  const CLASSES = {
    ReadResourceResponse: ["getUrn", "getProperties"],
    RegisterResourceResponse: ["getUrn", "getId", "getObject"],
  };
  test.each<[string, string | undefined, Record<string, readonly string[]>, string[]]>([
    ["as expected", BOTH, CLASSES, ["ReadResourceResponse", "RegisterResourceResponse"]],
    [
      "the read's debug statement changed",
      [LOADS, READ!.statement.replace("resp: ", "response: "), REGISTER!.statement].join("\n"),
      CLASSES,
      ["RegisterResourceResponse"],
    ],
    [
      "runtime/resource.js loads its messages from elsewhere",
      BOTH.replace("../proto/resource_pb", "./resource_pb"),
      CLASSES,
      [],
    ],
    ["no runtime/resource.js", undefined, CLASSES, []],
    [
      "no ReadResourceResponse class",
      BOTH,
      { RegisterResourceResponse: CLASSES.RegisterResourceResponse },
      ["RegisterResourceResponse"],
    ],
    [
      "a ReadResourceResponse without getProperties",
      BOTH,
      { ...CLASSES, ReadResourceResponse: ["getUrn"] },
      ["RegisterResourceResponse"],
    ],
  ])(
    "with a Pulumi where %s: hides only what is as expected",
    (_label, source, classes, expected) => {
      const dir = fakePulumi({ source, classes });
      try {
        expect(hideResponseValues(dir)).toEqual(expected);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proto = require(path.join(dir, "proto", "resource_pb")) as Record<
          string,
          new () => object
        >;
        const printed = Object.keys(classes).map((name) => String(new proto[name]!()));
        expect(printed).toEqual(
          Object.keys(classes).map((name) =>
            expected.includes(name)
              ? name === "ReadResourceResponse"
                ? `ReadResourceResponse(urn=x, 0 properties; ${HIDDEN})`
                : `RegisterResourceResponse(urn=x, id=x, 0 properties; ${HIDDEN})`
              : SECRET,
          ),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test("is empty, and throws nothing, where there is no Pulumi", () => {
    expect(hideResponseValues(path.join(os.tmpdir(), "flex-no-such-pulumi"))).toEqual([]);
  });
});

/** The version of the `@pulumi/pulumi` installed here, as the warnings name it. */
const INSTALLED = (
  JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  }
).version;

/** The line a reach's fallback prints, written out in full. */
function warning(reach: string, lost: string): string {
  return (
    `pulumi-atlas-flex-snapshot: @pulumi/pulumi ${INSTALLED} is not as expected (${reach}): ` +
    `${lost}; this package is tested with 3.248.0`
  );
}

describe("fallback warnings", () => {
  test("one line per reach per process, naming the reach, the loss and the installed version", () => {
    warnFallback("someReach", "something is lost");
    warnFallback("someReach", "something is lost");
    warnFallback("otherReach", "a line\nand another");
    expect([fallbackLines, fallbacksWarned()]).toEqual([
      [
        "pulumi-atlas-flex-snapshot: @pulumi/pulumi 3.248.0 is not as expected (someReach): something is lost; this package is tested with 3.248.0",
        "pulumi-atlas-flex-snapshot: @pulumi/pulumi 3.248.0 is not as expected (otherReach): a line and another; this package is tested with 3.248.0",
      ],
      ["someReach", "otherReach"],
    ]);
  });

  test("goes to stderr, newline-terminated, and never to stdout (a plugin's port is there)", () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      setFallbackSink();
      warnFallback("someReach", "something is lost");
      expect([stderr.mock.calls, stdout.mock.calls]).toEqual([
        [[`${warning("someReach", "something is lost")}\n`]],
        [],
      ]);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });

  test("never throws, even when its sink does", () => {
    setFallbackSink(() => {
      throw new Error("sink broke");
    });
    expect(() => warnFallback("someReach", "something is lost")).not.toThrow();
    expect(fallbacksWarned()).toEqual(["someReach"]);
  });

  test("is shared by fresh copies of the module: still once per process", () => {
    for (let i = 0; i < 2; i++) {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require("../provider/pulumi/internals/fallback") as typeof Fallback).warnFallback(
          "someReach",
          "something is lost",
        );
      });
    }
    expect(fallbackLines).toEqual([warning("someReach", "something is lost")]);
  });

  test("says so when @pulumi/pulumi cannot be resolved", () => {
    let line: string | undefined;
    let version: string | undefined = "unread";
    jest.isolateModules(() => {
      jest.doMock("@pulumi/pulumi/package.json", () => {
        throw new Error("Cannot find module '@pulumi/pulumi/package.json'");
      });
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require("../provider/pulumi/internals/fallback") as typeof Fallback;
        version = fresh.installedPulumiVersion();
        line = fresh.fallbackLine("someReach", "something is lost");
      } finally {
        jest.dontMock("@pulumi/pulumi/package.json");
      }
    });
    expect([version, line]).toEqual([
      undefined,
      "pulumi-atlas-flex-snapshot: @pulumi/pulumi (not installed) is not as expected (someReach): something is lost; this package is tested with 3.248.0",
    ]);
  });

  test("package.json's peer range starts at the one version tested, which is the one installed", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"),
    ) as {
      peerDependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect([
      manifest.peerDependencies["@pulumi/pulumi"],
      manifest.devDependencies["@pulumi/pulumi"],
      installedPulumiVersion(),
      fallbackLine("r", "l"),
    ]).toEqual([
      "^3.248.0",
      TESTED_PULUMI_VERSION,
      TESTED_PULUMI_VERSION,
      "pulumi-atlas-flex-snapshot: @pulumi/pulumi 3.248.0 is not as expected (r): l; this package is tested with 3.248.0",
    ]);
  });
});

describe("each reach, where its check fails, falls back and warns once", () => {
  const argv = [...process.argv];
  const realConsoleError = console.error;
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const providerPb = require.resolve("@pulumi/pulumi/proto/provider_pb");
  let dir: string;
  /** Undoes the mocks of the current test. */
  let unmock: string[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-fallback-"));
  });
  afterEach(() => {
    process.argv.splice(0, process.argv.length, ...argv);
    console.error = realConsoleError;
    for (const id of unmock) jest.dontMock(id);
    unmock = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  type Fresh = typeof Internals & {
    HostError: typeof Errors.FlexSnapshotError;
    InvokeRequest: { prototype: Record<string, unknown>; new (): { getArgs(): unknown } };
  };

  /**
   * Runs `call` with fresh copies of the internals, of the error class they check against, and
   * of Pulumi's provider_pb, as a new process has them (with the mocks of the test): what the
   * internals load while `call` runs is fresh too.
   */
  function fresh<T>(call: (internals: Fresh) => T): T {
    let result: { value: T } | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const internals: Fresh = {
        ...(require("../provider/pulumi/internals") as typeof Internals),
        HostError: (require("../provider/atlas/errors") as typeof Errors).FlexSnapshotError,
        InvokeRequest: (require(providerPb) as Record<string, Fresh["InvokeRequest"]>)[
          "InvokeRequest"
        ]!,
      };
      /* eslint-enable @typescript-eslint/no-require-imports */
      result = { value: call(internals) };
    });
    return result!.value;
  }

  /** Makes this process the dynamic-provider host, whose main script holds `source`. */
  function inHost(engine: string, source = ""): void {
    const script = path.join(dir, "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.writeFileSync(script, source);
    process.argv.splice(1, process.argv.length - 1, script, engine);
  }

  /** Makes this process's arguments the plugin's: its own main script, then the engine. */
  function inPlugin(engine: string): void {
    process.argv.splice(1, process.argv.length - 1, path.join(dir, "main.js"), engine);
  }

  /** Replaces the module `id` with `factory`'s in every fresh copy of this test. */
  function mock(id: string, factory: () => unknown): void {
    jest.doMock(id, factory);
    unmock.push(id);
  }

  /** A `@pulumi/pulumi` laid out in the temp dir, whose ReadResourceResponse lacks `getProperties`. */
  function pulumiWithoutGetProperties(): string {
    const fake = path.join(dir, "pulumi");
    fs.mkdirSync(path.join(fake, "runtime"), { recursive: true });
    fs.mkdirSync(path.join(fake, "proto"));
    fs.writeFileSync(
      path.join(fake, "runtime", "resource.js"),
      [
        'const resproto = __importStar(require("../proto/resource_pb"));',
        ...DEBUG_LOGGED_RESPONSES.map((response) => response.statement),
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(fake, "proto", "resource_pb.js"),
      [
        "exports.ReadResourceResponse = function ReadResourceResponse() {};",
        'exports.ReadResourceResponse.prototype.getUrn = function () { return "x"; };',
        "exports.RegisterResourceResponse = function RegisterResourceResponse() {};",
        ...["getUrn", "getId", "getObject"].map(
          (g) => `exports.RegisterResourceResponse.prototype.${g} = function () { return "x"; };`,
        ),
      ].join("\n"),
    );
    return fake;
  }

  const HOST_LOST =
    "its dynamic-provider host is not recognised: the tokens a lookup minted are not revoked at shutdown, errors are not shown as one line, and progress goes to stderr";
  const ENGINE_LOG_LOST =
    "progress and warnings of lookups go to stderr, not to the engine's log against the resource";
  const HOST_PRINT_LOST =
    "the host's own print of a lookup's error is not dropped: the error shows a second time, as a diagnostic of the stack";
  const RUN_ERROR_LOST =
    "an uncaught error of a lookup prints with its stack trace, not as its message alone";
  const QUIET_OUTPUT_LOST =
    "the unread outputs of a failed lookup may each raise an unhandled rejection";
  const SETTLE_LOST =
    "the Promise of a lookup (getFlexSnapshot and the like) never settles when the lookup fails, instead of rejecting";
  const DEBUG_LOG_LOST =
    "Pulumi's debug log (--debug) of resource RPCs prints lookups' values, secrets such as a restore job's snapshotUrl included";

  /**
   * Each case: the reach, what it loses, how the fallback is forced (before the calls), and one
   * call of the reach in a fresh copy of the module (a new process, but for the warnings, which
   * are once per process) with what it returns when it falls back.
   */
  test.each<[string, string, string, () => void, (internals: Fresh) => unknown, unknown]>([
    [
      "a main script in @pulumi/pulumi that is not the host as 3.248.0 lays it out",
      "inProviderHost",
      HOST_LOST,
      () => undefined,
      (internals) =>
        internals.inProviderHost("/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/main.js"),
      false,
    ],
    [
      "the host, given no engine address",
      "engineInfoLog",
      ENGINE_LOG_LOST,
      () => inHost(""),
      (internals) => internals.engineInfoLog(),
      null,
    ],
    [
      "the host, where Pulumi's LogRequest lacks setEphemeral",
      "engineInfoLog",
      ENGINE_LOG_LOST,
      () => {
        inHost("127.0.0.1:1");
        class LogRequest {
          setSeverity(): void {}
          setMessage(): void {}
          setUrn(): void {}
        }
        mock(require.resolve(path.join(pulumiDir, "proto", "engine_pb")), () => ({
          LogRequest,
          LogSeverity: { INFO: 1, WARNING: 2 },
        }));
      },
      (internals) => internals.engineInfoLog(),
      null,
    ],
    [
      "the plugin, where Pulumi ships no EngineClient",
      "engineInfoLog",
      ENGINE_LOG_LOST,
      () => {
        inPlugin("127.0.0.1:1");
        mock(require.resolve(path.join(pulumiDir, "proto", "engine_grpc_pb")), () => ({}));
      },
      (internals) => {
        internals.markPluginHost();
        return internals.engineInfoLog();
      },
      null,
    ],
    [
      "the host, whose main script prints errors otherwise",
      "forProviderHost",
      HOST_PRINT_LOST,
      () => inHost("127.0.0.1:1", "console.error(e);"),
      (internals) => {
        const error = internals.forProviderHost(new internals.HostError("a\nb")) as Error;
        return [error.message, error.stack];
      },
      ["a b", "FlexSnapshotError: a b"],
    ],
    [
      "a program whose RunError.isInstance does not recognise the marker",
      "asRunError",
      RUN_ERROR_LOST,
      () => mock("@pulumi/pulumi", () => ({ RunError: { isInstance: () => false } })),
      // The marker is removed: the error prints as any error does.
      (internals) => "__pulumiRunError" in internals.asRunError(new internals.HostError("x")),
      false,
    ],
    [
      "a program without RunError",
      "asRunError",
      RUN_ERROR_LOST,
      () => mock("@pulumi/pulumi", () => ({})),
      // The marker is removed: the error prints as any error does.
      (internals) => "__pulumiRunError" in internals.asRunError(new internals.HostError("x")),
      false,
    ],
    [
      "an output without isSecret",
      "quietOutput",
      QUIET_OUTPUT_LOST,
      () => undefined,
      (internals) => {
        const output = { isKnown: Promise.reject(new Error("read failed")) };
        return internals.quietOutput(output) === output;
      },
      true,
    ],
    [
      "an output without promise()",
      "settle",
      SETTLE_LOST,
      () => undefined,
      (internals) =>
        internals.settle(
          { apply: (f: (v: number) => unknown) => f(7) } as unknown as pulumi.Output<number>,
          (e) => e,
        ),
      7,
    ],
    [
      "a Pulumi whose ReadResourceResponse has no getProperties",
      "hideResponseValues",
      DEBUG_LOG_LOST,
      () => undefined,
      (internals) => internals.hideResponseValues(path.join(dir, "pulumi")),
      ["RegisterResourceResponse"],
    ],
    [
      "no Pulumi where it looks",
      "hideResponseValues",
      DEBUG_LOG_LOST,
      () => undefined,
      (internals) => internals.hideResponseValues(path.join(dir, "no-such-pulumi")),
      [],
    ],
  ])("%s: %s warns once", async (_label, reach, lost, force, call, fallback) => {
    pulumiWithoutGetProperties();
    force();
    const results = [await fresh(call), await fresh(call)];
    expect([results, fallbackLines]).toEqual([[fallback, fallback], [warning(reach, lost)]]);
  });

  test("with the @pulumi/pulumi installed here, where each reach works, none warns", async () => {
    process.argv.splice(
      1,
      process.argv.length - 1,
      require.resolve("@pulumi/pulumi/cmd/dynamic-provider"),
      "127.0.0.1:1",
    );
    const inTheHost = fresh((internals) => [
      internals.inProviderHost(),
      typeof internals.engineInfoLog(),
      (internals.forProviderHost(new internals.HostError("a\nb")) as Error).message,
    ]);
    inPlugin("127.0.0.1:1");
    const inThePlugin = fresh((internals) => {
      internals.markPluginHost();
      return [
        internals.inProviderHost(),
        typeof internals.engineInfoLog(),
        // The plugin serves its own gRPC server, which prints nothing: errors are left alone.
        (internals.forProviderHost(new internals.HostError("c\nd")) as Error).message,
      ];
    });
    process.argv.splice(1, process.argv.length - 1, ...argv.slice(1));
    const failed = quietOutput(pulumi.output(Promise.reject(new Error("read failed"))));
    const inTheProgram = [
      ...[
        "/p/node_modules/@pulumi/pulumi/cmd/run/index.js",
        "/p/node_modules/@pulumi/pulumi/cmd/run",
        "/p/node_modules/@pulumi/pulumi/cmd/run-plugin/index.js",
        "/p/node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js",
        "/p/node_modules/jest/bin/jest.js",
      ].map((main) => inProviderHost(main)),
      fresh((internals) => internals.engineInfoLog()),
      pulumi.RunError.isInstance(asRunError(new GateError("x"))),
      await settle(quietOutput(pulumi.output(3)), (e) => e),
      await settle(failed, (e) => `failed: ${(e as Error).message}`).catch((e: unknown) => e),
      hideResponseValues(),
    ];
    expect([inTheHost, inThePlugin, inTheProgram, fallbackLines]).toEqual([
      [true, "function", "a b"],
      [false, "function", "c\nd"],
      [
        false,
        false,
        false,
        false,
        false,
        null,
        true,
        3,
        "failed: read failed",
        ["ReadResourceResponse", "RegisterResourceResponse"],
      ],
      [],
    ]);
  });
});
