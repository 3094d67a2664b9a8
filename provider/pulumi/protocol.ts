/**
 * Pulumi's gRPC protocol as `@pulumi/pulumi` ships it: the generated stubs under `proto/`, the
 * protobuf well-known types and the gRPC library they are built for. The plugin's server and
 * the engine's `Log` client take them from here only, required by name so that a bundler
 * (`scripts/bundle-plugin.js`) carries them, without the SDK's runtime around them.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as engineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";

export { emptyPb, engineGrpcPb, enginePb, grpc, pluginPb, providerGrpcPb, providerPb, structPb };

/**
 * How a secret travels in a `google.protobuf.Struct` between the engine and a provider: an
 * object whose signature key holds the secret signature, and whose `value` is the secret (the
 * property-value signatures of Pulumi's protocol, `sdk/go/common/resource/sig`). The same
 * constants as `@pulumi/pulumi/runtime`'s `specialSigKey` and `specialSecretSig`, written here so
 * that the plugin does not load the SDK's runtime; test/protocol.test.ts compares them.
 */
export const SECRET_SIGNATURE = {
  key: "4dabf18193072939515e22adb298388d",
  secret: "1b47061264138c4ac30d75fd1eb44270",
} as const;
