/** Reading Pulumi outputs in tests run under `pulumi.runtime.setMocks`. */
import type * as pulumi from "@pulumi/pulumi";

/** Resolves with the value of `output` once it is known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Whether `output` is a Pulumi secret (`Output#isSecret` is not in the declared type). */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}
