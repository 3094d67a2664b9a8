//go:build tools

// The Java language host of the same pulumi-java release as the generator, pinned by this
// module's go.mod, so that a Java program can run under the engine here:
//
//	go -C tools/sdkgen-java build -o DIR/pulumi-language-java github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java
//
// (`go install …@v1.16.0` refuses: pulumi-java/pkg's go.mod has replace directives, repeated in
// this one.)
package main

import _ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
