#!/usr/bin/env bash
# Set up .venv (and Debian chromium for the browser test), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
exec .venv/bin/python -m pytest "$@"
