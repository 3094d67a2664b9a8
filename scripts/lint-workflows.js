// @ts-check
/**
 * `npm run lint`'s check of the pipelines: actionlint (with shellcheck on `run:` blocks) on the
 * repository's workflows and every example workflow, built and cached by
 * scripts/install-lint-tools.sh; shellcheck on the `script:` lines of the GitLab component and
 * the example `.gitlab-ci.yml` files (actionlint does not read them); and, for each example step
 * that `uses:` this repository's action, that it passes only inputs action.yml declares and all
 * its required ones (actionlint cannot read a remote action's inputs). Exits non-zero when any
 * check reports anything.
 */
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Every file under `dir` (relative to the root) whose name passes `keep`, sorted. */
function filesUnder(/** @type {string} */ dir, /** @type {(f: string) => boolean} */ keep) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((entry) => !entry.split(path.sep).includes("node_modules") && keep(entry))
    .map((entry) => path.join(dir, entry))
    .sort();
}

/**
 * The GitLab files whose `script:` lines are shell: the component templates and the examples'
 * `.gitlab-ci.yml`.
 */
function gitlabFiles() {
  return [
    ...filesUnder("templates", (f) => /\.ya?ml$/.test(f)),
    ...filesUnder("examples", (f) => path.basename(f) === ".gitlab-ci.yml"),
  ];
}

/**
 * Each job's `before_script`, `script` and `after_script` of a GitLab file as one shell script
 * (GitLab runs a job's lines in one shell), with `$[[ inputs.x ]]` as a plain word: GitLab
 * replaces it before the shell sees it.
 *
 * @returns {{ job: string, script: string }[]}
 */
function gitlabScripts(/** @type {string} */ file) {
  const yaml = require("js-yaml");
  const text = fs.readFileSync(path.join(root, file), "utf8").replace(/\$\[\[[^\]]*\]\]/g, "INPUT");
  /** @type {{ job: string, script: string }[]} */
  const scripts = [];
  for (const document of yaml.loadAll(text)) {
    if (document === null || typeof document !== "object") continue;
    for (const [job, body] of Object.entries(document)) {
      if (body === null || typeof body !== "object" || Array.isArray(body)) continue;
      const lines = ["before_script", "script", "after_script"].flatMap((key) => {
        const value = /** @type {Record<string, unknown>} */ (body)[key];
        return Array.isArray(value) ? value.flat(Infinity).map(String) : [];
      });
      if (lines.length > 0) scripts.push({ job, script: `#!/bin/sh\n${lines.join("\n")}\n` });
    }
  }
  return scripts;
}

/** Shellchecks each job's script of each GitLab file; returns the number of files with findings. */
function shellcheckGitlab(/** @type {string} */ shellcheck, /** @type {string[]} */ files) {
  let bad = 0;
  for (const file of files) {
    for (const { job, script } of gitlabScripts(file)) {
      const result = spawnSync(shellcheck, ["--shell=sh", "-"], {
        input: script,
        encoding: "utf8",
      });
      if (result.status !== 0) {
        bad++;
        process.stdout.write(`${file}: job ${job}:\n${result.stdout}${result.stderr}`);
      }
    }
  }
  return bad;
}

/**
 * The problems of the example steps that use this repository's action (`uses: ./` or
 * `uses: <owner>/<repo>@ref`, the repository named in package.json): an input action.yml does
 * not declare, or a required one left out.
 *
 * @returns {string[]}
 */
function actionInputProblems(/** @type {string[]} */ workflows) {
  const yaml = require("js-yaml");
  const repo = /github\.com\/([^/]+\/[^/.]+)/.exec(
    require(path.join(root, "package.json")).repository.url,
  )?.[1];
  const action = /** @type {{ inputs: Record<string, { required?: boolean }> }} */ (
    yaml.load(fs.readFileSync(path.join(root, "action.yml"), "utf8"))
  );
  const declared = Object.keys(action.inputs);
  const required = declared.filter((name) => action.inputs[name]?.required === true);
  const problems = [];
  for (const file of workflows) {
    const workflow = /** @type {any} */ (yaml.load(fs.readFileSync(path.join(root, file), "utf8")));
    for (const [jobName, job] of Object.entries(workflow?.jobs ?? {})) {
      for (const [index, step] of /** @type {any} */ (job.steps ?? []).entries()) {
        const uses = typeof step.uses === "string" ? step.uses : "";
        if (uses !== "./" && !(repo !== undefined && uses.startsWith(`${repo}@`))) continue;
        const given = Object.keys(step.with ?? {});
        const where = `${file}: job ${jobName}, step ${step.id ?? index + 1}`;
        for (const name of given.filter((n) => !declared.includes(n)))
          problems.push(`${where}: input ${name} is not declared in action.yml`);
        for (const name of required.filter((n) => !given.includes(n)))
          problems.push(`${where}: required input ${name} is missing`);
      }
    }
  }
  return problems;
}

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
  const problems = actionInputProblems(files);
  problems.forEach((problem) => console.log(problem));
  if (problems.length > 0) process.exit(1);
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
  const gitlab = gitlabFiles();
  if (!hasShellcheck) return;
  if (shellcheckGitlab(shellcheck, gitlab) > 0) process.exit(1);
  console.log(
    `lint-workflows: ${gitlab.length} GitLab file(s) shell-checked: ${gitlab.join(", ")}`,
  );
}

if (require.main === module) main();

module.exports = { workflowFiles, gitlabFiles, gitlabScripts, actionInputProblems };
