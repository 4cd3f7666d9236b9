# Start a throwaway PostgreSQL cluster for the store tests and export CSC_TEST_DATABASE_URL.
#
# Sourced by scripts/test.sh (which runs under `set -euo pipefail`); not meant to be run on its own.
# Installs Debian's postgresql when it is missing, creates a cluster named csc_test_<pid> on a free
# port with its data, socket and log in a fresh temporary directory, and registers an EXIT trap that
# stops and drops the cluster again. The trap keeps the script's exit status, so a failing pytest
# still fails the run. When CSC_TEST_DATABASE_URL is already set it is used as is and nothing starts.
#
# The login role may CREATE DATABASE: the fixtures in tests/store/conftest.py make one per test. It may
# CREATE ROLE too: tests/store/test_row_level_security.py proves row-level security for a login that does
# not own the tables, which it creates (and drops) for the purpose.

if [ -n "${CSC_TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL for the store tests: using CSC_TEST_DATABASE_URL as given."
else
  _csc_pg_sudo=""
  [ "$(id -u)" -ne 0 ] && _csc_pg_sudo="sudo"

  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_createcluster >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the store tests..."
    $_csc_pg_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $_csc_pg_sudo apt-get install -y -qq postgresql >/dev/null
  fi

  # Highest installed major version.
  _csc_pg_version="$(basename "$(dirname "$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)")")")"
  _csc_pg_bin="/usr/lib/postgresql/$_csc_pg_version/bin"
  _csc_pg_cluster="csc_test_$$"
  _csc_pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  _csc_pg_dir="$(mktemp -d)"

  _csc_pg_as_postgres() {
    $_csc_pg_sudo runuser -u postgres -- "$@"
  }

  # Run a noisy command with its output kept in the temp dir; show the output only if it fails.
  _csc_pg_quiet() {
    local status=0
    "$@" >"$_csc_pg_dir/step.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
      echo "Failed ($status): $*" >&2
      cat "$_csc_pg_dir/step.log" >&2
      [ -f "$_csc_pg_dir/postgresql.log" ] && tail -n 20 "$_csc_pg_dir/postgresql.log" >&2
    fi
    return "$status"
  }

  _csc_pg_cleanup() {
    local status=$?
    set +e
    if pg_lsclusters -h "$_csc_pg_version" "$_csc_pg_cluster" >/dev/null 2>&1; then
      $_csc_pg_sudo pg_dropcluster --stop "$_csc_pg_version" "$_csc_pg_cluster" >/dev/null 2>&1 \
        || echo "Could not drop PostgreSQL cluster $_csc_pg_version/$_csc_pg_cluster" >&2
    fi
    $_csc_pg_sudo rm -rf "$_csc_pg_dir"
    exit "$status"
  }
  trap _csc_pg_cleanup EXIT  # bash also runs it when killed by SIGTERM/SIGHUP/SIGINT

  $_csc_pg_sudo chown postgres:postgres "$_csc_pg_dir"
  # A leftover from an earlier run that was killed and happened to have our pid.
  if pg_lsclusters -h "$_csc_pg_version" "$_csc_pg_cluster" >/dev/null 2>&1; then
    _csc_pg_quiet $_csc_pg_sudo pg_dropcluster --stop "$_csc_pg_version" "$_csc_pg_cluster"
  fi

  _csc_pg_quiet $_csc_pg_sudo pg_createcluster \
    -d "$_csc_pg_dir/data" -s "$_csc_pg_dir" -l "$_csc_pg_dir/postgresql.log" -p "$_csc_pg_port" \
    --locale C.UTF-8 --start-conf manual \
    -o ssl=off -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
    "$_csc_pg_version" "$_csc_pg_cluster" -- --auth-local=trust --auth-host=scram-sha-256
  _csc_pg_quiet $_csc_pg_sudo pg_ctlcluster "$_csc_pg_version" "$_csc_pg_cluster" start \
    -o "-c listen_addresses=127.0.0.1"  # via -o: pg_createcluster would write 127.0.0.1 unquoted

  _csc_pg_password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  _csc_pg_quiet _csc_pg_as_postgres "$_csc_pg_bin/psql" -h "$_csc_pg_dir" -p "$_csc_pg_port" -d postgres \
    -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE csc_test LOGIN CREATEDB CREATEROLE PASSWORD '$_csc_pg_password'" \
    -c "CREATE DATABASE csc_test OWNER csc_test"

  export CSC_TEST_DATABASE_URL="postgresql+psycopg://csc_test:$_csc_pg_password@127.0.0.1:$_csc_pg_port/csc_test"
  echo "PostgreSQL $_csc_pg_version for the store tests: cluster $_csc_pg_cluster on 127.0.0.1:$_csc_pg_port"
fi
