/** This package's name and version, read once from its `package.json`. */
import * as fs from "node:fs";
import * as path from "node:path";

/** The npm name and version of this package, and the `@pulumi/pulumi` it is tested with. */
interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /**
   * The project's repository (`https://github.com/<owner>/<repo>`, the manifest's
   * `repository.url` without `git+` and `.git`): where its releases, and so the plugin's
   * archives, live, and the base of the Go SDK's module path. Written once, in package.json.
   */
  readonly repository: string;
  /** The manifest's SPDX `license` (`Apache-2.0`), which every SDK's package metadata names. */
  readonly license: string;
  /** The manifest's `homepage`, which every SDK's package metadata names. */
  readonly homepage: string;
  /** The `@pulumi/pulumi` of its `devDependencies`: the one version its tests run. */
  readonly testedPulumiVersion: string;
}

/** The manifest's fields {@link PackageInfo} reads. */
type Manifest = Partial<Pick<PackageInfo, "name" | "version" | "license" | "homepage">> & {
  devDependencies?: Record<string, string>;
  repository?: { url?: string } | string;
};

/** The repository URL of a manifest, as https without `git+` or `.git`. */
function repositoryOf(manifest: Manifest): string {
  const url =
    typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  return (url ?? "").replace(/^git\+/, "").replace(/\.git$/, "");
}

function readPackageInfo(): PackageInfo {
  // The module runs from `provider/` under ts-jest and from `dist/provider/` once compiled, so
  // the manifest is found by walking up rather than by a fixed relative path.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as Manifest;
      if (manifest.name === "pulumi-atlas-flex-snapshot") {
        return {
          name: manifest.name,
          version: manifest.version ?? "0.0.0",
          repository: repositoryOf(manifest),
          license: manifest.license ?? "",
          homepage: manifest.homepage ?? "",
          testedPulumiVersion: manifest.devDependencies?.["@pulumi/pulumi"] ?? "(unknown)",
        };
      }
    }
    if (path.dirname(dir) === dir) {
      return {
        name: "pulumi-atlas-flex-snapshot",
        version: "0.0.0",
        repository: "",
        license: "",
        homepage: "",
        testedPulumiVersion: "(unknown)",
      };
    }
  }
}

/** The name and version of this package. */
export const PACKAGE_INFO: PackageInfo = readPackageInfo();

/** The `User-Agent` sent with every request: the package, its version and the runtime. */
export const USER_AGENT = `${PACKAGE_INFO.name}/${PACKAGE_INFO.version} (node ${process.version}; ${process.platform} ${process.arch})`;
