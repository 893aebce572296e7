#!/usr/bin/env bash
# Builds the real VS Code hosts the e2e tests run on (see hosts.mjs) into the git-ignored
# .vscode-host/, each once: VS Code 1.100.3, the floor engines.vscode declares (setup-floor.sh,
# about a minute), and VS Code 1.139.1, the current release (setup-current.sh, about 4-5 minutes
# on 2 cores, Node 24 included). A second run reuses both in well under a second.
# Usage: scripts/vscode-host/setup.sh [--force] [1.100.3] [1.139.1]   (no version: both)
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
force=()
versions=()
for arg in "$@"; do
  case "$arg" in
    --force) force=(--force) ;;
    *) versions+=("$arg") ;;
  esac
done
((${#versions[@]})) || versions=(1.100.3 1.139.1)
for version in "${versions[@]}"; do
  case "$version" in
    1.100.3) bash "$script_dir/setup-floor.sh" "${force[@]}" ;;
    1.139.1) bash "$script_dir/setup-current.sh" "${force[@]}" ;;
    *) echo "[vscode-host] unknown VS Code host $version (1.100.3 or 1.139.1)" >&2; exit 1 ;;
  esac
done
