#!/usr/bin/env bash
# Install everything into .venv, create/upgrade the database, load the demo workspace when the
# database is empty, and start the app.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python -m dashboard db upgrade
.venv/bin/python -m dashboard demo --if-empty
exec .venv/bin/python -m streamlit run streamlit_app.py "$@"
