/**
 * The function forms' lookups (`getFlexSnapshotOutput`, `getFlexSnapshot` and the rest), run in
 * the program's own process through the registry's `runLookup`, as the plugin and the CLI run
 * them. The program already has the stack config and can mark secrets, so no provider host
 * starts, nothing is registered and nothing goes to state. The resource classes
 * (`FlexSnapshot`, `FlexRestoreJob`, …) stay dynamic resources, for a node in the graph.
 *
 * How a failure fails the run (see docs/architecture.md, "The function forms"): the lookup holds
 * Pulumi's RPC keep-alive while it runs, so the program does not end under it. An Output form's
 * failure is raised once, as an uncaught `RunError` (Pulumi's documented way to end a program
 * with one line), and its Output never settles: what depends on it is never registered, and
 * nothing reports the failure a second time. A Promise form rejects, for the program to catch.
 */
import * as pulumi from "@pulumi/pulumi";
import { revokeMintedTokens } from "../../provider/atlas/auth";
import { FlexSnapshotError } from "../../provider/atlas/errors";
import { SDK_CONFIG_NAMESPACE, stackConfigScope } from "../../provider/atlas/settings";
import { progressLine } from "../../provider/lookups/gatedLookups";
import {
  LOOKUPS,
  passedOrThrow,
  runLookup,
  validateLookup,
  type LookupKind,
} from "../../provider/lookups/registry";
import {
  AccountSessions,
  type LookupAccount,
  type LookupSession,
} from "../../provider/lookups/session";
import { asRunError, oneLine, quietOutput, settle } from "../../provider/pulumi/internals";
import { invokeResults, type ResultIdentity } from "../../provider/pulumi/stateOutputs";
import { isPlain } from "./plain";
import { accountOf, type Provider } from "./provider";

/** A lookup's result, as the SDK's functions return it (`""` for what Atlas did not return). */
type LookupResult = Record<string, unknown>;

