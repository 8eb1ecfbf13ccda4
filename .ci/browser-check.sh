#!/usr/bin/env bash
# Browser check of the HTML access report (docs/transparency.md): installs
# Chromium from the Debian packages when it is missing, then runs
# test/reports/browser.test.ts with REQUIRE_CHROMIUM=1, so that a missing
# browser fails instead of skipping. The test takes screenshots of the report
# and dumps the DOM of a report full of hostile values. Runs as root on a
# clean clone (network: the npm registry and the Debian mirrors).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "== installing chromium"
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing and this script is not root: install the Debian package chromium first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-liberation >/dev/null
fi
export CHROMIUM

[ -d node_modules ] || npm ci

export LAWFUL_CRM_SCREENSHOT_DIR="${LAWFUL_CRM_SCREENSHOT_DIR:-${TMPDIR:-/tmp}/lawful-crm-screenshots}"
echo "== browser check ($("$CHROMIUM" --version 2>/dev/null || echo chromium))"
REQUIRE_CHROMIUM=1 npx --no-install vitest run test/reports/browser.test.ts
echo "screenshots in $LAWFUL_CRM_SCREENSHOT_DIR"
