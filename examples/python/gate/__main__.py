"""Reads one snapshot through the atlasflex plugin, requires its status, exports its fields."""
import pulumi
import pulumi_atlasflex as atlasflex

config = pulumi.Config()

snapshot = atlasflex.get_flex_snapshot(
    project_id=config.require("projectId"),
    name=config.get("clusterName") or "orders",
    snapshot_id=config.require("snapshotId"),
    require={"status": config.get("requiredStatus") or "COMPLETED"},
)

pulumi.export("projectId", snapshot.project_id)
pulumi.export("name", snapshot.name)
pulumi.export("snapshotId", snapshot.snapshot_id)
pulumi.export("status", snapshot.status)
pulumi.export("mongoDbVersion", snapshot.mongo_db_version)
pulumi.export("finishTime", snapshot.finish_time)
pulumi.export("expiration", snapshot.expiration)
