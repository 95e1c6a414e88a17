#!/usr/bin/env bash
# The bundled site's browser suite: installs Chromium and the npm packages when missing, builds
# jieshui, runs node's test runner. Screenshots land in target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
# Chromium, and a Chinese font so screenshots show text rather than empty boxes.
if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --silent
(cd ../.. && cargo build --quiet)
JIESHUI_BIN="$(cd ../.. && pwd)/target/debug/jieshui" node --test a11y.test.mjs
