/**
 * Values marked secret as they cross the gRPC boundary between the engine and a provider:
 * wrapped in Pulumi's secret signature (`SECRET_SIGNATURE`). The plugin accepts secrets, so its
 * arguments and properties arrive wrapped; the dynamic-provider host does not, but its mocks
 * (`setMocks`) wrap them too.
 */
import { SECRET_SIGNATURE } from "./protocol";

/** Whether `value` is a secret as the protocol wraps one. */
function isRpcSecret(value: Record<string, unknown>): boolean {
  return value[SECRET_SIGNATURE.key] === SECRET_SIGNATURE.secret;
}

/** A value marked secret, as the engine reads it from a plugin's result. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIGNATURE.key]: SECRET_SIGNATURE.secret, value };
}

/**
 * `value` with every secret replaced by what it holds: an argument or property the program made
 * secret arrives wrapped where the receiver accepts secrets (the plugin), or under mocks.
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (isRpcSecret(record)) return unwrapSecrets(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Whether `value` is, or holds anywhere inside it, a value marked secret. */
export function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return isRpcSecret(record) || Object.values(record).some(holdsSecret);
}
