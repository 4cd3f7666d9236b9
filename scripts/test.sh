#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine with Python 3.11, then run them all:
# lint, unit and property tests, AppTest page tests, browser tests in Debian's Chromium, and the store
# tests on both SQLite and a throwaway PostgreSQL cluster (see scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The PDF exports also need the fonts their stylesheet names (chromium only recommends fonts-liberation).
fonts="$(fc-list 2>/dev/null || true)"
if ! command -v chromium >/dev/null 2>&1 || [[ "$fonts" != *"Liberation Sans"* ]]; then
  echo "Installing Debian's chromium for the browser tests and PDF exports, and their fonts..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core fontconfig >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Starts PostgreSQL (installing it if missing), exports CSC_TEST_DATABASE_URL and drops the cluster on exit.
source scripts/postgres.sh
.venv/bin/python -m pytest "$@"
