// @ts-check
/**
 * `npm run lint`'s check of the GitHub workflows: actionlint (with shellcheck on `run:` blocks)
 * on the repository's workflows and every example workflow, built and cached by
 * scripts/install-lint-tools.sh. Exits non-zero when actionlint reports anything.
 */
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/**
 * The workflow files actionlint reads: `.github/workflows/*` and any `.github/workflows/*` or
 * `*.workflow.yml` under `examples/`.
 *
 * @returns {string[]} paths relative to the repository root, sorted
 */
function workflowFiles() {
  const isYaml = (/** @type {string} */ name) => /\.ya?ml$/.test(name);
  const files = [];
  const own = path.join(root, ".github", "workflows");
  if (fs.existsSync(own)) {
    files.push(
      ...fs
        .readdirSync(own)
        .filter(isYaml)
        .map((f) => path.join(".github", "workflows", f)),
    );
  }
  const examples = path.join(root, "examples");
  if (fs.existsSync(examples)) {
    for (const entry of fs.readdirSync(examples, { recursive: true, encoding: "utf8" })) {
      const inWorkflows = entry.split(path.sep).slice(-3, -1).join("/") === ".github/workflows";
      if (isYaml(entry) && inWorkflows) files.push(path.join("examples", entry));
    }
  }
  return files.sort();
}

function main() {
  const files = workflowFiles();
  if (files.length === 0) {
    console.log("lint-workflows: no workflow files");
    return;
  }
  const binDir = execFileSync("bash", [path.join(__dirname, "install-lint-tools.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop();
  if (binDir === undefined) throw new Error("install-lint-tools.sh printed no directory");
  const shellcheck = path.join(binDir, "shellcheck");
  const hasShellcheck = fs.existsSync(shellcheck);
  if (!hasShellcheck)
    console.log("lint-workflows: shellcheck not installed; run: blocks are not shell-checked");
  const result = spawnSync(
    path.join(binDir, "actionlint"),
    [...(hasShellcheck ? ["-shellcheck", shellcheck] : ["-shellcheck", ""]), ...files],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`lint-workflows: ${files.length} workflow file(s) clean: ${files.join(", ")}`);
}

if (require.main === module) main();

module.exports = { workflowFiles };
