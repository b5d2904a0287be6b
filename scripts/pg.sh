#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's postgresql, a new cluster in a temporary
# folder, listening on 127.0.0.1 on a free port, stopped and deleted when the calling shell exits.
#
# Usage (from bash, sourced so that the variable and the exit trap reach the caller):
#   . scripts/pg.sh          # sets STRIDEGUARD_TEST_PG_URL, or explains on stderr why it could not
#   STRIDEGUARD_TEST_PG=require . scripts/pg.sh   # CI: no PostgreSQL is a failure, not a skip
#
# The URL names the server's "postgres" database and a role that may create databases: the tests
# create one database per test (copies of a migrated template) and drop them again.
# As root (CI, this machine) the server runs as Debian's "postgres" user: PostgreSQL refuses root.

sg_pg_fail() {
  echo "PostgreSQL tests: $1" >&2
  if [ "${STRIDEGUARD_TEST_PG:-}" = "require" ]; then
    echo "STRIDEGUARD_TEST_PG=require: stopping here" >&2
    return 1
  fi
  echo "the store, API and server tests run on SQLite only this time" >&2
  return 0
}

sg_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

sg_pg_start() {
  local bindir as_user=() base port password
  bindir=$(sg_pg_bindir)
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
      echo "installing Debian's postgresql for the PostgreSQL tests..." >&2
      if ! $sudo apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null; then
        sg_pg_fail "apt-get install postgresql failed"
        return
      fi
      bindir=$(sg_pg_bindir)
    fi
    if [ -z "$bindir" ]; then
      sg_pg_fail "Debian's postgresql is not installed (apt-get install postgresql)"
      return
    fi
  fi
  base=$(mktemp -d "${TMPDIR:-/tmp}/strideguard-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      rm -rf "$base"
      sg_pg_fail "running as root and there is no 'postgres' user to run the server as"
      return
    fi
    chown postgres: "$base"
    as_user=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$password" >"$base/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$base/pwfile"
  if ! "${as_user[@]}" "$bindir/initdb" -D "$base/data" -U strideguard --pwfile="$base/pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 --no-sync >"$base/initdb.log" 2>&1; then
    cat "$base/initdb.log" >&2
    rm -rf "$base"
    sg_pg_fail "initdb failed"
    return
  fi
  rm -f "$base/pwfile"
  # Durability off: a test server is thrown away, and fsync on every commit would only cost time.
  if ! "${as_user[@]}" "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    cat "$base/server.log" >&2
    rm -rf "$base"
    sg_pg_fail "the server did not start"
    return
  fi
  SG_PG_BASE=$base
  SG_PG_CTL=("${as_user[@]}" "$bindir/pg_ctl")
  trap 'sg_pg_stop' EXIT
  export STRIDEGUARD_TEST_PG_URL="postgresql+psycopg://strideguard:$password@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

sg_pg_stop() {
  if [ -n "${SG_PG_BASE:-}" ]; then
    "${SG_PG_CTL[@]}" -D "$SG_PG_BASE/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$SG_PG_BASE"
    SG_PG_BASE=""
  fi
}

if [ -n "${STRIDEGUARD_TEST_PG_URL:-}" ]; then
  echo "PostgreSQL tests: using STRIDEGUARD_TEST_PG_URL as given" >&2
else
  sg_pg_start
fi
