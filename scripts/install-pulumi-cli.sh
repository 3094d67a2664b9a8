#!/usr/bin/env bash
# Makes a working Pulumi CLI (v3.248.0, the version of the @pulumi/pulumi SDK
# this package is developed against) and the Pulumi YAML language host
# (github.com/pulumi/pulumi-yaml v1.25.0) available, building them from Go
# sources through the Go module proxy when needed.
#
# Usage:
#   PULUMI_BIN_DIR=$(scripts/install-pulumi-cli.sh | tail -1)
#   PATH="$PULUMI_BIN_DIR:$PATH" pulumi version
#
# The LAST line on stdout is the absolute path of the directory holding
# `pulumi`, `pulumi-language-nodejs`, `pulumi-language-yaml` and
# `pulumi-resource-pulumi-nodejs`. All progress goes to stderr.
#
# Why the YAML host sits beside `pulumi`: the engine looks for a language host
# on PATH and next to the running `pulumi` (sdk/go/common/workspace/plugins.go,
# getPluginInfoAndPath); one found only on PATH elsewhere works but makes every
# command print "warning: using pulumi-language-yaml from $PATH".
#
# Environment:
#   PULUMI_CLI_DIR          where the CLI is installed (binaries in $PULUMI_CLI_DIR/bin);
#                           default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-flex-snapshot/pulumi-v3.248.0
#                           (machine-wide, outside the repo, so fresh clones and CI reuse it)
#   PULUMI_CLI_FORCE_BUILD  =1: ignore any `pulumi` already on PATH and use/build our own
#   PULUMI_CLI_REBUILD      =1: rebuild even if a valid build is already in PULUMI_CLI_DIR
#   PULUMI_CLI_BUILD_JOBS   parallel compile jobs (go build -p), default 2
#   PULUMI_LANGUAGE_NODEJS_VERSION
#                           override the version of the Node.js language host module
#
# Steps (each skipped when not needed):
#   1. a `pulumi` v3 on PATH, with a `pulumi-language-yaml` beside it (official
#      releases bundle it)?                            -> print its directory, done
#   2. $PULUMI_CLI_DIR/bin/pulumi prints v3.248.0, the Node.js language host and
#      dynamic provider exist, and pulumi-language-yaml v1.25.0 runs?
#                                                      -> print that directory, done
#      The CLI is valid but the YAML host is missing or another version?
#                                                      -> build only the YAML host
#      (`go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v1.25.0`,
#      about a minute cold) into $PULUMI_CLI_DIR/bin, print that directory, done
#   3. build `pulumi` and `pulumi-language-nodejs` in a wrapper Go module under
#      .tools/pulumi-cli/ (git-ignored), install them into $PULUMI_CLI_DIR/bin
#      together with pulumi-resource-pulumi-nodejs from node_modules/@pulumi/pulumi
#      and the YAML host built as in step 2.
#   $PULUMI_CLI_DIR/bin/VERSIONS records the module version of each binary built.
set -euo pipefail

PULUMI_VERSION="v3.248.0"

# Commit of the pulumi/pulumi release tag v3.248.0 (as pinned by Homebrew's pulumi
# formula), taken to be the commit of the pkg/v3.248.0 tag, and the commit time the
# module proxy reports for github.com/pulumi/pulumi/pkg/v3@v3.248.0 (.info "Time").
# (sdk/v3@v3.248.0 reports 2026-06-24T12:07:34Z, so the sdk tag sits on an earlier commit.)
PULUMI_COMMIT="a88168d865b7fd428e5a929cc54aeceaf72d203f"
PULUMI_COMMIT_TIME="20260624180030"

PKG_MODULE="github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE="github.com/pulumi/pulumi/sdk/v3"
VERSION_VAR="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

# The Node.js language host lives in its own, never-tagged module, so it can only be
# addressed by a pseudo-version of the release commit.
NODEJS_HOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
NODEJS_HOST_VERSION="${PULUMI_LANGUAGE_NODEJS_VERSION:-v3.0.0-${PULUMI_COMMIT_TIME}-${PULUMI_COMMIT:0:12}}"

# Fallback when the module proxy does not serve that pseudo-version: the last
# release of the sdk/v3 module (that the proxy serves) that still contained the
# Node.js language host as a package, before the host moved to its own module.
# It speaks the same LanguageRuntime gRPC protocol; the engine falls back to the
# older RPCs for methods it does not implement.
LEGACY_NODEJS_HOST_SDK_VERSION="v3.68.0"
LEGACY_NODEJS_HOST_PKG="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"

