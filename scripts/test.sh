#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine with Python 3.11, then run them all:
# lint, unit and property tests, AppTest page tests, browser tests in Debian's Chromium, and the store
# tests on both SQLite and a throwaway PostgreSQL cluster (see scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Chromium for the browser tests, the chart images and the PDF packs, with the fonts the packs name.
source scripts/chromium.sh
install_chromium

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Starts PostgreSQL (installing it if missing), exports CSC_TEST_DATABASE_URL and drops the cluster on exit.
source scripts/postgres.sh
# On every core (pytest-xdist), a test file per worker at a time so its module fixtures are built once;
# the sample store is built once for all workers (tests/conftest.py).
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
