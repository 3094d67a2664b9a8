"""Reads snapshots with three Atlas accounts: two explicit providers and the default one."""
import pulumi
import pulumi_atlasflex as atlasflex


def account(name: str) -> atlasflex.Provider:
    """The account whose settings are under the config namespace `name`."""
    settings = pulumi.Config(name)
    return atlasflex.Provider(
        name,
        client_id=settings.get("clientId"),
        client_secret=settings.get_secret("clientSecret"),
        public_key=settings.get("publicKey"),
        private_key=settings.get_secret("privateKey"),
        access_token=settings.get_secret("accessToken"),
        base_url=settings.get("baseUrl"),
    )


config = pulumi.Config()
prod = account("prod")
staging = account("staging")

# Production's nightly snapshot, which must be COMPLETED.
prod_snapshot = atlasflex.get_flex_snapshot_output(
    project_id=config.require("prodProjectId"),
    name=config.get("prodClusterName") or "orders",
    snapshot_id=config.require("prodSnapshotId"),
    require={"status": "COMPLETED"},
    opts=pulumi.InvokeOptions(provider=prod),
)

# Staging's latest COMPLETED snapshot.
staging_snapshot = atlasflex.get_latest_flex_snapshot_output(
    project_id=config.require("stagingProjectId"),
    name=config.require("stagingClusterName"),
    status="COMPLETED",
    opts=pulumi.InvokeOptions(provider=staging),
)

# The shared project, with the default provider: the stack's `atlasflex:` config.
shared = atlasflex.get_flex_snapshots_output(
    project_id=config.require("sharedProjectId"),
    name=config.require("sharedClusterName"),
)

pulumi.export("prodStatus", prod_snapshot.status)
pulumi.export("stagingSnapshotId", staging_snapshot.snapshot_id)
pulumi.export("sharedSnapshotCount", shared.results.apply(len))
