#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, then runs pytest.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: a real browser for the web tests (Playwright cannot download its own
# here); Pango and fonts for the PDF report (WeasyPrint; Noto CJK so that Korean renders) and
# poppler-utils to read the PDFs back.
WANTED="chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu fonts-noto-cjk poppler-utils"
MISSING=""
if command -v dpkg-query >/dev/null 2>&1; then
  for package in $WANTED; do
    if [ "$package" = chromium ] && command -v chromium >/dev/null 2>&1; then continue; fi
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || MISSING="$MISSING $package"
  done
else
  echo "not a Debian system: install Chromium, Pango, DejaVu and Noto CJK fonts and poppler-utils yourself" >&2
fi
if [ -n "$MISSING" ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing Debian's$MISSING for the tests..." >&2
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
fi

python -m pip install -q -e ".[test]"

# PostgreSQL: the store, API and server tests run on SQLite and, with a server, on PostgreSQL too.
# A throwaway server (Debian's postgresql, installed when missing and we may) starts here and stops
# when this script exits; without one they run on SQLite only, unless STRIDEGUARD_TEST_PG=require
# (CI). A server of your own: set STRIDEGUARD_TEST_PG_URL (see tests/databases.py).
# shellcheck source=scripts/pg.sh
. scripts/pg.sh

set +e
python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass" >&2
  exit 1
fi
exit "$rc"
