#!/usr/bin/env bash
# Browser tests of the offline search: installs what is missing (Debian's chromium, the npm
# packages from the lock file), builds the jieshui binary and runs `node --test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (apt)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cd "$here"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ -z "${JIESHUI_BIN:-}" ]; then
  echo "== cargo build"
  (cd "$repo" && cargo build --quiet)
  export JIESHUI_BIN="${CARGO_TARGET_DIR:-$repo/target}/debug/jieshui"
fi

echo "== node --test (tests/browser)"
node --test