# The Pulumi YAML language host. Its module has no replace directives, so a plain
# `go install module/cmd@version` builds it. The version is the one its releases
# stamp into pkg/version.Version (reported by the host's GetPluginInfo RPC).
YAML_HOST_MODULE="github.com/pulumi/pulumi-yaml"
YAML_HOST_VERSION="v1.25.0"
YAML_HOST_PKG="$YAML_HOST_MODULE/cmd/pulumi-language-yaml"
YAML_HOST_LINE="pulumi-language-yaml $YAML_HOST_MODULE@$YAML_HOST_VERSION"

# pkg/v3's own go.mod replaces the clipboard module; replace directives of
# dependencies are ignored, so the wrapper module has to repeat it (this is also
# why a plain `go install ...@v3.248.0` is refused).
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

log() { printf '[install-pulumi-cli] %s\n' "$*" >&2; }
die() {
  printf '[install-pulumi-cli] ERROR: %s\n' "$*" >&2
  exit 1
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"

cli_dir="${PULUMI_CLI_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-flex-snapshot/pulumi-${PULUMI_VERSION}}"
mkdir -p "$cli_dir"
cli_dir="$(cd "$cli_dir" && pwd)"
bin_dir="$cli_dir/bin"

# --- 1. a pulumi v3 already on PATH ----------------------------------------------
if [[ "${PULUMI_CLI_FORCE_BUILD:-0}" != "1" ]] && path_pulumi="$(command -v pulumi 2>/dev/null)"; then
  path_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$path_pulumi" version 2>/dev/null | tail -1 || true)"
  path_bin_dir="$(cd "$(dirname "$path_pulumi")" && pwd)"
  # Callers put this one directory first on PATH, so the YAML host must be in it too.
  if [[ "$path_version" == v3.* && -x "$path_bin_dir/pulumi-language-yaml" ]]; then
    log "using pulumi $path_version found on PATH ($path_pulumi); set PULUMI_CLI_FORCE_BUILD=1 to use $PULUMI_VERSION instead"
    printf '%s\n' "$path_bin_dir"
    exit 0
  elif [[ "$path_version" == v3.* ]]; then
    log "ignoring $path_pulumi on PATH: no pulumi-language-yaml beside it (the YAML examples and tests need it)"
  else
    log "ignoring $path_pulumi on PATH (version '${path_version:-unknown}', need v3)"
  fi
fi

# --- 2. already installed ------------------------------------------------------------
installed_ok() {
  [[ -x "$bin_dir/pulumi" && -x "$bin_dir/pulumi-language-nodejs" && -x "$bin_dir/pulumi-resource-pulumi-nodejs" ]] || return 1
  local v
  v="$(PULUMI_SKIP_UPDATE_CHECK=true "$bin_dir/pulumi" version 2>/dev/null | tail -1 || true)"
  [[ "$v" == "$PULUMI_VERSION" ]]
}

# The YAML host is a gRPC server; `-help` (exit 0) shows that the binary runs here,
# VERSIONS that it is the pinned version.
yaml_host_ok() {
  [[ -x "$bin_dir/pulumi-language-yaml" ]] || return 1
  grep -qxF "$YAML_HOST_LINE" "$bin_dir/VERSIONS" 2>/dev/null || return 1
  "$bin_dir/pulumi-language-yaml" -help >/dev/null 2>&1
}

if [[ "${PULUMI_CLI_REBUILD:-0}" != "1" ]] && installed_ok && yaml_host_ok; then
  log "pulumi $PULUMI_VERSION and pulumi-language-yaml $YAML_HOST_VERSION already installed in $bin_dir"
  printf '%s\n' "$bin_dir"
  exit 0
fi

# Serialise concurrent builds into the same directory (e.g. two CI runs).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cli_dir/.lock"
  if ! flock -n 9; then
    log "another install is running; waiting for the lock $cli_dir/.lock"
    flock 9
  fi
  if [[ "${PULUMI_CLI_REBUILD:-0}" != "1" ]] && installed_ok && yaml_host_ok; then
    log "pulumi $PULUMI_VERSION was installed in $bin_dir by another process"
    printf '%s\n' "$bin_dir"
    exit 0
  fi
fi

command -v go >/dev/null 2>&1 ||
  die "'go' was not found on PATH: a Go toolchain (>= 1.25.11) is needed to build the Pulumi CLI $PULUMI_VERSION and the YAML language host $YAML_HOST_VERSION (or put a pulumi v3 CLI with pulumi-language-yaml on PATH)"

jobs="${PULUMI_CLI_BUILD_JOBS:-2}"

build_yaml_host() { # destination-dir
  log "building pulumi-language-yaml ($YAML_HOST_PKG@$YAML_HOST_VERSION; about a minute cold)"
  # `go install pkg@version` ignores any current module: the host's own go.mod and go.sum
  # decide its dependencies (checked against the Go checksum database, like the CLI's).
  (GOBIN="$1" GOFLAGS= go install -p "$jobs" -trimpath \
    -ldflags "-s -w -X $YAML_HOST_MODULE/pkg/version.Version=$YAML_HOST_VERSION" \
    "$YAML_HOST_PKG@$YAML_HOST_VERSION") >&2 ||
    die "building pulumi-language-yaml ($YAML_HOST_PKG@$YAML_HOST_VERSION) failed (see the go output above; is the Go module proxy reachable?)"
  "$1/pulumi-language-yaml" -help >/dev/null 2>&1 ||
    die "the freshly built pulumi-language-yaml does not run"
}

# --- 2b. the CLI is valid: add or replace only the YAML host ---------------------------
if [[ "${PULUMI_CLI_REBUILD:-0}" != "1" ]] && installed_ok; then
  yaml_stage="$(mktemp -d "$cli_dir/yaml.new.XXXXXX")"
  trap 'rm -rf "$yaml_stage"' EXIT
  start=$SECONDS
  build_yaml_host "$yaml_stage"
  # Same file system: the rename replaces the binary in one step.
  mv -f "$yaml_stage/pulumi-language-yaml" "$bin_dir/pulumi-language-yaml"
  { grep -v '^pulumi-language-yaml ' "$bin_dir/VERSIONS" 2>/dev/null || true; printf '%s\n' "$YAML_HOST_LINE"; } >"$yaml_stage/VERSIONS"
  mv -f "$yaml_stage/VERSIONS" "$bin_dir/VERSIONS"
  log "installed pulumi-language-yaml $YAML_HOST_VERSION into $bin_dir in $((SECONDS - start))s"
  printf '%s\n' "$bin_dir"
  exit 0
fi

# --- 3. build ----------------------------------------------------------------------------

dyn_provider="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[[ -f "$dyn_provider" ]] ||
  die "$dyn_provider is missing: run 'npm ci' in $repo_root first (it ships the dynamic-provider plugin the CLI needs)"

ldflags="-s -w -X $VERSION_VAR=$PULUMI_VERSION"

# The wrapper modules are generated on every build and live in a git-ignored folder;
# nothing of them is kept in git. Reproducibility does not need a committed go.sum:
# the only direct requirements are exact release versions, minimal version selection
# derives every other module version deterministically from their go.mod files, and
# each downloaded module is verified against the Go checksum database (GOSUMDB).
# `go build -mod=mod` records requirements and go.sum lines as it resolves the
# imports of the one main package it builds. Unlike `go mod tidy` it does not fetch
# the modules needed only by tests of the whole dependency graph, which saves about
# 0.6 GB of module cache and a minute of downloads.
tools_dir="$repo_root/.tools/pulumi-cli"
rm -rf "$tools_dir"
mkdir -p "$tools_dir"

stage="$(mktemp -d "$cli_dir/bin.new.XXXXXX")"
cleanup() { rm -rf "$stage"; }
trap cleanup EXIT

start=$SECONDS

write_module() { # dir module-path go-version require-line... -- import...
  local dir="$1" path="$2" gover="$3"
  shift 3
  local requires=() imports=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do requires+=("$1"); shift; done
  shift
  imports=("$@")
  mkdir -p "$dir"
  {
    printf '// Generated by scripts/install-pulumi-cli.sh; do not edit.\n'
    printf 'module %s\n\ngo %s\n\n' "$path" "$gover"
    printf 'replace %s\n\n' "$CLIPBOARD_REPLACE"
    printf 'require (\n'
    printf '\t%s\n' "${requires[@]}"
    printf ')\n'
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\n'
    printf '// Generated by scripts/install-pulumi-cli.sh; do not edit.\n'
    printf '// Pins the main packages built by the script as dependencies of this module.\n'
    printf 'package tools\n\nimport (\n'
    printf '\t_ "%s"\n' "${imports[@]}"
    printf ')\n'
  } >"$dir/tools.go"
}

go_build_in() { # dir go-build-args...
  local dir="$1"
  shift
  (cd "$dir" && go build -mod=mod -p "$jobs" -trimpath "$@") >&2
}

# Is the Node.js language host module served at the release commit?
nodejs_host_mode=module
log "checking $NODEJS_HOST_MODULE@$NODEJS_HOST_VERSION"
if ! (cd "$tools_dir" && go mod download -json "$NODEJS_HOST_MODULE@$NODEJS_HOST_VERSION") >"$tools_dir/nodejs-host-download.json" 2>&1; then
  nodejs_host_mode=legacy
  log "WARNING: the Go module proxy does not serve $NODEJS_HOST_MODULE@$NODEJS_HOST_VERSION:"
  sed 's/^/[install-pulumi-cli]   /' "$tools_dir/nodejs-host-download.json" >&2 || true
  log "WARNING: falling back to the Node.js language host of $SDK_MODULE@$LEGACY_NODEJS_HOST_SDK_VERSION"
fi

log "building pulumi $PULUMI_VERSION in $tools_dir (go build -p $jobs; a cold build takes several minutes)"
if [[ "$nodejs_host_mode" == module ]]; then
  write_module "$tools_dir" "pulumi-atlas-flex-snapshot/tools/pulumi-cli" 1.25.11 \
    "$PKG_MODULE $PULUMI_VERSION" "$SDK_MODULE $PULUMI_VERSION" "$NODEJS_HOST_MODULE $NODEJS_HOST_VERSION" -- \
    "$PKG_MODULE/cmd/pulumi" "$NODEJS_HOST_MODULE"
else
  write_module "$tools_dir" "pulumi-atlas-flex-snapshot/tools/pulumi-cli" 1.25.11 \
    "$PKG_MODULE $PULUMI_VERSION" "$SDK_MODULE $PULUMI_VERSION" -- \
    "$PKG_MODULE/cmd/pulumi"
fi
go_build_in "$tools_dir" -ldflags "$ldflags" -o "$stage/pulumi" "$PKG_MODULE/cmd/pulumi" ||
  die "building pulumi $PULUMI_VERSION failed (see the go output above; is the Go module proxy reachable?)"

if [[ "$nodejs_host_mode" == module ]]; then
  # The host reports version.Version from its GetPluginInfo RPC; set it like the CLI's.
  go_build_in "$tools_dir" -ldflags "$ldflags" -o "$stage/pulumi-language-nodejs" "$NODEJS_HOST_MODULE" ||
    die "building pulumi-language-nodejs ($NODEJS_HOST_MODULE@$NODEJS_HOST_VERSION) failed (see the go output above)"
else
  legacy_dir="$tools_dir/nodejs-host-legacy"
  write_module "$legacy_dir" "pulumi-atlas-flex-snapshot/tools/pulumi-cli/nodejs-host-legacy" 1.18 \
    "$SDK_MODULE $LEGACY_NODEJS_HOST_SDK_VERSION" -- "$LEGACY_NODEJS_HOST_PKG"
  # Report the host's real version, not the CLI's.
  go_build_in "$legacy_dir" -ldflags "-s -w -X $VERSION_VAR=$LEGACY_NODEJS_HOST_SDK_VERSION" \
    -o "$stage/pulumi-language-nodejs" "$LEGACY_NODEJS_HOST_PKG" ||
    die "building the fallback pulumi-language-nodejs ($SDK_MODULE@$LEGACY_NODEJS_HOST_SDK_VERSION) failed (see the go output above)"
fi

build_yaml_host "$stage"

chmod 0755 "$stage"
cp "$dyn_provider" "$stage/pulumi-resource-pulumi-nodejs"
chmod 0755 "$stage/pulumi-resource-pulumi-nodejs"
printf 'pulumi %s\npulumi-language-nodejs %s\n' "$PULUMI_VERSION" \
  "$([[ $nodejs_host_mode == module ]] && echo "$NODEJS_HOST_MODULE@$NODEJS_HOST_VERSION" || echo "$SDK_MODULE@$LEGACY_NODEJS_HOST_SDK_VERSION (fallback)")" \
  >"$stage/VERSIONS"
printf '%s\n' "$YAML_HOST_LINE" >>"$stage/VERSIONS"

built_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$stage/pulumi" version 2>/dev/null | tail -1 || true)"
[[ "$built_version" == "$PULUMI_VERSION" ]] ||
  die "the freshly built pulumi reports version '${built_version}', expected $PULUMI_VERSION"

rm -rf "$bin_dir"
mv "$stage" "$bin_dir"
trap - EXIT
log "installed pulumi $PULUMI_VERSION into $bin_dir in $((SECONDS - start))s"
printf '%s\n' "$bin_dir"