/** The options of a function form that it reads: the Atlas account, and what it waits for. */
interface ProgramLookupOptions {
  readonly provider?: Provider;
  readonly dependsOn?:
    pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

/**
 * A lookup's result, and whether it holds a secret field's value (a `snapshotUrl`): the Output
 * form then makes the whole result a secret.
 */
interface Found {
  readonly result: LookupResult;
  readonly holdsSecret: boolean;
}

/** Where an Output form's failure goes: by default, an uncaught `RunError` (see the module doc). */
type FailureReporter = (error: Error) => void;

const uncaught: FailureReporter = (error) => {
  // Pulumi prints an uncaught RunError as its message alone while the program runs; after that,
  // it prints `stack`: the same one line.
  error.stack = error.message;
  void Promise.reject(error);
};
let reportFailure: FailureReporter = uncaught;

/**
 * Sends Output forms' failures to `reporter` instead of the uncaught `RunError`; for tests that
 * run programs under `pulumi.runtime.setMocks`, where nothing ends a program. `undefined`
 * restores the default.
 */
export function setFailureReporter(reporter: FailureReporter | undefined): void {
  reportFailure = reporter ?? uncaught;
}

/** The program's sessions: the default one reads the stack's `mongodbatlas:` config. */
let sessions: AccountSessions | undefined;

/** The session of a lookup's account (see {@link AccountSessions}). */
function sessionOf(account: LookupAccount | undefined): LookupSession {
  revokeTokensAtExit();
  if (sessions === undefined) {
    sessions = new AccountSessions(process.env, SDK_CONFIG_NAMESPACE);
    sessions.default.configure(
      stackConfigScope({ get: (key) => pulumi.runtime.getConfig(key) }, SDK_CONFIG_NAMESPACE),
    );
  }
  return sessions.of(account);
}

/** Forgets the sessions (settings, clients) and the lookups made; for tests that run several programs. */
export function resetProgramSessions(): void {
  sessions = undefined;
  lookups.clear();
}

let revocationInstalled = false;

/**
 * Revokes the tokens the program minted when it has nothing left to do: Node's `beforeExit`
 * comes when the event loop is empty, so after the last lookup, whether the run passed or failed.
 * Pulumi's own handler, which disconnects from the engine, runs after it.
 */
function revokeTokensAtExit(): void {
  if (revocationInstalled) return;
  revocationInstalled = true;
  let revoked = false;
  process.on("beforeExit", () => {
    if (revoked) return;
    revoked = true;
    // Never rejects; a failure only leaves a token to expire within the hour.
    void revokeMintedTokens();
  });
}

/** The lookups of this program by their arguments and account: the same lookup reads once. */
const lookups = new Map<string, Promise<Found>>();

/**
 * Runs lookup `kind` with plain `args` in this process, or joins the same lookup already made;
 * rejects with the lookup's error.
 */
function run(
  kind: LookupKind,
  args: Record<string, unknown>,
  account: LookupAccount | undefined,
): Promise<Found> {
  // In memory only: the key holds the account's secrets.
  const key = JSON.stringify([kind, args, account ?? null]);
  let lookup = lookups.get(key);
  if (lookup === undefined) {
    lookup = runOnce(kind, args, account);
    lookups.set(key, lookup);
  }
  return lookup;
}

async function runOnce(
  kind: LookupKind,
  args: Record<string, unknown>,
  account: LookupAccount | undefined,
): Promise<Found> {
  const spec = LOOKUPS[kind];
  const valid = validateLookup(kind, { ...args, preview: pulumi.runtime.isDryRun() });
  const session = sessionOf(account);
  const outcome = passedOrThrow(
    spec.subject,
    await runLookup(kind, valid, {
      client: (apiVersion) => session.client(apiVersion),
      hooks: { onProgress: (progress) => void pulumi.log.info(progressLine(progress)) },
    }),
  );
  for (const warning of session.takeWarnings(outcome.warnings)) void pulumi.log.warn(warning);
  // The results' own marker of the model's secret fields (those that hold a value) says whether
  // the result is a secret; the values stay plain.
  let holdsSecret = false;
  const results = invokeResults((value) => {
    holdsSecret = true;
    return value;
  });
  const map = results[spec.subject] as (identity: ResultIdentity, found: unknown) => LookupResult;
  const result = map(valid as ResultIdentity, outcome.found);
  return { result, holdsSecret };
}

/** The error a failed lookup gives the program: one line, printed as Pulumi prints a RunError. */
function programError(error: unknown): Error {
  const shown =
    error instanceof FlexSnapshotError
      ? error
      : new FlexSnapshotError(error instanceof Error ? error.message : String(error), {
          cause: error,
        });
  shown.message = oneLine(shown.message);
  return asRunError(shown);
}

/** Checks plain arguments now, before anything runs, as a `RunError` thrown into the program. */
function checkNow(kind: LookupKind, args: object, provider: Provider | undefined) {
  // The provider first, so that a wrong one fails before anything else.
  const account = accountOf(provider)?.account;
  if (isPlain(args)) {
    try {
      validateLookup(kind, args);
    } catch (error) {
      throw asRunError(error);
    }
  }
  return account;
}

/** What must exist before a lookup runs: each resource of `dependsOn`, created. */
function dependencies(dependsOn: ProgramLookupOptions["dependsOn"]): pulumi.Output<unknown[]> {
  return pulumi
    .output(dependsOn ?? [])
    .apply((given) =>
      pulumi.all(
        (Array.isArray(given) ? given : [given]).map((resource) =>
          pulumi.CustomResource.isInstance(resource) ? resource.id : resource.urn,
        ),
      ),
    );
}

/**
 * Lookup `kind` as an `Output` of its result (`R`, the SDK's result type of the kind), run in the program once its arguments (and its
 * provider's account, and its `dependsOn`) are known. A secret argument, or a result that holds a
 * restore job's `snapshotUrl`, makes the result a secret. On failure the run fails with the
 * lookup's one-line message, and the Output never settles (see the module doc).
 */
export function lookupOutput<R>(
  kind: LookupKind,
  args: object,
  opts: ProgramLookupOptions | undefined,
): pulumi.Output<R> {
  const account = checkNow(kind, args, opts?.provider);
  const inputs = pulumi.all([pulumi.output(args), account, dependencies(opts?.dependsOn)]);
  return quietOutput(
    inputs.apply(([known, knownAccount]) => {
      const release = pulumi.runtime.rpcKeepAlive();
      return run(kind, known as Record<string, unknown>, knownAccount).then(
        ({ result, holdsSecret }) => {
          release();
          return holdsSecret ? pulumi.secret(result) : result;
        },
        (error: unknown) => {
          reportFailure(programError(error));
          // Released once the report is on its way, so that the program is still running then.
          setImmediate(release);
          return new Promise<LookupResult>(() => {});
        },
      );
    }),
  ) as pulumi.Output<unknown> as pulumi.Output<R>;
}

/**
 * Lookup `kind` as a `Promise` of its plain result (a `snapshotUrl` included: a Promise cannot
 * carry Pulumi's secret mark). Rejects with the lookup's error, one line, which prints as a
 * `RunError` when the program does not catch it.
 */
export function lookupPromise<R>(
  kind: LookupKind,
  args: object,
  opts: ProgramLookupOptions | undefined,
): Promise<R> {
  let account: pulumi.Output<LookupAccount> | undefined;
  try {
    account = checkNow(kind, args, opts?.provider);
  } catch (error) {
    return Promise.reject(error);
  }
  const release = pulumi.runtime.rpcKeepAlive();
  const known = account === undefined ? Promise.resolve(undefined) : settle(account, (e) => e);
  return known
    .then((plainAccount) => run(kind, args as Record<string, unknown>, plainAccount))
    .then(
      ({ result }) => {
        release();
        return result as R;
      },
      (error: unknown) => {
        setImmediate(release);
        throw programError(error);
      },
    );
}
