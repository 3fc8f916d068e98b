#!/usr/bin/env bash
# Make sure the browser and the Java runtime that the test suite needs are here.
#   Chromium: the e2e tests drive it (Debian's /usr/bin/chromium when present).
#   Java: the Nu Html Checker (vnu.jar) that validates the pages runs on it.
# As root, missing pieces come from Debian's packages; otherwise Playwright
# fetches its own Chromium, and a missing Java is reported.
set -euo pipefail

PYTHON="${1:-.venv/bin/python}"

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)

if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${packages[*]} from Debian's packages …"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq "${packages[@]}" </dev/null >/dev/null
    exit 0
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "No /usr/bin/chromium and not root: using Playwright's own Chromium."
    "$PYTHON" -m playwright install chromium
fi
if ! command -v java >/dev/null 2>&1; then
    echo "Java is missing and this user cannot install it: install a JRE" \
        "(e.g. 'apt-get install default-jre-headless'); the HTML validity tests need it." >&2
    exit 1
fi
