module pulumi-atlas-flex-snapshot/tools/sdkgen

go 1.25.11

// pkg/v3's own go.mod replaces the clipboard module; a dependent module has to repeat it
// (see scripts/install-pulumi-cli.sh).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

require github.com/pulumi/pulumi/pkg/v3 v3.248.0
