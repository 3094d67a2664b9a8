/**
 * A stand-in for whatever a stack must not touch unless the snapshot is good (an Atlas restore
 * job, a deployment): a dynamic resource that writes a small JSON file when created and removes
 * it when deleted, so that a run shows plainly whether it was created.
 */
import * as pulumi from "@pulumi/pulumi";

/** The inputs of a {@link RestoreMarker}. */
export interface RestoreMarkerArgs {
  /** The file to write. */
  path: pulumi.Input<string>;
  /** The snapshot the restore would use. */
  snapshotId: pulumi.Input<string>;
  /** The snapshot's status when the restore was allowed. */
  status: pulumi.Input<string>;
}

const markerProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require("node:fs");
    fs.writeFileSync(
      inputs.path,
      JSON.stringify({ snapshotId: inputs.snapshotId, status: inputs.status }) + "\n",
    );
    return { id: inputs.path, outs: inputs };
  },
  async delete(id) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("node:fs").rmSync(id, { force: true });
  },
};

/** A file that stands for a restore: it exists only if the gate let the restore happen. */
export class RestoreMarker extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;

  constructor(name: string, args: RestoreMarkerArgs, opts?: pulumi.CustomResourceOptions) {
    super(markerProvider, name, { ...args }, opts, "example", "RestoreMarker");
  }
}
