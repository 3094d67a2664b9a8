module flex-snapshot-go-gate

go 1.25

require (
	github.com/pulumi-atlas-flex-snapshot/pulumi-atlas-flex-snapshot/sdk/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The SDK generated from the plugin's schema (not published).
replace github.com/pulumi-atlas-flex-snapshot/pulumi-atlas-flex-snapshot/sdk/go => ./sdk/go
