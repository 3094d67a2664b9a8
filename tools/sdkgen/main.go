// Command sdkgen writes the Python, Go or Node.js SDK of a Pulumi package schema, with the code
// generators of github.com/pulumi/pulumi/pkg/v3 at the version of the pinned CLI (v3.248.0).
//
// Why this exists: `pulumi package gen-sdk` of CLI v3.248.0 hands SDK generation to the language
// host of each language (its GeneratePackage RPC), and the hosts of that release for Python, Go
// and .NET cannot be had from the registries reached here (the Go module proxy does not serve
// their modules); the Node.js host the install script falls back to predates GeneratePackage.
// The generators themselves ship in pkg/v3, so this calls the same functions those hosts call.
// .NET's generator is not in pkg/v3 (it lives with the .NET host), so .NET is not offered.
//
// Usage: sdkgen -schema schema.json -language python|go|nodejs -out DIR
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the generator name the SDKs' "do not edit" banners name.
const tool = "pulumi-atlas-flex-snapshot sdkgen"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON), as `pulumi package get-schema` prints it")
	language := flag.String("language", "", "python, go or nodejs")
	out := flag.String("out", "", "the directory to write the SDK into")
	flag.Parse()
	if err := run(*schemaPath, *language, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, language, out string) error {
	if schemaPath == "" || out == "" {
		return fmt.Errorf("-schema and -out are required")
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	var files map[string][]byte
	loader := noReferences{}
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, loader)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, loader)
	default:
		return fmt.Errorf("-language must be python, go or nodejs, got %q", language)
	}
	if err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noReferences is the schema loader of a package that refers to no other package: it refuses
// every load, so a reference that appears by mistake fails generation instead of fetching a
// plugin.
type noReferences struct{}

func (noReferences) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; sdkgen only generates self-contained packages", name)
}

func (l noReferences) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l noReferences) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l noReferences) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
