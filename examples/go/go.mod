module flex-snapshot-go-gate

go 1.25

require (
	github.com/pulumi-atlas-flex-snapshot/pulumi-atlas-flex-snapshot/sdk/go/atlasflex v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The committed SDK of this repository (sdk/go/atlasflex), until a release of it is published.
replace github.com/pulumi-atlas-flex-snapshot/pulumi-atlas-flex-snapshot/sdk/go/atlasflex => ./sdk/go/atlasflex
