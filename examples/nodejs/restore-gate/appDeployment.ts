/**
 * A stand-in for the application that reads the restored data (a service, a reporting job): a
 * dynamic resource that writes a small JSON file when created and removes it when deleted, so
 * that a run shows plainly whether the deployment happened. The example runs offline this way.
 */
import * as pulumi from "@pulumi/pulumi";

/** The inputs of an {@link AppDeployment}. */
export interface AppDeploymentArgs {
  /** The file to write. */
  path: pulumi.Input<string>;
  /** The cluster the application reads, into which the data was restored. */
  cluster: pulumi.Input<string>;
  /** The restore job that put the data there. */
  restoreJobId: pulumi.Input<string>;
}

const deploymentProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require("node:fs");
    fs.writeFileSync(
      inputs.path,
      JSON.stringify({ cluster: inputs.cluster, restoreJobId: inputs.restoreJobId }) + "\n",
    );
    return { id: inputs.path, outs: inputs };
  },
  async delete(id) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("node:fs").rmSync(id, { force: true });
  },
};

/** A file that stands for a deployment: it exists only if the restore gate let it happen. */
export class AppDeployment extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;

  constructor(name: string, args: AppDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(deploymentProvider, name, { ...args }, opts, "example", "AppDeployment");
  }
}
