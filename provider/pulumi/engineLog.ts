/**
 * Progress messages from the provider to the Pulumi engine, so that a user watching
 * `pulumi up` sees a wait's status and elapsed time as it happens.
 *
 * Pulumi's `log` module does not reach the engine from a dynamic provider: the provider host
 * never connects it (it only knows the engine's address, its first command-line argument). So
 * this sends the engine's `Log` RPC itself, with the gRPC client and protobuf types that
 * `@pulumi/pulumi` ships, through `engineInfoLog` in `internals/engineLogRpc.ts`, which checks them.
 * Outside the host, or when anything about that fails, messages go to stderr instead: progress
 * must never break a lookup.
 */
import { engineInfoLog, type EngineLogSeverity } from "./internals/engineLogRpc";

/** Where progress messages go. */
export type ProgressLogger = (message: string, urn?: string) => void;

/** How long one message may take to reach the engine before it goes to stderr instead. */
const LOG_DEADLINE_MS = 2_000;

/**
 * Sends `message` to the engine as an info diagnostic of the resource `urn` (or of the stack),
 * falling back to stderr. Never throws and never waits more than two seconds.
 */
export function logProgress(message: string, urn?: string): void {
  toEngine(message, urn, "info");
}

/**
 * Sends `message` to the engine as a warning of the resource `urn` (or of the stack), falling
 * back to stderr as `warning: <message>`; like {@link logProgress}, it never throws or waits.
 */
export function logWarning(message: string, urn?: string): void {
  toEngine(message, urn, "warning");
}

function toEngine(message: string, urn: string | undefined, severity: EngineLogSeverity): void {
  const line = severity === "warning" ? `warning: ${message}` : message;
  const toStderr = (): void => void process.stderr.write(`${line}\n`);
  const send = engineInfoLog();
  if (!send) {
    toStderr();
    return;
  }
  try {
    send(
      message,
      urn ?? "",
      Date.now() + LOG_DEADLINE_MS,
      (error) => {
        if (error) toStderr();
      },
      severity,
    );
  } catch {
    toStderr();
  }
}
