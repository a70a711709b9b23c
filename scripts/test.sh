#!/usr/bin/env bash
# Set up .venv (and Debian chromium for the browser test), lint with ruff, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
