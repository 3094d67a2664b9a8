/**
 * Pulumi's protocol as the plugin takes it (provider/pulumi/protocol.ts): the secret signature
 * it writes itself is the SDK's, and the stubs and gRPC library are the ones `@pulumi/pulumi`
 * itself loads (one copy, so a bundle and the unbundled plugin speak alike).
 */
import * as path from "node:path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime";
import { grpc, providerGrpcPb, SECRET_SIGNATURE } from "../provider/pulumi/protocol";

test("the secret signature is @pulumi/pulumi's", () => {
  expect(SECRET_SIGNATURE).toEqual({ key: specialSigKey, secret: specialSecretSig });
});

test("the gRPC library and the stubs are the copies @pulumi/pulumi loads", () => {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const fromPulumi = (id: string): Record<string, unknown> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(require.resolve(id, { paths: [pulumiDir] }));
  const stubs = fromPulumi(path.join(pulumiDir, "proto", "provider_grpc_pb"));
  expect([
    fromPulumi("@grpc/grpc-js")["Server"] === grpc.Server,
    stubs["ResourceProviderService"] === providerGrpcPb.ResourceProviderService,
    Object.keys(providerGrpcPb.ResourceProviderService).includes("invoke"),
  ]).toEqual([true, true, true]);
});
