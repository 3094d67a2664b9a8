/**
 * The object that Pulumi serializes into state as `__provider` for every snapshot lookup.
 *
 * It must stay small and hold no secret, so it captures nothing but a module name: at run time,
 * in the dynamic-provider host, it `require`s the compiled provider by package name and forwards
 * each call to it. The credentials are read there, from the stack config and the environment,
 * and zod and undici are loaded there rather than serialized.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Loads the provider in the host. A plain `require` because the host runs plain `node`.
 *
 * Everything it uses is local: a function that touched this module's `exports` would make
 * Pulumi's closure serializer capture the module itself, which it can only do by a path the
 * package's `exports` map lists — and this file is not one (seen only when the package is
 * installed under node_modules, as users have it).
 */
function load(): pulumi.dynamic.ResourceProvider {
  const providerModule = "pulumi-atlas-flex-snapshot/provider";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(providerModule).lookupProvider;
}

/**
 * The serialized provider. Each method loads the real one, so the serialized text is just these
 * few functions and a string.
 */
export const providerShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => load().configure!(req),
  create: (inputs) => load().create(inputs),
  read: (id, props) => load().read!(id, props),
};
