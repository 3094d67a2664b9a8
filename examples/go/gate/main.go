// Reads one snapshot through the atlasflex plugin, requires its status, exports its fields.
package main

import (
	"github.com/pulumi-atlas-flex-snapshot/pulumi-atlas-flex-snapshot/sdk/go/atlasflex"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		clusterName := cfg.Get("clusterName")
		if clusterName == "" {
			clusterName = "orders"
		}
		requiredStatus := cfg.Get("requiredStatus")
		if requiredStatus == "" {
			requiredStatus = "COMPLETED"
		}
		snapshot, err := atlasflex.GetFlexSnapshot(ctx, &atlasflex.GetFlexSnapshotArgs{
			ProjectId:  cfg.Require("projectId"),
			Name:       clusterName,
			SnapshotId: cfg.Require("snapshotId"),
			Require:    &atlasflex.FlexSnapshotGate{Status: requiredStatus},
		})
		if err != nil {
			return err
		}
		ctx.Export("projectId", pulumi.String(snapshot.ProjectId))
		ctx.Export("name", pulumi.String(snapshot.Name))
		ctx.Export("snapshotId", pulumi.String(snapshot.SnapshotId))
		ctx.Export("status", pulumi.String(snapshot.Status))
		ctx.Export("mongoDbVersion", pulumi.String(snapshot.MongoDbVersion))
		ctx.Export("finishTime", pulumi.String(snapshot.FinishTime))
		ctx.Export("expiration", pulumi.String(snapshot.Expiration))
		return nil
	})
}
