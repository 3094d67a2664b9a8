/**
 * Two Atlas accounts in one program: production and staging live in different Atlas
 * organizations, each with its own credentials, and each gates its own release (here a
 * stand-in, `Release`, that writes a small file when created) on its own snapshot. A lookup
 * reads with the `Provider` in its options; neither uses the stack's `mongodbatlas:` config.
 *
 * Config: each account under its own namespace, with the keys of `@pulumi/mongodbatlas`'s
 * provider (`prod:clientId` and `prod:clientSecret`, `staging:publicKey` and
 * `staging:privateKey`, or `…:accessToken`; secrets with `--secret`), and
 * `prodProjectId`, `prodSnapshotId`, `stagingProjectId`, `stagingClusterName` (required),
 * `prodClusterName` (default "orders"). The Atlas origin of each account is its `baseUrl`, else
 * `MONGODB_ATLAS_BASE_URL`, else Atlas.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  getFlexSnapshotOutput,
  getLatestFlexSnapshotOutput,
  Provider,
  type ProviderArgs,
} from "pulumi-atlas-flex-snapshot";

/** The account whose settings are under the config namespace `name`, as a {@link Provider}. */
function account(name: string): Provider {
  const config = new pulumi.Config(name);
  const args: ProviderArgs = {
    clientId: config.get("clientId"),
    clientSecret: config.getSecret("clientSecret"),
    publicKey: config.get("publicKey"),
    privateKey: config.getSecret("privateKey"),
    accessToken: config.getSecret("accessToken"),
    baseUrl: config.get("baseUrl"),
  };
  return new Provider(name, args);
}

const config = new pulumi.Config();
const prod = account("prod");
const staging = account("staging");

// Production: the nightly snapshot, which must be COMPLETED.
const prodSnapshot = getFlexSnapshotOutput(
  {
    projectId: config.require("prodProjectId"),
    name: config.get("prodClusterName") ?? "orders",
    snapshotId: config.require("prodSnapshotId"),
    require: { status: "COMPLETED" },
  },
  { provider: prod },
);

// Staging: its latest COMPLETED snapshot, which must be less than a day old.
const stagingSnapshot = getLatestFlexSnapshotOutput(
  {
    projectId: config.require("stagingProjectId"),
    name: config.require("stagingClusterName"),
    status: "COMPLETED",
    require: { maxAge: "24h" },
  },
  { provider: staging },
);

/**
 * A stand-in for what each environment must not touch unless its snapshot is good (a restore,
 * a release): a file written when created, so that a run shows plainly whether it happened.
 */
class Release extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;

  constructor(name: string, snapshotId: pulumi.Input<string>) {
    const file = path.resolve(`${name}.json`);
    const provider: pulumi.dynamic.ResourceProvider = {
      async create(inputs) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:fs").writeFileSync(inputs.path, `${JSON.stringify(inputs)}\n`);
        return { id: inputs.path, outs: inputs };
      },
      async delete(id) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:fs").rmSync(id, { force: true });
      },
    };
    super(provider, name, { path: file, snapshotId }, {}, "example", "Release");
  }
}

const prodRelease = new Release("prod-release", prodSnapshot.snapshotId);
const stagingRelease = new Release("staging-release", stagingSnapshot.snapshotId);

export const prodSnapshotId = prodSnapshot.snapshotId;
export const prodStatus = prodSnapshot.status;
export const stagingSnapshotId = stagingSnapshot.snapshotId;
export const stagingFinishTime = stagingSnapshot.finishTime;
export const releases = [prodRelease.path, stagingRelease.path];
