/** Whether a lookup's arguments are known now, in the program, rather than once resolved. */
import * as pulumi from "@pulumi/pulumi";

/** Whether `value` holds no Pulumi output or Promise anywhere inside it. */
export function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.every(isPlain);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).every(isPlain);
  }
  return true;
}
