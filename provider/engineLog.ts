/**
 * Progress messages from the provider to the Pulumi engine, so that a user watching
 * `pulumi up` sees a wait's status and elapsed time as it happens.
 *
 * Pulumi's `log` module does not reach the engine from a dynamic provider: the provider host
 * never connects it (it only knows the engine's address, its first command-line argument). So
 * this sends the engine's `Log` RPC itself, with the gRPC client and protobuf types that
 * `@pulumi/pulumi` ships (see `pulumiInternals.ts`). Outside the host, or when anything about that fails, messages go to
 * stderr instead: progress must never break a lookup.
 */
import { engineLogRpc } from "./pulumiInternals";

/** Where progress messages go. */
export type ProgressLogger = (message: string, urn?: string) => void;

/**
 * Sends `message` to the engine as an info diagnostic of the resource `urn` (or of the stack),
 * falling back to stderr. Never throws and never waits more than two seconds.
 */
export function logProgress(message: string, urn?: string): void {
  const target = engineLogRpc();
  if (!target) {
    process.stderr.write(`${message}\n`);
    return;
  }
  try {
    const request = new target.LogRequest();
    request["setSeverity"]!(target.info);
    request["setMessage"]!(message);
    request["setUrn"]!(urn ?? "");
    request["setEphemeral"]!(false);
    target.client.log(request, { deadline: Date.now() + 2_000 }, (error) => {
      if (error) process.stderr.write(`${message}\n`);
    });
  } catch {
    process.stderr.write(`${message}\n`);
  }
}
