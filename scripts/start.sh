#!/usr/bin/env bash
# Set up .venv, build the index from corpus/ if missing (with progress), start the chat on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Opens the default index, building it from corpus/ when missing (progress on stderr); rebuilds it if inconsistent.
.venv/bin/python -m index check || .venv/bin/python -m index build
exec .venv/bin/streamlit run app.py --server.address localhost --server.port 8501 --server.headless true --browser.gatherUsageStats false
