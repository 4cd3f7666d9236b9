#!/usr/bin/env bash
# Install the app on a fresh Debian machine with Python 3.11 and start it at http://localhost:8501.
# Chromium (for the PDF packs) is installed if missing; if that fails the app still runs and the pack
# buttons say how to install it.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
source scripts/chromium.sh
install_chromium || echo "Could not install chromium: everything but the PDF packs works."
exec .venv/bin/streamlit run app.py "$@"
