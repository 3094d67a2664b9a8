// Reads one snapshot through the atlasflex plugin, requires its status, exports its fields.
package flexgate;

import com.pulumi.Pulumi;
import io.github.pulumi_atlas_flex_snapshot.atlasflex.AtlasflexFunctions;
import io.github.pulumi_atlas_flex_snapshot.atlasflex.inputs.FlexSnapshotGateArgs;
import io.github.pulumi_atlas_flex_snapshot.atlasflex.inputs.GetFlexSnapshotArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var cfg = ctx.config();
            var snapshot = AtlasflexFunctions.getFlexSnapshot(GetFlexSnapshotArgs.builder()
                .projectId(cfg.require("projectId"))
                .name(cfg.get("clusterName").orElse("orders"))
                .snapshotId(cfg.require("snapshotId"))
                .require(FlexSnapshotGateArgs.builder()
                    .status(cfg.get("requiredStatus").orElse("COMPLETED"))
                    .build())
                .build());
            ctx.export("projectId", snapshot.applyValue(s -> s.projectId()));
            ctx.export("name", snapshot.applyValue(s -> s.name()));
            ctx.export("snapshotId", snapshot.applyValue(s -> s.snapshotId()));
            ctx.export("status", snapshot.applyValue(s -> s.status()));
            ctx.export("mongoDbVersion", snapshot.applyValue(s -> s.mongoDbVersion()));
            ctx.export("finishTime", snapshot.applyValue(s -> s.finishTime()));
            ctx.export("expiration", snapshot.applyValue(s -> s.expiration()));
        });
    }
}
