#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, then runs pytest.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# A real browser for the web tests: Debian's Chromium (Playwright cannot download its own here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing Debian's chromium for the browser tests..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
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
